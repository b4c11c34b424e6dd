using FhirNoteService.Core.Context;

namespace FhirNoteService.Core.Generation;

/// <summary>The fixed lines of a rendered note in one language; each language pack brings its own.</summary>
/// <param name="DraftNotice">Format with {0} = generator name and version.</param>
/// <param name="CitationNotice">Explains the bracketed numbers.</param>
/// <param name="SourcesHeading">Heading of the list of cited sources.</param>
/// <param name="UnsupportedMarker">Appended to a statement the grounding check could not trace.</param>
/// <param name="UnreadNotice">Format with {0} = the parts of the record the EMR did not return, listed.</param>
/// <param name="PartNames">How each unread part of the record is named.</param>
/// <param name="ListSeparator">Between the items of a list in running text.</param>
/// <param name="ReviewHeading">Heading of the list at the top of the note of what the clinician should check first.</param>
/// <param name="ProblemNames">Why a statement is flagged, for each reason.</param>
/// <param name="ReviewMedications">Format with {0} = the medications started or changed at the encounter, listed.</param>
/// <param name="ReviewDiagnoses">Format with {0} = the new diagnoses, listed.</param>
/// <param name="OmissionsHeading">Heading of the section of what the note must mention and its writer left out, added from the record.</param>
/// <param name="NotRecorded">Under a required section the record has nothing for.</param>
public sealed record NoteLabels(
    string DraftNotice,
    string CitationNotice,
    string SourcesHeading,
    string UnsupportedMarker,
    string UnreadNotice,
    IReadOnlyDictionary<RecordPart, string> PartNames,
    string ListSeparator,
    string ReviewHeading = "Review first",
    IReadOnlyDictionary<Grounding.StatementProblem, string>? ProblemNames = null,
    string ReviewMedications = "Medications started or changed: {0}",
    string ReviewDiagnoses = "New diagnoses: {0}",
    string OmissionsHeading = "Added from the record (the draft did not mention these)",
    string NotRecorded = "Nothing recorded in the EMR.");
