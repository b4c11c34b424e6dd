using FhirNoteService.Core.Facts;

namespace FhirNoteService.Ai.Prompting;

/// <summary>A note type's title and sections in one language, and which kinds of fact fill each section.</summary>
internal sealed record NoteTemplate(string Title, IReadOnlyList<SectionTemplate> Sections);

/// <summary>A section heading and the fact kinds it states, in order.</summary>
internal sealed record SectionTemplate(string Heading, IReadOnlyList<FactKind> Kinds);

/// <summary>
/// What is shared by every note in a language: the opening sentence, how each kind of fact is phrased
/// (placeholders {label}, {value}, {date}; the first pattern whose placeholders all have values wins) and the
/// instructions given to a model.
/// </summary>
internal sealed record LanguagePack(
    string Language,
    string SummaryHeading,
    IReadOnlyList<string> Opening,
    IReadOnlyDictionary<FactKind, IReadOnlyList<string>> Phrases,
    IReadOnlyList<string> Instructions);
