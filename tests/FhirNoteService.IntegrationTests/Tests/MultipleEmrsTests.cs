using FhirNoteService.Contracts;
using FhirNoteService.IntegrationTests.Infrastructure;
using FhirNoteService.TestSupport;
using Hl7.Fhir.Model;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace FhirNoteService.IntegrationTests.Tests;

/// <summary>
/// One worker serving two EMRs (two sandbox servers): one takes transactions and gets English notes, the other takes
/// single requests only and gets Chinese notes. Each receives only its own drafts; an event naming no EMR the worker
/// serves ends in the error queue with that reason.
/// </summary>
[Trait("Category", "Integration")]
public sealed class MultipleEmrsTests : FreshServersTest
{
    [Fact]
    public async Task TwoEmrs_EachGetsOnlyItsOwnDrafts_InItsLanguageAndWriteProfile_AndAnUnknownEmrIsRefused()
    {
        await using var hospitalA = await SandboxFhirServer.StartAsync();
        await using var hospitalB = await SandboxFhirServer.StartAsync();
        var encounterA = (await SyntheaPatients.LoadAsync(hospitalA.Http, "Edward_Gulgowski"))[0].Reference;
        var encounterB = (await SyntheaPatients.LoadAsync(hospitalB.Http, "Liz_Conn"))[0].Reference;
        await hospitalB.BecomeAsync(SandboxQuirks.SingleRequestsEmr);
        var recorder = new BusRecorder();
        await using var worker = await WorkerUnderTest.StartAsync(Fhir, Broker, recorder, settings: new Dictionary<string, string?>
        {
            ["Emrs:hospital-a:Fhir:BaseUrl"] = hospitalA.BaseUrl.ToString(),
            ["Emrs:hospital-b:Fhir:BaseUrl"] = hospitalB.BaseUrl.ToString(),
            ["Emrs:hospital-b:Fhir:WriteProfile"] = "single-requests",
            ["Emrs:hospital-b:Drafts:Language"] = "zh-CN",
        });
        var bus = worker.Services.GetRequiredService<IBus>();

        await bus.Publish(new EncounterEvent(encounterA, EncounterEventKinds.Finished, DateTimeOffset.UtcNow, SourceSystem: "hospital-a"));
        await bus.Publish(new EncounterEvent(encounterB, EncounterEventKinds.Finished, DateTimeOffset.UtcNow, SourceSystem: "hospital-b"));
        await bus.Publish(new EncounterEvent(encounterA, EncounterEventKinds.Finished, DateTimeOffset.UtcNow, SourceSystem: "hospital-c"));
        await bus.Publish(new EncounterEvent(encounterB, EncounterEventKinds.Finished, DateTimeOffset.UtcNow));
        await recorder.WaitForAsync(r => r.NoteOutcomes + r.Failed.Count >= 4, TimeSpan.FromMinutes(1), "four outcomes");

        Assert.Equal(2, recorder.Drafted.Count);
        Assert.Equal(2, recorder.Failed.Count);
        Assert.All(recorder.Failed, f => Assert.Equal("InvalidEvent", f.Kind));
        Assert.Contains(recorder.Failed, f => f.Reason == "InvalidEvent: sourceSystem names an EMR this worker does not serve; it serves: hospital-a, hospital-b");
        Assert.Contains(recorder.Failed, f => f.Reason == "InvalidEvent: the event names no EMR (sourceSystem); this worker serves several: hospital-a, hospital-b");

        var inA = Assert.Single(await FhirQueries.SearchAsync<DocumentReference>(hospitalA));
        var inB = Assert.Single(await FhirQueries.SearchAsync<DocumentReference>(hospitalB));
        Assert.Equal(encounterA, inA.Context.Encounter.Single().Reference);
        Assert.Equal(encounterB, inB.Context.Encounter.Single().Reference);
        Assert.Equal("en-US", inA.Content.Single().Attachment.Language);
        Assert.Equal("zh-CN", inB.Content.Single().Attachment.Language);
        Assert.Single(await FhirQueries.SearchAsync<Provenance>(hospitalB, $"target=DocumentReference/{inB.Id}"));
        Assert.Empty(await FhirQueries.SearchAsync<DocumentReference>(Fhir));
    }

    [Fact]
    public async Task ReceiverRoute_StampsItsEmr_AndTheEventIsDraftedInThatEmrOnly()
    {
        await using var hospitalB = await SandboxFhirServer.StartAsync();
        var encounterB = (await SyntheaPatients.LoadAsync(hospitalB.Http, "Liz_Conn"))[0].Reference;
        var recorder = new BusRecorder();
        await using var worker = await WorkerUnderTest.StartAsync(Fhir, Broker, recorder, settings: new Dictionary<string, string?>
        {
            ["Emrs:hospital-a:Fhir:BaseUrl"] = Fhir.BaseUrl.ToString(),
            ["Emrs:hospital-b:Fhir:BaseUrl"] = hospitalB.BaseUrl.ToString(),
        });
        await using var receiver = await ReceiverUnderTest.StartAsync(Broker, Fhir, new Dictionary<string, string> { ["Receiver__Sources__grid__SourceSystem"] = "hospital-b" });

        var answer = await receiver.PostEventGridAsync(EmrNotifications.EventGrid("Microsoft.HealthcareApis.FhirResourceUpdated", "Encounter", encounterB["Encounter/".Length..], 1));
        Assert.Equal(System.Net.HttpStatusCode.OK, answer.StatusCode);
        await recorder.WaitForAsync(r => r.NoteOutcomes + r.Failed.Count >= 1, TimeSpan.FromMinutes(1), "the routed event");

        Assert.Empty(recorder.Failed);
        Assert.Equal(encounterB, Assert.Single(await FhirQueries.SearchAsync<DocumentReference>(hospitalB)).Context.Encounter.Single().Reference);
        Assert.Empty(await FhirQueries.SearchAsync<DocumentReference>(Fhir));
    }
}
