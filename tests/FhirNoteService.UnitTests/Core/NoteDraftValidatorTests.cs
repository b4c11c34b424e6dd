using FhirNoteService.Core.Drafts;
using FhirNoteService.TestSupport;
using Hl7.Fhir.Model;

namespace FhirNoteService.UnitTests.Core;

public class NoteDraftValidatorTests
{
    [Fact]
    public async Task Validate_SupersedingASignedNote_IsRefused()
    {
        var draft = await DraftFixtures.DraftAsync();
        var signed = (DocumentReference)draft.Document.Resource.DeepCopy();
        signed.Id = "doc-1";
        signed.Meta.VersionId = "1";
        signed.DocStatus = CompositionStatus.Final;
        var forged = draft with
        {
            Decision = draft.Decision with { Action = DraftAction.Supersede, Current = signed },
            Superseded = [signed],
        };

        var result = new NoteDraftValidator().Validate(forged);

        Assert.Contains(result.Errors, e => e.ErrorMessage.Contains("nobody has signed or edited", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Validate_DraftThatIsFinal_IsRefused()
    {
        var draft = await DraftFixtures.DraftAsync();
        draft.Document.Resource.DocStatus = CompositionStatus.Final;

        var result = new NoteDraftValidator().Validate(draft);

        Assert.Contains(result.Errors, e => e.ErrorMessage == "a draft must have docStatus 'preliminary'");
    }
}
