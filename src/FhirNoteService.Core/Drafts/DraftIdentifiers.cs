using System.Security.Cryptography;
using System.Text;
using FhirNoteService.Core.Events;
using FhirNoteService.Core.Notes;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Options;

namespace FhirNoteService.Core.Drafts;

/// <summary>
/// The identifiers of the service's drafts. A <em>series</em> is one (encounter, note type), or the addenda to its
/// clinician's note: its identifier (<c>DocumentReference.identifier</c>) is the same on every draft of the series.
/// A <em>version</em> (<c>masterIdentifier</c>) adds the fingerprint of the facts a draft was made from, so that the
/// same context always names the same draft.
/// </summary>
public sealed class DraftIdentifiers(IOptions<DraftOptions> options)
{
    private readonly DraftOptions _options = options.Value;

    public Identifier Series(EncounterId encounter, ClinicalNoteType noteType, bool addendum = false)
    {
        ArgumentNullException.ThrowIfNull(encounter);
        ArgumentNullException.ThrowIfNull(noteType);
        var seed = addendum ? $"{encounter.Reference}|{noteType.LoincCode}|addendum" : $"{encounter.Reference}|{noteType.LoincCode}";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(seed));
        var prefix = addendum ? $"{noteType.Key}-addendum" : noteType.Key;
        return new Identifier(_options.IdentifierSystem, $"{prefix}-{Convert.ToHexStringLower(hash.AsSpan(0, 16))}");
    }

    public Identifier Version(Identifier series, string fingerprint)
    {
        ArgumentNullException.ThrowIfNull(series);
        return new Identifier(_options.VersionIdentifierSystem, $"{series.Value}.{fingerprint}");
    }

    /// <summary>Every series an encounter can have of these note types: one per note type, and one for the addenda of each.</summary>
    public IReadOnlyList<Identifier> AllSeries(EncounterId encounter, IEnumerable<ClinicalNoteType> noteTypes) =>
        noteTypes.SelectMany(type => new[] { Series(encounter, type), Series(encounter, type, addendum: true) }).ToList();

    public static bool IsSeries(DocumentReference document, Identifier series) =>
        document?.Identifier.Any(i => i.System == series.System && i.Value == series.Value) == true;

    public static bool IsVersion(DocumentReference document, Identifier version) =>
        document?.MasterIdentifier is { } master && master.System == version.System && master.Value == version.Value;
}
