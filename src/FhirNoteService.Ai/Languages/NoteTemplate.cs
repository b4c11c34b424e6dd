using FhirNoteService.Core.Facts;

namespace FhirNoteService.Ai.Languages;

/// <summary>A note type's title and sections in one language, and which kinds of fact fill each section.</summary>
public sealed record NoteTemplate(string Title, IReadOnlyList<SectionTemplate> Sections);

/// <summary>A section heading and the fact kinds it states, in order.</summary>
public sealed record SectionTemplate(string Heading, IReadOnlyList<FactKind> Kinds);
