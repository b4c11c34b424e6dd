using System.Text.Json;
using FhirNoteService.Ai.Languages;
using FhirNoteService.Core.Generation;
using Microsoft.Extensions.AI;

namespace FhirNoteService.Ai.Models;

/// <summary>
/// Builds the model request: instructions and section headings in the note's language as the system message, and
/// the numbered facts as JSON data in the user message. Only facts are sent: never raw FHIR, never identity.
/// </summary>
internal static class PromptBuilder
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// The request; with <paramref name="unverified"/> (a previous draft's statements the service could not verify,
    /// each with why), a last message asks for the note again and says what was wrong.
    /// </summary>
    public static List<ChatMessage> Build(NoteRequest request, LanguagePack pack, IReadOnlyList<NoteStatement>? unverified = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(pack);
        var template = pack.For(request);
        var headings = new[] { pack.SummaryHeading }.Concat(template.Sections.Select(s => s.Heading));
        var system = string.Join('\n', pack.Instructions)
            + $"\nNote: {template.Title}\nHeadings, in this order: {string.Join(" | ", headings)}";
        var data = new
        {
            note = template.Title,
            language = request.Language,
            facts = request.Facts.Facts.Select(f => new { n = f.Number, kind = f.Kind.ToString(), text = f.Statement }),
        };
        List<ChatMessage> messages =
        [
            new ChatMessage(ChatRole.System, system),
            new ChatMessage(ChatRole.User, JsonSerializer.Serialize(data, Json)),
        ];
        if (unverified is { Count: > 0 })
        {
            // The model's own wording (with its references), never the filled-in text: it holds nothing new.
            var lines = unverified.Select(s => $"- \"{s.Template ?? s.Text}\" [{string.Join(", ", s.FactNumbers)}]: {string.Join(pack.Labels.ListSeparator, (s.Problems ?? []).Select(p => pack.Labels.ProblemNames?.GetValueOrDefault(p) ?? p.ToString()))}");
            messages.Add(new ChatMessage(ChatRole.User, $"{pack.Regenerate}\n{string.Join('\n', lines)}"));
        }
        return messages;
    }
}
