using System.Globalization;
using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;

namespace FhirNoteService.Core.Facts;

/// <summary>Renders coded FHIR values as short, PHI-free text for facts.</summary>
public static class FhirText
{
    public static string? Display(CodeableConcept? concept) =>
        concept is null
            ? null
            : NonEmpty(concept.Coding.Select(c => c.Display).FirstOrDefault(d => !string.IsNullOrWhiteSpace(d)))
              ?? NonEmpty(concept.Text)
              ?? NonEmpty(concept.Coding.Select(c => c.Code).FirstOrDefault(c => !string.IsNullOrWhiteSpace(c)));

    public static string? Quantity(Quantity? quantity)
    {
        if (quantity?.Value is not { } value)
        {
            return null;
        }
        var number = value.ToString("0.##", CultureInfo.InvariantCulture);
        var unit = NonEmpty(quantity.Unit) ?? NonEmpty(quantity.Code);
        return unit is null ? number : $"{number} {unit}";
    }

    public static string? Value(DataType? value) => value switch
    {
        Quantity q => Quantity(q),
        CodeableConcept c => Display(c),
        FhirBoolean b => b.Value is { } flag ? (flag ? "yes" : "no") : null,
        Integer i => i.Value?.ToString(CultureInfo.InvariantCulture),
        _ => null,
    };

    /// <summary>The moment a date or date-time names; one without a time zone (a plain date, as EMRs often record onsets) is read as UTC.</summary>
    public static DateTimeOffset? When(DataType? effective) => effective switch
    {
        FhirDateTime dt => dt.TryToDateTimeOffset(TimeSpan.Zero, out var when) ? when : null,
        Period p => When(p.StartElement) ?? When(p.EndElement),
        Instant i => i.Value,
        _ => null,
    };

    /// <summary>The FHIR code of an enum value, e.g. <c>in-progress</c>.</summary>
    public static string? Code<T>(T? value)
        where T : struct, Enum =>
        value is { } v ? v.GetLiteral() : null;

    public static string Date(DateTimeOffset when) => when.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string? NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
