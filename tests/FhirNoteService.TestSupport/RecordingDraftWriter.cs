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

    /// <summary>The stray drafts it was asked to supersede, by id.</summary>
    public ConcurrentQueue<string> Retired { get; } = new();

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

    public System.Threading.Tasks.Task RetireAsync(IReadOnlyList<Hl7.Fhir.Model.DocumentReference> strays, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(strays);
        foreach (var stray in strays)
        {
            Retired.Enqueue(stray.Id);
        }
        return System.Threading.Tasks.Task.CompletedTask;
    }
}
