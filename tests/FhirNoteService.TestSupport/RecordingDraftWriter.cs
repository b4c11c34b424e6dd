using System.Collections.Concurrent;
using FhirNoteService.Core.Drafts;

namespace FhirNoteService.TestSupport;

/// <summary>Keeps every draft it is asked to write, once per version identifier, as a conditional create would.</summary>
public sealed class RecordingDraftWriter : IDraftWriter
{
    private readonly ConcurrentDictionary<string, NoteDraft> _byIdentifier = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<NoteDraft> _attempts = new();

    /// <summary>Set to make the next writes fail (e.g. with a transient HttpRequestException).</summary>
    public Func<NoteDraft, Exception?> FailWith { get; set; } = _ => null;

    public IReadOnlyCollection<NoteDraft> Written => _byIdentifier.Values.ToList();

    public int Attempts => _attempts.Count;

    public Task<DraftWriteResult> WriteAsync(NoteDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        _attempts.Enqueue(draft);
        if (FailWith(draft) is { } failure)
        {
            throw failure;
        }
        var created = _byIdentifier.TryAdd(draft.Version.Value ?? string.Empty, draft);
        return Task.FromResult(new DraftWriteResult($"DocumentReference/{draft.Version.Value}", created));
    }
}
