using System.Runtime.CompilerServices;
using FhirNoteService.Contracts;
using FhirNoteService.Core.CatchUp;
using FhirNoteService.Core.Events;
using FhirNoteService.Core.Pipeline;
using FhirNoteService.Messaging.Subscriptions;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FhirNoteService.UnitTests.Messaging;

public sealed class EncounterCatchUpTests
{
    private static readonly CatchUpRequest Request = new("emr", "Subscription/s1", new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero), CatchUpReason.Gap);

    [Fact]
    public async Task EveryEncounterFound_IsPublishedAsAFinishedEvent_WithItsVersionAndOurSourceSystem()
    {
        await using var provider = Services();
        var harness = await StartAsync(provider);
        var found = Enumerable.Range(1, 70).Select(i => new FoundEncounter($"Encounter/e{i}", "2", Request.Since.AddMinutes(i))).ToList();

        var count = await CatchUp(provider, new FakeSearch(found)).RunAsync(Request, harness.Bus, progress: null, CancellationToken.None);

        Assert.Equal(70, count);
        var published = harness.Published.Select<EncounterEvent>().Select(m => m.Context.Message).ToList();
        Assert.Equal(found.Select(f => f.Reference).Order(), published.Select(e => e.EncounterReference).Order());
        Assert.All(published, e => Assert.Equal((EncounterEventKinds.Finished, "2", "emr-a"), (e.Kind, e.VersionId, e.SourceSystem)));
    }

    [Fact]
    public async Task AnOutage_IsKeptToBeTriedAgain_ButARefusedSearchIsNot()
    {
        await using var provider = Services();
        var harness = await StartAsync(provider);
        var retries = new CatchUpRetries(NullLogger<CatchUpRetries>.Instance);

        await retries.RunOrKeepAsync(CatchUp(provider, new FakeSearch(new DependencyUnavailableException(Dependency.FhirServer, "down"))), Request, harness.Bus, CancellationToken.None);
        Assert.Equal([Request], retries.TakeAll());
        Assert.Empty(retries.TakeAll());

        await retries.RunOrKeepAsync(CatchUp(provider, new FakeSearch(new PermanentNoteFailureException(PermanentFailureKind.InvalidContext, "_lastUpdated is not supported"))), Request, harness.Bus, CancellationToken.None);
        Assert.Empty(retries.TakeAll());
    }

    private static ServiceProvider Services() => new ServiceCollection().AddMetrics().AddMassTransitTestHarness().BuildServiceProvider(true);

    private static async Task<ITestHarness> StartAsync(IServiceProvider provider)
    {
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();
        return harness;
    }

    private static EncounterCatchUp CatchUp(IServiceProvider provider, IFinishedEncounterSearch search) => new(
        search,
        Options.Create(new EventOptions { SourceSystem = "emr-a" }),
        new NoteTelemetry(provider.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()),
        TimeProvider.System,
        NullLogger<EncounterCatchUp>.Instance);

    private sealed class FakeSearch : IFinishedEncounterSearch
    {
        private readonly IReadOnlyList<FoundEncounter> _found = [];
        private readonly Exception? _failure;

        public FakeSearch(IReadOnlyList<FoundEncounter> found) => _found = found;

        public FakeSearch(Exception failure) => _failure = failure;

        public async IAsyncEnumerable<FoundEncounter> FinishedSinceAsync(DateTimeOffset since, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Yield();
            if (_failure is not null)
            {
                throw _failure;
            }
            foreach (var found in _found)
            {
                yield return found;
            }
        }

        public Task<int?> CountFinishedSinceAsync(DateTimeOffset since, CancellationToken cancellationToken) => Task.FromResult<int?>(_found.Count);
    }
}
