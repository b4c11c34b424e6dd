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

    public static List<ChatMessage> Build(NoteRequest request, LanguagePack pack)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(pack);
        var template = pack.For(request.NoteType);
        var headings = new[] { pack.SummaryHeading }.Concat(template.Sections.Select(s => s.Heading));
        var system = string.Join('\n', pack.Instructions)
            + $"\nNote: {template.Title}\nHeadings, in this order: {string.Join(" | ", headings)}";
        var data = new
        {
            note = template.Title,
            language = request.Language,
            facts = request.Facts.Facts.Select(f => new { n = f.Number, kind = f.Kind.ToString(), text = f.Statement }),
        };
        return
        [
            new ChatMessage(ChatRole.System, system),
            new ChatMessage(ChatRole.User, JsonSerializer.Serialize(data, Json)),
        ];
    }
}
