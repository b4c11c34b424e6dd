using FhirNoteService.Core.Facts;

namespace FhirNoteService.Ai.Languages;

/// <summary>
/// A note type's title and sections in one language, which kinds of fact fill each section, and what the note must
/// mention (<see cref="MustMention"/>): the note's contract, kept whoever writes it (see <see cref="NoteContract"/>).
/// </summary>
public sealed record NoteTemplate(string Title, IReadOnlyList<SectionTemplate> Sections, IReadOnlyList<MustMention>? MustMention = null);

/// <summary>A section heading and the fact kinds it states, in order; a required section is shown even when the record has nothing for it.</summary>
public sealed record SectionTemplate(string Heading, IReadOnlyList<FactKind> Kinds, bool Required = false);

/// <summary>What a note's contract can require it to mention: every fact of the kind in the record.</summary>
public enum MustMention
{
    /// <summary>The encounter, with its dates (admission and discharge dates for a stay).</summary>
    Encounter,

    /// <summary>The reasons for the encounter (the admission diagnoses of a discharge summary).</summary>
    EncounterReason,

    /// <summary>The encounter's diagnoses.</summary>
    Diagnosis,

    /// <summary>Medications started or changed at the encounter.</summary>
    Medication,

    /// <summary>The patient's medications recorded as stopped.</summary>
    StoppedMedication,

    /// <summary>Results the record marks abnormal (an interpretation other than normal).</summary>
    AbnormalResult,

    /// <summary>Allergies.</summary>
    Allergy,

    /// <summary>Procedures performed.</summary>
    Procedure,

    /// <summary>The discharge disposition.</summary>
    Disposition,
}
