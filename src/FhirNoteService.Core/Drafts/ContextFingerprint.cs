using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using FhirNoteService.Core.Facts;
using FhirNoteService.Core.Notes;

namespace FhirNoteService.Core.Drafts;

/// <summary>
/// A short hash of everything a note is drafted from: its type, its language and every fact with its source.
/// Redeliveries of an event over an unchanged record give the same fingerprint; any changed fact gives another.
/// </summary>
public static class ContextFingerprint
{
    public static string Of(FactSheet facts, ClinicalNoteType noteType, string language)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(noteType);
        var text = new StringBuilder(4096);
        text.Append(noteType.Key).Append('\n').Append(language).Append('\n');
        foreach (var part in facts.Unread)
        {
            text.Append(CultureInfo.InvariantCulture, $"unread\u001f{part}\n");
        }
        foreach (var fact in facts.Facts)
        {
            text.Append(CultureInfo.InvariantCulture, $"{fact.Kind}\u001f{fact.Statement}\u001f{fact.Source}\u001f{fact.Value}\u001f{fact.When:O}\n");
        }
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
        return Convert.ToHexStringLower(hash.AsSpan(0, 12));
    }
}
