namespace FhirNoteService.Core.Generation;

/// <summary>A note as a generator wrote it: titled sections of statements, each citing the facts it rests on.</summary>
public sealed record GeneratedNote(string Title, IReadOnlyList<NoteSection> Sections, string Language)
{
    /// <summary>Every fact number cited anywhere in the note.</summary>
    public IEnumerable<int> CitedFacts => Sections.SelectMany(s => s.Statements).SelectMany(s => s.FactNumbers).Distinct();
}

/// <summary>A section of a note, e.g. "Hospital course".</summary>
public sealed record NoteSection(string Heading, IReadOnlyList<NoteStatement> Statements);

/// <summary>One statement and the numbers of the facts it rests on; <see cref="Unsupported"/> marks what the grounding check could not trace.</summary>
public sealed record NoteStatement(string Text, IReadOnlyList<int> FactNumbers, bool Unsupported = false);
