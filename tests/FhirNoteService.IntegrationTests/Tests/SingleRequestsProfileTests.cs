using System.Diagnostics;
using FhirNoteService.Contracts;
using FhirNoteService.IntegrationTests.Infrastructure;
using FhirNoteService.TestSupport;
using Hl7.Fhir.Model;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace FhirNoteService.IntegrationTests.Tests;

/// <summary>
/// The <c>single-requests</c> write profile against the sandbox as an EMR that takes single requests only
/// (<see cref="SandboxQuirks.SingleRequestsEmr"/>: no batch or transaction, If-None-Exist ignored, creates answered
/// with an empty body and a relative Location): redelivered and re-triggered events, a worker killed between two
/// requests, a signed note. Exactly one current draft per series, none lost, each with its Provenance, the signed
/// note untouched, nothing written as final.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SingleRequestsProfileTests : FreshServersTest
{
    [Fact]
    public async Task TransactionProfile_OnAnEmrWithoutTransactions_RefusesToStart_NamingWhatIsMissing()
    {
        await using var emr = await SandboxFhirServer.StartAsync(SandboxQuirks.SingleRequestsEmr);
        var settings = new Dictionary<string, string>(Broker.WorkerSettings("__")) { ["Fhir__BaseUrl"] = emr.BaseUrl.ToString() };

        var (exitCode, output) = await WorkerProcess.RunCommandAsync("run", settings);

        Assert.Equal(2, exitCode);
        Assert.Contains("Fhir:WriteProfile is transaction, but the FHIR server's CapabilityStatement does not offer transaction, batch; for a server without transactions use Fhir:WriteProfile=single-requests", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redelivered_Retriggered_AndSigned_OneCurrentDraftPerSeries_EachWithItsProvenance_NothingFinal()
    {
        await using var emr = await SandboxFhirServer.StartAsync();
        var encounters = (await SyntheaPatients.LoadAsync(emr.Http, "Edward_Gulgowski", "Liz_Conn")).Take(2).Select(e => e.Reference).ToList();
        await emr.BecomeAsync(SandboxQuirks.SingleRequestsEmr);
        var recorder = new BusRecorder();
        await using var worker = await WorkerUnderTest.StartAsync(emr, Broker, recorder, settings: new Dictionary<string, string?> { ["Fhir:WriteProfile"] = "single-requests" });
        var bus = worker.Services.GetRequiredService<IBus>();

        // The first encounter's event twice (a redelivery), the second's once.
        foreach (var encounter in new[] { encounters[0], encounters[0], encounters[1] })
        {
            await bus.Publish(new EncounterEvent(encounter, EncounterEventKinds.Finished, DateTimeOffset.UtcNow));
        }
        await recorder.WaitForAsync(r => r.NoteOutcomes + r.Failed.Count >= 3, TimeSpan.FromMinutes(1), "three outcomes");
        Assert.Empty(recorder.Failed);
        foreach (var encounter in encounters)
        {
            await AssertOneCurrentDraftWithProvenanceAsync(emr, encounter);
        }
        Assert.Single(await FhirQueries.SearchAsync<Device>(emr));

        // A changed record supersedes the first encounter's draft with a new one that replaces it.
        var first = (await FhirQueries.SearchAsync<DocumentReference>(emr, $"encounter={encounters[0]}")).Single();
        await EmrEdits.AddConditionAsync(emr, encounters[0], first.Subject.Reference);
        await bus.Publish(new EncounterEvent(encounters[0], EncounterEventKinds.Finished, DateTimeOffset.UtcNow));
        await recorder.WaitForAsync(r => r.NoteOutcomes + r.Failed.Count >= 4, TimeSpan.FromMinutes(1), "the re-triggered note");
        var current = await AssertOneCurrentDraftWithProvenanceAsync(emr, encounters[0]);
        Assert.Equal($"DocumentReference/{first.Id}", current.RelatesTo.Single().Target.Reference);
        Assert.Equal(DocumentReferenceStatus.Superseded, (await FhirQueries.SearchAsync<DocumentReference>(emr, $"_id={first.Id}")).Single().Status);

        // A note a clinician signed is left as it is when its record changes.
        var second = (await FhirQueries.SearchAsync<DocumentReference>(emr, $"encounter={encounters[1]}")).Single();
        var (signedJson, subject) = await EmrEdits.ChangeAsync(emr, $"DocumentReference/{second.Id}", EmrEdits.Sign);
        await EmrEdits.AddConditionAsync(emr, encounters[1], subject.Reference);
        await bus.Publish(new EncounterEvent(encounters[1], EncounterEventKinds.Finished, DateTimeOffset.UtcNow));
        await recorder.WaitForAsync(r => r.NoteOutcomes + r.Failed.Count >= 5, TimeSpan.FromMinutes(1), "the signed note's re-trigger");
        Assert.Empty(recorder.Failed);
        Assert.Equal(signedJson, (await EmrEdits.ReadAsync(emr, $"DocumentReference/{second.Id}")).Json);
        Assert.Single(await FhirQueries.SearchAsync<DocumentReference>(emr, $"encounter={encounters[1]}"));

        var written = await FhirQueries.SearchAsync<DocumentReference>(emr);
        Assert.All(written.Where(d => d.Id != second.Id), d => Assert.Equal(CompositionStatus.Preliminary, d.DocStatus));
    }

    [Fact]
    public async Task WorkerKilledBetweenTheDocumentAndItsProvenance_TheNextDeliveryCompletesIt_WithoutASecondNote()
    {
        await using var emr = await SandboxFhirServer.StartAsync();
        var encounter = (await SyntheaPatients.LoadAsync(emr.Http, "Edward_Gulgowski"))[0].Reference;
        await emr.BecomeAsync(SandboxQuirks.SingleRequestsEmr);
        await using var proxy = await FaultyFhirProxy.StartAsync(emr.BaseUrl);
        var provenanceSent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // The first Provenance create is held, never forwarded: the worker dies waiting for it.
        proxy.Intercept = async (context, _) =>
        {
            if (context.Request.Method != "POST" || context.Request.Path != "/Provenance" || !provenanceSent.TrySetResult())
            {
                return false;
            }
            await System.Threading.Tasks.Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return true;
        };
        var settings = new Dictionary<string, string>(Broker.WorkerSettings("__"))
        {
            ["Fhir__BaseUrl"] = proxy.BaseUrl.ToString(),
            ["Fhir__WriteProfile"] = "single-requests",
        };
        var first = await WorkerProcess.StartAsync(settings, "single-requests-worker");
        await EventPublisher.PublishFinishedAsync(Broker, [encounter]);
        await provenanceSent.Task.WaitAsync(TimeSpan.FromMinutes(1));
        await first.KillAsync();
        await first.DisposeAsync();
        var orphan = (await FhirQueries.SearchAsync<DocumentReference>(emr, $"encounter={encounter}")).Single();
        Assert.Empty(await FhirQueries.SearchAsync<Provenance>(emr, $"target=DocumentReference/{orphan.Id}"));

        await using var second = await WorkerProcess.StartAsync(settings, "single-requests-worker");
        var deadline = Stopwatch.StartNew();
        while ((await FhirQueries.SearchAsync<Provenance>(emr, $"target=DocumentReference/{orphan.Id}")).Count == 0 && deadline.Elapsed < TimeSpan.FromMinutes(1))
        {
            await System.Threading.Tasks.Task.Delay(250);
        }
        var current = await AssertOneCurrentDraftWithProvenanceAsync(emr, encounter);
        Assert.Equal(orphan.Id, current.Id);
    }

    private static async Task<DocumentReference> AssertOneCurrentDraftWithProvenanceAsync(SandboxFhirServer emr, string encounter)
    {
        var documents = await FhirQueries.SearchAsync<DocumentReference>(emr, $"encounter={encounter}", "status=current");
        var document = Assert.Single(documents);
        Assert.Equal(CompositionStatus.Preliminary, document.DocStatus);
        Assert.Single(await FhirQueries.SearchAsync<Provenance>(emr, $"target=DocumentReference/{document.Id}"));
        Assert.StartsWith("Device/", document.Author.Single().Reference, StringComparison.Ordinal);
        return document;
    }
}
