using System.Collections.Concurrent;
using FhirNoteService.Contracts;
using FhirNoteService.Core.Context;
using FhirNoteService.Core.Events;
using FhirNoteService.Messaging;
using FhirNoteService.TestSupport;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FhirNoteService.ConsumerTests;

/// <summary>Deliveries of one encounter are drafted one after another; different encounters still run side by side.</summary>
public sealed class EncounterTurnsTests
{
    [Fact]
    public async Task Consume_DuplicatesOfTwoEncountersAtOnce_NeverDraftsOneEncounterTwiceAtATime()
    {
        var reader = new SlowContextReader(TimeSpan.FromMilliseconds(150));
        await using var services = new ServiceCollection()
            .AddPipelineWithFakes(reader, new RecordingDraftWriter())
            .Configure<MessagingOptions>(o => o.ConcurrencyLimit = 8)
            .AddSingleton<ConsumptionGate>()
            .AddSingleton<EncounterTurns>()
            .AddMassTransitTestHarness(bus => bus.AddConsumer<EncounterEventConsumer, EncounterEventConsumerDefinition>())
            .BuildServiceProvider(true);
        var harness = services.GetRequiredService<ITestHarness>();
        await harness.Start();
        try
        {
            var events = Enumerable.Range(0, 4)
                .SelectMany(_ => new[] { "Encounter/enc-1", "Encounter/enc-2", "Encounter/enc-3" })
                .Select(reference => harness.Bus.Publish(new EncounterEvent(reference, EncounterEventKinds.Finished, DateTimeOffset.UtcNow)));
            await Task.WhenAll(events);
            await WaitUntilAsync(() => reader.Reads == 12);

            Assert.Equal(1, reader.MostAtOnce("Encounter/enc-1"));
            Assert.Equal(1, reader.MostAtOnce("Encounter/enc-2"));
            Assert.Equal(1, reader.MostAtOnce("Encounter/enc-3"));
            Assert.Equal(3, reader.MostAtOnceOverall);
            Assert.Equal(0, services.GetRequiredService<EncounterTurns>().Active);
        }
        finally
        {
            await harness.Stop();
        }
    }

    private static async Task WaitUntilAsync(Func<bool> done)
    {
        for (var i = 0; i < 100 && !done(); i++)
        {
            await Task.Delay(50);
        }
        Assert.True(done());
    }

    /// <summary>A context read that takes a while, and remembers how many reads of each encounter overlapped.</summary>
    private sealed class SlowContextReader(TimeSpan delay) : IClinicalContextReader
    {
        private readonly ConcurrentDictionary<string, int> _inFlight = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, int> _most = new(StringComparer.Ordinal);
        private int _overall;
        private int _mostOverall;
        private int _reads;

        public int Reads => Volatile.Read(ref _reads);

        public int MostAtOnceOverall => Volatile.Read(ref _mostOverall);

        public int MostAtOnce(string encounter) => _most.GetValueOrDefault(encounter);

        public async Task<ClinicalContext> ReadAsync(EncounterId encounter, CancellationToken cancellationToken)
        {
            var now = _inFlight.AddOrUpdate(encounter.Reference, 1, (_, n) => n + 1);
            _most.AddOrUpdate(encounter.Reference, now, (_, most) => Math.Max(most, now));
            var overall = Interlocked.Increment(ref _overall);
            InterlockedMax(ref _mostOverall, overall);
            try
            {
                await Task.Delay(delay, cancellationToken);
                return ContextFixtures.Context();
            }
            finally
            {
                _inFlight.AddOrUpdate(encounter.Reference, 0, (_, n) => n - 1);
                Interlocked.Decrement(ref _overall);
                Interlocked.Increment(ref _reads);
            }
        }

        private static void InterlockedMax(ref int target, int value)
        {
            int seen;
            while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
            {
            }
        }
    }
}
