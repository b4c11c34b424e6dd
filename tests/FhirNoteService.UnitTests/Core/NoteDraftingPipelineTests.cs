using FhirNoteService.Ai.Offline;
using FhirNoteService.Contracts;
using FhirNoteService.Core.Context;
using FhirNoteService.Core.Drafts;
using FhirNoteService.Core.Generation;
using FhirNoteService.Core.Pipeline;
using FhirNoteService.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace FhirNoteService.UnitTests.Core;

public class NoteDraftingPipelineTests
{
    private readonly RecordingDraftWriter _writer = new();

    private (ServiceProvider Services, FakeContextReader Reader) Build(Func<FhirNoteService.Core.Events.EncounterId, ClinicalContext> read)
    {
        var reader = new FakeContextReader(read);
        var services = new ServiceCollection().AddPipelineWithFakes(reader, _writer).BuildServiceProvider();
        return (services, reader);
    }

    private static EncounterEvent Event(string reference = "Encounter/enc-1") => new(reference, EncounterEventKinds.Finished, DateTimeOffset.UtcNow);

    [Fact]
    public async Task DraftAsync_FinishedInpatientEncounter_WritesOneDischargeSummary()
    {
        var (services, reader) = Build(_ => ContextFixtures.Context());
        using var _ = services;

        var outcome = await services.GetRequiredService<NoteDraftingPipeline>().DraftAsync(Event(), CancellationToken.None);

        var drafted = Assert.Single(outcome.Drafts);
        Assert.Equal("18842-5", drafted.NoteTypeCode);
        Assert.True(drafted.Created);
        Assert.Equal(1, reader.Reads);
        Assert.Single(_writer.Written);
    }

    [Fact]
    public async Task DraftAsync_WhileTheModelWrites_HoldsNoneOfTheSourceLists()
    {
        // The observations list is reachable only through the context the reader returned; once the facts are
        // extracted the pipeline must let it go, so a note waiting on a slow model does not keep the parsed record.
        var observations = new List<WeakReference>();
        var reader = new FakeContextReader(_ =>
        {
            var context = ContextFixtures.Context();
            observations.Add(new WeakReference(context.Observations));
            return context;
        });
        var generator = new CollectingGenerator(() => observations[0]);
        using var services = new ServiceCollection().AddPipelineWithFakes(reader, _writer).AddSingleton<INoteGenerator>(generator).BuildServiceProvider();

        var outcome = await services.GetRequiredService<NoteDraftingPipeline>().DraftAsync(Event(), CancellationToken.None);

        Assert.Single(outcome.Drafts);
        Assert.False(generator.SourcesAliveDuringGeneration);
    }

    [Fact]
    public async Task DraftAsync_SameEventTwice_WritesOneDraft()
    {
        var (services, _) = Build(_ => ContextFixtures.Context());
        using var __ = services;
        var pipeline = services.GetRequiredService<NoteDraftingPipeline>();

        await pipeline.DraftAsync(Event(), CancellationToken.None);
        var second = await pipeline.DraftAsync(Event(), CancellationToken.None);

        Assert.False(Assert.Single(second.Drafts).Created);
        Assert.Single(_writer.Written);
        Assert.Equal(2, _writer.Attempts);
    }

    [Fact]
    public async Task DraftAsync_InvalidEvent_FailsPermanentlyBeforeAnyRead()
    {
        var (services, reader) = Build(_ => ContextFixtures.Context());
        using var _ = services;

        var error = await Assert.ThrowsAsync<PermanentNoteFailureException>(
            () => services.GetRequiredService<NoteDraftingPipeline>().DraftAsync(Event("Patient/1"), CancellationToken.None));

        Assert.Equal(PermanentFailureKind.InvalidEvent, error.Kind);
        Assert.Equal("InvalidEvent: the reference points to a Patient, not to an Encounter", error.Message);
        Assert.Equal(0, reader.Reads);
    }

    [Fact]
    public async Task DraftAsync_PermanentFailure_IsCountedByKind()
    {
        var (services, _) = Build(_ => ContextFixtures.Context());
        using var _ = services;
        using var collector = new Microsoft.Extensions.Diagnostics.Metrics.Testing.MetricCollector<long>(
            services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), NoteTelemetry.Name, "fhirnoteservice.failures");

        await Assert.ThrowsAsync<PermanentNoteFailureException>(
            () => services.GetRequiredService<NoteDraftingPipeline>().DraftAsync(Event("Encounter/"), CancellationToken.None));

        var measurement = Assert.Single(collector.GetMeasurementSnapshot());
        Assert.Equal("InvalidEvent", measurement.Tags["kind"]);
    }

    [Fact]
    public async Task DraftAsync_UnfinishedEncounter_IsSkippedWithAReason()
    {
        var (services, _) = Build(_ =>
        {
            var context = ContextFixtures.Context();
            context.Encounter.Status = Hl7.Fhir.Model.Encounter.EncounterStatus.InProgress;
            return context;
        });
        using var _ = services;

        var outcome = await services.GetRequiredService<NoteDraftingPipeline>().DraftAsync(Event(), CancellationToken.None);

        Assert.Empty(outcome.Drafts);
        Assert.Equal("no-note: the encounter's status is 'in-progress', not 'finished'", Assert.Single(outcome.Skipped).Reason);
        Assert.Empty(_writer.Written);
    }

    [Fact]
    public async Task DraftAsync_SeriesChangedWhileDrafting_ReadsAgainAndWrites()
    {
        var (services, reader) = Build(_ => ContextFixtures.Context());
        using var _ = services;
        var conflicts = 1;
        _writer.FailWith = _ => Interlocked.Decrement(ref conflicts) >= 0 ? new DraftConflictException("If-Match failed") : null;

        var outcome = await services.GetRequiredService<NoteDraftingPipeline>().DraftAsync(Event(), CancellationToken.None);

        Assert.Single(outcome.Drafts);
        Assert.Equal(2, reader.Reads);
    }

    [Fact]
    public async Task DraftAsync_SeriesKeepsChanging_GivesUpAsTransientAfterThreeReads()
    {
        var (services, reader) = Build(_ => ContextFixtures.Context());
        using var _ = services;
        _writer.FailWith = _ => new DraftConflictException("If-Match failed");

        await Assert.ThrowsAsync<DraftConflictException>(() => services.GetRequiredService<NoteDraftingPipeline>().DraftAsync(Event(), CancellationToken.None));

        Assert.Equal(NoteDraftingPipeline.ConflictAttempts, reader.Reads);
    }

    private sealed class CollectingGenerator(Func<WeakReference> sources) : INoteGenerator
    {
        public bool? SourcesAliveDuringGeneration { get; private set; }

        public async Task<GeneratedNote> GenerateAsync(NoteRequest request, CancellationToken cancellationToken)
        {
            // As a model call does: the pipeline's frames unwind and what it holds is what its state machine holds.
            await Task.Yield();
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            SourcesAliveDuringGeneration = sources().IsAlive;
            return await new OfflineNoteGenerator().GenerateAsync(request, cancellationToken);
        }
    }
}
