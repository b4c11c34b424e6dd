using System.Collections.Concurrent;
using FhirNoteService.Contracts;
using FhirNoteService.Core.Notes;
using MassTransit;

namespace FhirNoteService.Worker.Demo;

/// <summary>Counts what became of the demo's events, as the worker announces it on the bus.</summary>
internal sealed class DraftTally
{
    private readonly ConcurrentDictionary<string, int> _byNoteType = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _allDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _expected = int.MaxValue;
    private int _finished;
    private int _skipped;
    private int _failed;
    private int _alreadyWritten;

    public int Finished => Volatile.Read(ref _finished);

    public int Skipped => Volatile.Read(ref _skipped);

    public int Failed => Volatile.Read(ref _failed);

    public int AlreadyWritten => Volatile.Read(ref _alreadyWritten);

    public string? FirstDraft { get; private set; }

    public IReadOnlyDictionary<string, int> DraftsByNoteType => _byNoteType;

    public Task AllDone => _allDone.Task;

    public void Expect(int count)
    {
        _expected = count;
        CheckDone();
    }

    public void Drafted(NoteDrafted drafted)
    {
        var name = ClinicalNoteType.FromLoinc(drafted.NoteTypeCode)?.Display ?? drafted.NoteTypeCode;
        _byNoteType.AddOrUpdate(name, 1, (_, n) => n + 1);
        if (!drafted.Created)
        {
            Interlocked.Increment(ref _alreadyWritten);
        }
        lock (_byNoteType)
        {
            FirstDraft ??= drafted.DocumentReference;
        }
        Complete();
    }

    public void Skip()
    {
        Interlocked.Increment(ref _skipped);
        Complete();
    }

    public void Fail()
    {
        Interlocked.Increment(ref _failed);
        Complete();
    }

    private void Complete()
    {
        Interlocked.Increment(ref _finished);
        CheckDone();
    }

    private void CheckDone()
    {
        if (Finished >= _expected)
        {
            _allDone.TrySetResult();
        }
    }
}

/// <summary>Feeds the tally from the worker's announcements and from events that failed for good.</summary>
internal sealed class DraftTallyConsumer(DraftTally tally) : IConsumer<NoteDrafted>, IConsumer<NoteSkipped>, IConsumer<NoteFailed>
{
    public Task Consume(ConsumeContext<NoteDrafted> context)
    {
        tally.Drafted(context.Message);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<NoteSkipped> context)
    {
        tally.Skip();
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<NoteFailed> context)
    {
        tally.Fail();
        return Task.CompletedTask;
    }
}
