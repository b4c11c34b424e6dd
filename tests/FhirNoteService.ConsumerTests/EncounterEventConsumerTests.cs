using FhirNoteService.Contracts;
using FhirNoteService.Core.Drafts;
using FhirNoteService.Core.Pipeline;
using FhirNoteService.Messaging;
using FhirNoteService.TestSupport;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FhirNoteService.ConsumerTests;

public sealed class EncounterEventConsumerTests : IAsyncLifetime
{
    private readonly RecordingDraftWriter _writer = new();
    private readonly FakeContextReader _reader;
    private ServiceProvider _services = null!;
    private ITestHarness _harness = null!;
    private Hl7.Fhir.Model.Encounter.EncounterStatus _status = Hl7.Fhir.Model.Encounter.EncounterStatus.Finished;

    public EncounterEventConsumerTests()
    {
        _reader = new FakeContextReader(_ =>
        {
            var context = ContextFixtures.Context();
            context.Encounter.Status = _status;
            return context;
        });
    }

    public async Task InitializeAsync()
    {
        _services = new ServiceCollection()
            .AddPipelineWithFakes(_reader, _writer)
            .Configure<MessagingOptions>(o =>
            {
                o.RetryLimit = 3;
                o.RetryMinInterval = TimeSpan.FromMilliseconds(10);
                o.RetryMaxInterval = TimeSpan.FromMilliseconds(50);
                o.PauseProbeInterval = TimeSpan.FromMilliseconds(50);
                o.PauseProbeMaxInterval = TimeSpan.FromMilliseconds(200);
            })
            .AddSingleton<ConsumptionGate>()
            .AddSingleton<EncounterTurns>()
            .AddMassTransitTestHarness(bus => bus.AddConsumer<EncounterEventConsumer, EncounterEventConsumerDefinition>())
            .BuildServiceProvider(true);
        _harness = _services.GetRequiredService<ITestHarness>();
        await _harness.Start();
    }

    public async Task DisposeAsync()
    {
        await _harness.Stop();
        await _services.DisposeAsync();
    }

    private static EncounterEvent Event(string reference = "Encounter/enc-1") => new(reference, EncounterEventKinds.Finished, DateTimeOffset.UtcNow);

    [Fact]
    public async Task Consume_FinishedEncounter_PublishesNoteDrafted()
    {
        await _harness.Bus.Publish(Event());

        Assert.True(await _harness.Published.Any<NoteDrafted>());
        var drafted = _harness.Published.Select<NoteDrafted>().Single().Context.Message;
        Assert.Equal("Encounter/enc-1", drafted.EncounterReference);
        Assert.Equal("18842-5", drafted.NoteTypeCode);
        Assert.Equal("fhirnoteservice-offline-extractive/1.0", drafted.GeneratorId);
        Assert.Single(_writer.Written);
    }

    [Fact]
    public async Task Consume_InvalidEvent_FaultsOnceWithTheReasonAndIsNotRetried()
    {
        await _harness.Bus.Publish(Event("Observation/5"));

        Assert.True(await _harness.Published.Any<NoteFailed>());
        var failed = _harness.Published.Select<NoteFailed>().Single().Context.Message;
        Assert.Equal("InvalidEvent: the reference points to a Observation, not to an Encounter", failed.Reason);
        Assert.Equal("InvalidEvent", failed.Kind);
        Assert.Null(failed.EncounterReference);
        // MassTransit's own fault (stack trace, host details) is not published.
        Assert.False(await _harness.Published.Any<Fault<EncounterEvent>>(new CancellationTokenSource(TimeSpan.FromMilliseconds(200)).Token));
        var consumer = _harness.GetConsumerHarness<EncounterEventConsumer>();
        Assert.Single(consumer.Consumed.Select<EncounterEvent>());
        Assert.Equal(0, _reader.Reads);
        Assert.Equal(0, _writer.Attempts);
    }

    private static DependencyUnavailableException FhirDown() => new(Dependency.FhirServer, "draft x: connection failed (ConnectionRefused)");

    [Fact]
    public async Task Consume_FhirServerDownForAWhile_HoldsTheMessageAndDraftsWhenItIsBack()
    {
        var failures = 3;
        _writer.FailWith = _ => Interlocked.Decrement(ref failures) >= 0 ? FhirDown() : null;

        await _harness.Bus.Publish(Event());

        Assert.True(await _harness.Published.Any<NoteDrafted>());
        Assert.Equal(4, _writer.Attempts);
        Assert.Single(_writer.Written);
        Assert.False(await _harness.Published.Any<NoteFailed>());
        Assert.Null(_services.GetRequiredService<ConsumptionGate>().Current);
    }

    [Fact]
    public async Task Consume_FhirServerStaysDown_NeverFaultsAndThePauseIsReportedUntilItReturns()
    {
        _writer.FailWith = _ => FhirDown();
        var gate = _services.GetRequiredService<ConsumptionGate>();
        var health = new ConsumptionHealthCheck(gate);

        await _harness.Bus.Publish(Event());
        await WaitUntilAsync(() => gate.Current is not null && _writer.Attempts >= 2);

        var pause = gate.Current!;
        Assert.Equal(Dependency.FhirServer.Name(), pause.Dependency);
        var report = await health.CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Unhealthy, report.Status);
        Assert.StartsWith("consumption paused: FHIR server unavailable since ", report.Description, StringComparison.Ordinal);

        _writer.FailWith = _ => null;
        Assert.True(await _harness.Published.Any<NoteDrafted>());
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync(new HealthCheckContext())).Status);
        // Held through every failed attempt, never dead-lettered.
        Assert.Empty(_harness.Published.Select<NoteFailed>());
    }

    [Fact]
    public async Task Consume_DraftConflictThatPersists_IsRetriedThenFailsAsAConflict()
    {
        _writer.FailWith = _ => new DraftConflictException("the draft it supersedes changed since it was read");

        await _harness.Bus.Publish(Event());

        Assert.True(await _harness.Published.Any<NoteFailed>());
        var failed = _harness.Published.Select<NoteFailed>().Single().Context.Message;
        Assert.Equal("DraftConflict: the draft it supersedes changed since it was read (on every attempt: 3 retries, Messaging:RetryLimit)", failed.Reason);
        Assert.Equal("Encounter/enc-1", failed.EncounterReference);
        Assert.Equal(4 * NoteDraftingPipeline.ConflictAttempts, _writer.Attempts);
        Assert.Empty(_writer.Written);
    }

    [Fact]
    public async Task Consume_UnexpectedException_FaultsAtOnceWithoutItsMessage()
    {
        _writer.FailWith = _ => new InvalidOperationException("Cannot parse 'Ima Testpatient'");

        await _harness.Bus.Publish(Event());

        Assert.True(await _harness.Published.Any<NoteFailed>());
        var failed = _harness.Published.Select<NoteFailed>().Single().Context.Message;
        Assert.Equal("Unexpected: InvalidOperationException while drafting; the worker's log has its stack trace", failed.Reason);
        Assert.Equal(1, _writer.Attempts);
    }

    [Fact]
    public async Task Consume_UnfinishedEncounter_PublishesNoteSkipped()
    {
        _status = Hl7.Fhir.Model.Encounter.EncounterStatus.Planned;

        await _harness.Bus.Publish(Event());

        Assert.True(await _harness.Published.Any<NoteSkipped>());
        Assert.Equal("no-note: the encounter's status is 'planned', not 'finished'", _harness.Published.Select<NoteSkipped>().Single().Context.Message.Reason);
        Assert.Equal(0, _writer.Attempts);
    }

    private static async Task WaitUntilAsync(Func<bool> done)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!done())
        {
            await Task.Delay(20, deadline.Token);
        }
    }
}
