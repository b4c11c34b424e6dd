using System.Text.Json.Serialization;

namespace FhirNoteService.Contracts;

/// <summary>
/// Something happened to an Encounter in the EMR. Published by the EMR side (or an integration engine)
/// and consumed by the note worker. Plain JSON with these property names is accepted too.
/// </summary>
/// <param name="EncounterReference">A relative FHIR reference, <c>Encounter/{id}</c>.</param>
/// <param name="Kind">What happened: one of <see cref="EncounterEventKinds"/>.</param>
/// <param name="OccurredAt">When it happened in the EMR.</param>
/// <param name="VersionId">The Encounter's version id after the change, when the EMR knows it.</param>
/// <param name="SourceSystem">Which EMR endpoint sent it; empty means the default FHIR server.</param>
[JsonConverter(typeof(EncounterEventJsonConverter))]
public sealed record EncounterEvent(
    string EncounterReference,
    string Kind,
    DateTimeOffset OccurredAt,
    string? VersionId = null,
    string? SourceSystem = null);
