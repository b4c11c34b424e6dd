using System.Globalization;
using Hl7.Fhir.Model;

namespace FhirNoteService.Core.Generation;

/// <summary>
/// The terms that identify a patient (names, identifiers, address parts, telecom, birth date in common formats).
/// A model request containing any of them is refused.
/// </summary>
public sealed class PatientIdentity
{
    // Shorter terms (initials, two-letter names) would match ordinary words.
    private const int MinimumLength = 3;

    private static readonly string[] BirthDateFormats = ["yyyy-MM-dd", "yyyy/MM/dd", "dd/MM/yyyy", "MM/dd/yyyy", "yyyyMMdd", "yyyy年M月d日"];

    private PatientIdentity(IReadOnlyList<string> terms) => Terms = terms;

    public static PatientIdentity None { get; } = new([]);

    public IReadOnlyList<string> Terms { get; }

    public static PatientIdentity From(Patient patient)
    {
        ArgumentNullException.ThrowIfNull(patient);
        var terms = new List<string?>();
        foreach (var name in patient.Name)
        {
            terms.Add(name.Family);
            terms.AddRange(name.Given);
            terms.Add(name.Text);
        }
        terms.AddRange(patient.Identifier.Select(i => i.Value));
        foreach (var address in patient.Address)
        {
            terms.AddRange(address.Line);
            terms.Add(address.City);
            terms.Add(address.PostalCode);
            terms.Add(address.Text);
        }
        terms.AddRange(patient.Telecom.Select(t => t.Value));
        if (DateTime.TryParseExact(patient.BirthDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var born))
        {
            terms.AddRange(BirthDateFormats.Select(f => born.ToString(f, CultureInfo.InvariantCulture)));
        }
        return new PatientIdentity(terms
            .Where(t => !string.IsNullOrWhiteSpace(t) && t.Trim().Length >= MinimumLength)
            .Select(t => t!.Trim())
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList());
    }

    /// <summary>
    /// The identifying terms found in <paramref name="text"/> as whole words (a name such as "Ima" must not match
    /// "Estimated"), ignoring case.
    /// </summary>
    public IEnumerable<string> FoundIn(string text) => Terms.Where(term => WholeWords.Contain(text, term));
}
