using System.Collections.Concurrent;
using FhirNoteService.Contracts;
using MassTransit;

namespace FhirNoteService.IntegrationTests.Infrastructure;

/// <summary>Collects what the worker announces on the bus.</summary>
public sealed class BusRecorder
{
    public ConcurrentQueue<NoteDrafted> Drafted { get; } = new();

    public ConcurrentQueue<NoteSkipped> Skipped { get; } = new();

    public ConcurrentQueue<NoteFailed> Failed { get; } = new();

    /// <summary>Every note outcome announced: drafts written and notes left as they were.</summary>
    public int NoteOutcomes => Drafted.Count + Skipped.Count;

    /// <summary>Waits until <paramref name="done"/> holds, or fails the test after <paramref name="timeout"/>.</summary>
    public async Task WaitForAsync(Func<BusRecorder, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!done(this))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {timeout} waiting for {what}: {Drafted.Count} drafted, {Skipped.Count} skipped, {Failed.Count} failed.");
            }
            await Task.Delay(100);
        }
    }
}

/// <summary>Feeds a <see cref="BusRecorder"/>.</summary>
public sealed class BusRecorderConsumer(BusRecorder recorder) : IConsumer<NoteDrafted>, IConsumer<NoteSkipped>, IConsumer<NoteFailed>
{
    public Task Consume(ConsumeContext<NoteDrafted> context)
    {
        recorder.Drafted.Enqueue(context.Message);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<NoteSkipped> context)
    {
        recorder.Skipped.Enqueue(context.Message);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<NoteFailed> context)
    {
        recorder.Failed.Enqueue(context.Message);
        return Task.CompletedTask;
    }
}
