namespace FhirNoteService.Core.CatchUp;

/// <summary>
/// Finds the encounters that finished (or changed while finished) since a moment, for catching up on events that never
/// arrived: a gap in a subscription's numbers, a missed heartbeat, an empty notification, a first install.
/// </summary>
public interface IFinishedEncounterSearch
{
    /// <summary>Finished encounters last updated at or after <paramref name="since"/>, page by page.</summary>
    IAsyncEnumerable<FoundEncounter> FinishedSinceAsync(DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>How many of them there are, when the server counts them (for a progress bar); null otherwise.</summary>
    Task<int?> CountFinishedSinceAsync(DateTimeOffset since, CancellationToken cancellationToken);
}

/// <summary>An encounter a catch-up search found.</summary>
/// <param name="Reference"><c>Encounter/{id}</c>.</param>
/// <param name="VersionId">Its version, when the server says it.</param>
/// <param name="LastUpdated">When it last changed, when the server says it.</param>
public sealed record FoundEncounter(string Reference, string? VersionId, DateTimeOffset? LastUpdated);
