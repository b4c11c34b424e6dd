using FhirNoteService.Contracts;
using FhirNoteService.Messaging;
using FhirNoteService.TestSupport;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;

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
            })
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

        Assert.True(await _harness.Published.Any<Fault<EncounterEvent>>());
        var fault = _harness.Published.Select<Fault<EncounterEvent>>().Single().Context.Message;
        Assert.Equal("InvalidEvent: the reference points to a Observation, not to an Encounter", fault.Exceptions[0].Message);
        var consumer = _harness.GetConsumerHarness<EncounterEventConsumer>();
        Assert.Single(consumer.Consumed.Select<EncounterEvent>());
        Assert.Equal(0, _reader.Reads);
        Assert.Equal(0, _writer.Attempts);
    }

    [Fact]
    public async Task Consume_TransientWriteFailures_AreRetriedUntilTheDraftIsWritten()
    {
        var failures = 2;
        _writer.FailWith = _ => Interlocked.Decrement(ref failures) >= 0 ? new HttpRequestException("FHIR server unavailable") : null;

        await _harness.Bus.Publish(Event());

        Assert.True(await _harness.Published.Any<NoteDrafted>());
        Assert.Equal(3, _writer.Attempts);
        Assert.Single(_writer.Written);
        Assert.False(await _harness.Published.Any<Fault<EncounterEvent>>());
    }

    [Fact]
    public async Task Consume_TransientFailureThatPersists_FaultsAfterTheRetryLimit()
    {
        _writer.FailWith = _ => new HttpRequestException("FHIR server unavailable");

        await _harness.Bus.Publish(Event());

        Assert.True(await _harness.Published.Any<Fault<EncounterEvent>>());
        Assert.Equal(4, _writer.Attempts);
        Assert.Empty(_writer.Written);
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
}
