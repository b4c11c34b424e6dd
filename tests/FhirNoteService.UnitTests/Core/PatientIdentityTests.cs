using FhirNoteService.Core.Generation;
using FhirNoteService.TestSupport;
using Hl7.Fhir.Model;

namespace FhirNoteService.UnitTests.Core;

public class PatientIdentityTests
{
    private readonly PatientIdentity _identity = PatientIdentity.From(ContextFixtures.Patient());

    [Theory]
    [InlineData("Seen with Zebedee today")]
    [InlineData("QUXWORTH, Z.")]
    [InlineData("MRN-99887766 on file")]
    [InlineData("Lives at 17 Lilac Crescent")]
    [InlineData("Born 1961-04-23")]
    [InlineData("born 23/04/1961")]
    [InlineData("call 555-0199-321")]
    public void FoundIn_IdentifyingTerm_IsFound(string text) => Assert.NotEmpty(_identity.FoundIn(text));

    [Fact]
    public void FoundIn_ShortNameInsideAnotherWord_IsNotFound()
    {
        var identity = PatientIdentity.From(new Patient { Name = [new HumanName { Given = ["Ima"], Family = "Rein" }] });

        Assert.Empty(identity.FoundIn("Estimated glomerular filtration rate; Reinfection ruled out"));
        Assert.NotEmpty(identity.FoundIn("Ima reports no pain"));
    }

    [Fact]
    public void From_TermsShorterThanThreeCharacters_AreLeftOut()
    {
        var identity = PatientIdentity.From(new Patient { Name = [new HumanName { Given = ["Al"], Family = "Li" }] });

        Assert.Empty(identity.Terms);
    }
}
