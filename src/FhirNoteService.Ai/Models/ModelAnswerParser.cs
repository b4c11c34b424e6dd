using System.Text.Json;
using FhirNoteService.Core.Generation;

namespace FhirNoteService.Ai.Models;

/// <summary>
/// Parses a model's answer strictly: one JSON object with a "sections" array of {heading, statements:[{text, facts}]}.
/// A single Markdown code fence around it is tolerated; anything else that deviates is refused.
/// </summary>
internal static class ModelAnswerParser
{
    public static bool TryParse(string? answer, out IReadOnlyList<NoteSection> sections, out string? problem)
    {
        sections = [];
        problem = null;
        var json = Unfence(answer);
        if (string.IsNullOrWhiteSpace(json))
        {
            problem = "the answer is empty";
            return false;
        }
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("sections", out var array)
                || array.ValueKind != JsonValueKind.Array)
            {
                problem = "the answer has no \"sections\" array";
                return false;
            }
            var parsed = new List<NoteSection>();
            foreach (var section in array.EnumerateArray())
            {
                parsed.Add(ParseSection(section));
            }
            sections = parsed;
            return true;
        }
        catch (Exception error) when (error is JsonException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            problem = $"the answer is not the expected JSON ({error.GetType().Name})";
            return false;
        }
    }

    private static NoteSection ParseSection(JsonElement section)
    {
        var heading = section.GetProperty("heading").GetString() ?? throw new FormatException("heading");
        var statements = section.GetProperty("statements").EnumerateArray().Select(statement =>
        {
            var text = statement.GetProperty("text").GetString();
            if (string.IsNullOrWhiteSpace(text))
            {
                throw new FormatException("empty statement");
            }
            var facts = statement.GetProperty("facts").EnumerateArray().Select(n => n.GetInt32()).ToList();
            return new NoteStatement(text.Trim(), facts);
        }).ToList();
        return new NoteSection(heading.Trim(), statements);
    }

    private static string? Unfence(string? answer)
    {
        var text = answer?.Trim();
        if (text is null || !text.StartsWith("```", StringComparison.Ordinal))
        {
            return text;
        }
        var firstLineEnd = text.IndexOf('\n', StringComparison.Ordinal);
        var closing = text.LastIndexOf("```", StringComparison.Ordinal);
        return firstLineEnd > 0 && closing > firstLineEnd ? text[(firstLineEnd + 1)..closing] : text;
    }
}
