using System.Globalization;
using Hl7.Fhir.Model;

namespace FhirNoteService.Core.Facts;

/// <summary>How a medication is taken, as a short coded phrase: dose, frequency, route and as-needed (never the free-text instructions).</summary>
public static class MedicationText
{
    public static string? Dosage(MedicationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var dosage = request.DosageInstruction.FirstOrDefault();
        if (dosage is null)
        {
            return null;
        }
        var parts = new List<string>(4);
        if (dosage.DoseAndRate.Select(r => r.Dose).OfType<Quantity>().FirstOrDefault() is { Value: not null } dose)
        {
            var text = FhirText.Quantity(dose)!;
            parts.Add(dose.Unit is null && dose.Code is null ? $"dose {text}" : text);
        }
        if (Frequency(dosage.Timing) is { } frequency)
        {
            parts.Add(frequency);
        }
        if (FhirText.Display(dosage.Route) is { } route)
        {
            parts.Add(route.ToLowerInvariant());
        }
        switch (dosage.AsNeeded)
        {
            case FhirBoolean { Value: true }:
                parts.Add("as needed");
                break;
            case CodeableConcept reason when FhirText.Display(reason) is { } why:
                parts.Add($"as needed for {why}");
                break;
        }
        return parts.Count == 0 ? null : string.Join(", ", parts);
    }

    private static string? Frequency(Timing? timing)
    {
        if (timing?.Repeat is not { } repeat)
        {
            return FhirText.Display(timing?.Code);
        }
        var times = repeat.Frequency ?? 1;
        if (repeat.Period is not { } period || repeat.PeriodUnit is not { } unit)
        {
            return repeat.Frequency is null ? null : string.Create(CultureInfo.InvariantCulture, $"{times} times");
        }
        var unitName = unit switch
        {
            Timing.UnitsOfTime.S => "second",
            Timing.UnitsOfTime.Min => "minute",
            Timing.UnitsOfTime.H => "hour",
            Timing.UnitsOfTime.D => "day",
            Timing.UnitsOfTime.Wk => "week",
            Timing.UnitsOfTime.Mo => "month",
            _ => "year",
        };
        var every = period == 1 ? unitName : string.Create(CultureInfo.InvariantCulture, $"{period:0.##} {unitName}s");
        var howOften = times switch
        {
            1 => "once",
            2 => "twice",
            _ => string.Create(CultureInfo.InvariantCulture, $"{times} times"),
        };
        return period == 1 && unit == Timing.UnitsOfTime.D ? $"{howOften} daily" : times == 1 ? $"every {every}" : $"{howOften} every {every}";
    }
}
