using FhirNoteService.Core.Facts;
using FhirNoteService.Core.Generation;
using FhirNoteService.Core.Notes;

namespace FhirNoteService.Ai.Languages;

/// <summary>
/// Everything a note language needs, in one folder (<c>Languages/{language}/</c>): the fixed lines of a note
/// (<see cref="Labels"/>), the opening sentence, how each kind of fact is phrased (placeholders {label}, {value},
/// {date}, {detail}; the first pattern whose placeholders all have values wins), the instructions given to a model,
/// what a model is told when its draft is asked for again (<see cref="Regenerate"/>, followed by the statements the
/// service could not verify, each with why), and a template per note type.
/// </summary>
public sealed record LanguagePack(
    string Language,
    NoteLabels Labels,
    string SummaryHeading,
    IReadOnlyList<string> Opening,
    IReadOnlyDictionary<FactKind, IReadOnlyList<string>> Phrases,
    IReadOnlyList<string> Instructions,
    string Regenerate)
{
    /// <summary>
    /// How the opening names the patient, from the age and sex ({age}, {sex}); null to use the record's wording. A
    /// language written in another script sets it, with <see cref="SexNames"/>, <see cref="EncounterNames"/> and
    /// <see cref="Span"/>, so that its opening does not mix in English.
    /// </summary>
    public string? Patient { get; init; }

    /// <summary>The sexes (FHIR administrative gender codes) in this language.</summary>
    public IReadOnlyDictionary<string, string>? SexNames { get; init; }

    /// <summary>The kinds of encounter by their class code (v3 ActCode: AMB, EMER, IMP, ...) in this language.</summary>
    public IReadOnlyDictionary<string, string>? EncounterNames { get; init; }

    /// <summary>How the encounter's dates are written ({start}, {end}; the first pattern whose dates are known wins).</summary>
    public IReadOnlyList<string>? Span { get; init; }

    /// <summary>
    /// More templates than the note types' own (a file each, e.g. <c>cardiology-discharge-summary</c>), which note rules
    /// can choose (<c>NoteRules:Rules:{n}:Notes:{m}:Template</c>).
    /// </summary>
    public IReadOnlyList<string>? Templates { get; init; }

    /// <summary>Every template, by its name: one per note type (its key), and the pack's <see cref="Templates"/>.</summary>
    public IReadOnlyDictionary<string, NoteTemplate> Notes { get; init; } = new Dictionary<string, NoteTemplate>();

    /// <summary>The template a request is written to.</summary>
    public NoteTemplate For(NoteRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Notes[request.TemplateName];
    }
}
