namespace FhirNoteService.Core.Generation;

/// <summary>A note as a generator wrote it: titled sections of statements, each citing the facts it rests on.</summary>
/// <param name="Title">The note's title in its language, e.g. "Discharge summary" or "出院小结".</param>
/// <param name="Sections">The sections in order.</param>
/// <param name="Language">The BCP 47 language of the text.</param>
/// <param name="Generator">Who actually wrote it (a model generator may fall back to the offline one).</param>
/// <param name="Labels">The fixed lines of the note in its language, from its language pack.</param>
public sealed record GeneratedNote(string Title, IReadOnlyList<NoteSection> Sections, string Language, GeneratorIdentity Generator, NoteLabels Labels)
{
    /// <summary>Every fact number cited anywhere in the note.</summary>
    public IEnumerable<int> CitedFacts => Sections.SelectMany(s => s.Statements).SelectMany(s => s.FactNumbers).Distinct();

    /// <summary>How many statements the note has.</summary>
    public int StatementCount => Sections.Sum(s => s.Statements.Count);
}

/// <summary>A section of a note, e.g. "Hospital course"; a required one is shown even when it has no statements.</summary>
public sealed record NoteSection(string Heading, IReadOnlyList<NoteStatement> Statements, bool Required = false);

/// <summary>One statement and the numbers of the facts it rests on; <see cref="Unsupported"/> marks what the grounding check could not trace.</summary>
/// <param name="Text">The statement as the clinician reads it.</param>
/// <param name="FactNumbers">The facts it cites or references.</param>
/// <param name="Unsupported">True when the grounding check could not verify it.</param>
/// <param name="Template">What a model wrote, with fact references (<c>{n}</c>) where the record's words were filled in; null when the text was written whole.</param>
/// <param name="Problems">Why it could not be verified.</param>
/// <param name="Checked">True once the grounding check has been through it (against the same facts): not checked again.</param>
public sealed record NoteStatement(
    string Text,
    IReadOnlyList<int> FactNumbers,
    bool Unsupported = false,
    string? Template = null,
    IReadOnlyList<Grounding.StatementProblem>? Problems = null,
    bool Checked = false)
{
    /// <summary>
    /// A statement written wholly from the facts it cites, in a language pack's phrasing: its template is those facts'
    /// references, as if a model had written only references, so the grounding check has no words of its own to check.
    /// </summary>
    public static NoteStatement FromFacts(string text, params int[] facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return new(text, facts, Template: string.Concat(facts.Select(n => $"{{{n}}}")));
    }
}
