using FhirNoteService.Ai.Languages;
using FhirNoteService.Contracts;
using FhirNoteService.Core.Context;
using FhirNoteService.Core.Events;
using FhirNoteService.Core.Facts;
using FhirNoteService.Core.Notes;
using FhirNoteService.IntegrationTests.Infrastructure;
using FhirNoteService.TestSupport;
using FhirNoteService.Worker.Demo;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace FhirNoteService.IntegrationTests.Tests;

/// <summary>
/// Two Synthea patients (inpatient, emergency and ambulatory encounters) in a fresh sandbox FHIR server; one event
/// per finished encounter through real RabbitMQ, alternating MassTransit envelopes and plain JSON.
/// </summary>
public sealed class EndToEndFixture : IAsyncLifetime
{
    /// <summary>How many notes the worker drafts at once.</summary>
    public const int Concurrency = 8;

    public SandboxFhirServer Fhir { get; private set; } = null!;

    public RabbitMqBroker Broker { get; private set; } = null!;

    public BusRecorder Recorder { get; } = new();

    public ProfileValidator Validator { get; } = new();

    public IReadOnlyList<LoadedEncounter> Encounters { get; private set; } = [];

    public IReadOnlyList<(System.Net.Http.HttpMethod Method, string Path, string? BundleType)> FhirRequests { get; private set; } = [];

    /// <summary>Per encounter, the resources its draft must mention (its note type's contract), as the worker reads the record.</summary>
    public Dictionary<string, List<string>> RequiredSources { get; } = [];

    public async Task InitializeAsync()
    {
        Fhir = await SandboxFhirServer.StartAsync();
        Broker = await RabbitMqBroker.StartAsync();
        Encounters = await SyntheaPatients.LoadAsync(Fhir.Http, "Raymon_Kris", "Lemuel_Hodkiewicz");
        await using var worker = await WorkerUnderTest.StartAsync(Fhir, Broker, Recorder, Concurrency, new Dictionary<string, string?> { ["Events:SourceSystem"] = "synthea" });
        var bus = worker.Services.GetRequiredService<IBus>();
        for (var i = 0; i < Encounters.Count; i++)
        {
            var encounterEvent = new EncounterEvent(Encounters[i].Reference, EncounterEventKinds.Finished, DateTimeOffset.UtcNow, SourceSystem: "synthea");
            if (i % 2 == 0)
            {
                await bus.Publish(encounterEvent);
            }
            else
            {
                await EventPublisher.PublishRawAsync(Broker, EventPublisher.Json(encounterEvent));
            }
        }
        await Recorder.WaitForAsync(r => r.Drafted.Count + r.Failed.Count >= Encounters.Count, TimeSpan.FromMinutes(3), $"{Encounters.Count} drafts");
        FhirRequests = worker.FhirRequests.Requests.ToList();
        // What each draft had to mention, worked out as the worker does, while the worker is still up.
        var reader = worker.Services.GetRequiredService<IClinicalContextReader>();
        var packs = worker.Services.GetRequiredService<LanguagePacks>();
        foreach (var encounter in Encounters)
        {
            var context = await reader.ReadAsync(EncounterId.TryParse(encounter.Reference, out var id, out _) ? id! : throw new InvalidOperationException(encounter.Reference), CancellationToken.None);
            var note = worker.Services.GetRequiredService<NoteRuleBook>().Decide(context.Encounter).Notes.Single();
            RequiredSources[encounter.Reference] = NoteContract.Required(packs.For(note.Language).Notes[note.Template], FactExtractor.Extract(context)).Select(f => f.Source).Distinct().ToList();
        }
    }

    public async Task DisposeAsync()
    {
        Validator.Dispose();
        await Broker.DisposeAsync();
        await Fhir.DisposeAsync();
    }
}
