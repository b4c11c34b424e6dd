using System.Security.Cryptography;
using System.Text;
using FhirNoteService.Core.Events;
using FhirNoteService.Core.Notes;

namespace FhirNoteService.Core.Drafts;

/// <summary>The stable identifier value of the draft for one (encounter, note type): the same on every redelivery.</summary>
public static class DraftKey
{
    public static string For(EncounterId encounter, ClinicalNoteType noteType)
    {
        ArgumentNullException.ThrowIfNull(encounter);
        ArgumentNullException.ThrowIfNull(noteType);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{encounter.Reference}|{noteType.LoincCode}"));
        return $"{noteType.Key}-{Convert.ToHexStringLower(hash.AsSpan(0, 16))}";
    }
}
