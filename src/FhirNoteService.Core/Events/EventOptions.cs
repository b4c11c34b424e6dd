namespace FhirNoteService.Core.Events;

/// <summary>Which events this worker drafts for. Section <c>Events</c>.</summary>
public sealed class EventOptions
{
    public const string SectionName = "Events";

    /// <summary>
    /// The name publishers give this worker's EMR in an event's <c>sourceSystem</c>. An event that names another EMR
    /// is refused: drafting it against this FHIR server would read another system's encounter of the same id. Events
    /// without a sourceSystem are this EMR's. When unset, an event that names any sourceSystem is refused.
    /// </summary>
    public string? SourceSystem { get; set; }
}
