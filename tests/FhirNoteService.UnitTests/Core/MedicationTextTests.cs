using FhirNoteService.Core.Facts;
using Hl7.Fhir.Model;

namespace FhirNoteService.UnitTests.Core;

public class MedicationTextTests
{
    private static MedicationRequest Request(Dosage dosage) => new() { DosageInstruction = [dosage] };

    private static Timing Every(int frequency, decimal period, Timing.UnitsOfTime unit) =>
        new() { Repeat = new Timing.RepeatComponent { Frequency = frequency, Period = period, PeriodUnit = unit } };

    [Fact]
    public void Dosage_DoseFrequencyRouteAndAsNeeded_AreAllSaid()
    {
        var dosage = new Dosage
        {
            DoseAndRate = [new Dosage.DoseAndRateComponent { Dose = new Quantity(40, "mg") }],
            Timing = Every(1, 1, Timing.UnitsOfTime.D),
            Route = new CodeableConcept("http://snomed.info/sct", "26643006", "Oral route"),
            AsNeeded = new FhirBoolean(true),
        };

        Assert.Equal("40 mg, once daily, oral route, as needed", MedicationText.Dosage(Request(dosage)));
    }

    [Theory]
    [InlineData(2, 1, "twice daily")]
    [InlineData(3, 1, "3 times daily")]
    public void Dosage_TimesADay_ReadsAsAClinicianWritesIt(int frequency, int period, string expected)
    {
        Assert.Equal(expected, MedicationText.Dosage(Request(new Dosage { Timing = Every(frequency, period, Timing.UnitsOfTime.D) })));
    }

    [Fact]
    public void Dosage_AUnitlessDoseEveryFewHours_NamesTheDoseAndTheInterval()
    {
        var dosage = new Dosage { DoseAndRate = [new Dosage.DoseAndRateComponent { Dose = new Quantity { Value = 1 } }], Timing = Every(1, 4, Timing.UnitsOfTime.H) };

        Assert.Equal("dose 1, every 4 hours", MedicationText.Dosage(Request(dosage)));
    }

    [Fact]
    public void Dosage_FreeTextInstructionsOnly_SaysNothingRatherThanQuoteThem()
    {
        Assert.Null(MedicationText.Dosage(Request(new Dosage { Text = "Take with Zebedee's breakfast" })));
    }
}
