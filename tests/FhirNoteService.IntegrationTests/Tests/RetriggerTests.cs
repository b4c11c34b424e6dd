using System.Text;
using FhirNoteService.Contracts;
using FhirNoteService.IntegrationTests.Infrastructure;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace FhirNoteService.IntegrationTests.Tests;

/// <summary>
/// An encounter finished again: unchanged record, no write; changed record, the preliminary draft is superseded;
/// a note a clinician signed or edited is never modified.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RetriggerTests : FreshServersTest
{
    private static readonly FhirJsonDeserializer Parser = new();

    [Fact]
    public async Task Worker_RetriggerWithChangedRecord_SupersedesThePreliminaryDraft_AndAnUnchangedOneWritesNothing()
    {
        var encounter = (await SyntheaPatients.LoadAsync(Fhir.Http, "Edward_Gulgowski"))[0];
        var recorder = new BusRecorder();
        await using var worker = await WorkerUnderTest.StartAsync(Fhir, Broker, recorder);
        var first = await DraftAsync(worker, recorder, encounter.Reference, outcomes: 1);

        var requestsBefore = worker.FhirRequests.Requests.Count;
        await PublishFinishedAsync(worker, encounter.Reference);
        await recorder.WaitForAsync(r => r.NoteOutcomes == 2 || !r.Failed.IsEmpty, TimeSpan.FromMinutes(1), "the unchanged re-trigger");
        var unchanged = Assert.Single(recorder.Skipped);
        Assert.StartsWith("unchanged: ", unchanged.Reason, StringComparison.Ordinal);
        Assert.Equal(first.DocumentReference, unchanged.DocumentReference);
        Assert.Equal(1, worker.FhirRequests.Requests.Count - requestsBefore);

        var (firstJson, subject) = await EmrEdits.ReadAsync(Fhir, first.DocumentReference);
        await EmrEdits.AddConditionAsync(Fhir, encounter.Reference, subject.Reference);
        await PublishFinishedAsync(worker, encounter.Reference);
        await recorder.WaitForAsync(r => r.NoteOutcomes == 3 || !r.Failed.IsEmpty, TimeSpan.FromMinutes(1), "the changed re-trigger");

        Assert.Empty(recorder.Failed);
        var second = recorder.Drafted.Last();
        Assert.True(second.Created);
        Assert.Equal(first.DocumentReference, second.Supersedes);
        var old = Parser.Deserialize<DocumentReference>(await Fhir.Http.GetStringAsync(first.DocumentReference));
        Assert.Equal(DocumentReferenceStatus.Superseded, old.Status);
        var original = Parser.Deserialize<DocumentReference>(firstJson);
        Assert.Equal(original.Content[0].Attachment.Data, old.Content[0].Attachment.Data);
        var replacement = Parser.Deserialize<DocumentReference>(await Fhir.Http.GetStringAsync(second.DocumentReference));
        var relation = Assert.Single(replacement.RelatesTo);
        Assert.Equal(DocumentRelationshipType.Replaces, relation.Code);
        Assert.Equal(first.DocumentReference, relation.Target.Reference);
        Assert.Contains("Acute viral pharyngitis", Encoding.UTF8.GetString(replacement.Content[0].Attachment.Data), StringComparison.Ordinal);
        var current = await FhirQueries.SearchAsync<DocumentReference>(Fhir, $"encounter={encounter.Reference}", "status=current");
        Assert.Equal(second.DocumentReference, $"DocumentReference/{Assert.Single(current).Id}");
        var provenance = await FhirQueries.SearchAsync<Provenance>(Fhir, $"target={second.DocumentReference}");
        Assert.Contains(Assert.Single(provenance).Entity, e => e.Role == Provenance.ProvenanceEntityRole.Revision && e.What.Reference == first.DocumentReference);
    }

    [Fact]
    public async Task Worker_RetriggerAfterSigning_LeavesTheSignedNoteByteForByteUnchanged()
    {
        var encounter = (await SyntheaPatients.LoadAsync(Fhir.Http, "Edward_Gulgowski"))[0];
        var recorder = new BusRecorder();
        await using var worker = await WorkerUnderTest.StartAsync(Fhir, Broker, recorder);
        var draft = await DraftAsync(worker, recorder, encounter.Reference, outcomes: 1);

        var signed = await EmrEdits.ChangeAsync(Fhir, draft.DocumentReference, EmrEdits.Sign);
        await EmrEdits.AddConditionAsync(Fhir, encounter.Reference, signed.Subject.Reference);
        await worker.Services.GetRequiredService<IBus>().Publish(new EncounterEvent(encounter.Reference, EncounterEventKinds.Updated, DateTimeOffset.UtcNow));
        await PublishFinishedAsync(worker, encounter.Reference);
        await recorder.WaitForAsync(r => r.NoteOutcomes == 3 || !r.Failed.IsEmpty, TimeSpan.FromMinutes(1), "both re-triggers");

        Assert.Empty(recorder.Failed);
        Assert.Equal(signed.Json, await Fhir.Http.GetStringAsync(draft.DocumentReference));
        Assert.Single(await FhirQueries.SearchAsync<DocumentReference>(Fhir, $"encounter={encounter.Reference}"));
        Assert.Single(recorder.Drafted);
        Assert.All(recorder.Skipped, s =>
        {
            Assert.StartsWith("signed: ", s.Reason, StringComparison.Ordinal);
            Assert.Equal(draft.DocumentReference, s.DocumentReference);
        });
    }

    [Fact]
    public async Task Worker_RetriggerAfterAClinicianEditedTheDraft_LeavesTheEditAlone()
    {
        var encounter = (await SyntheaPatients.LoadAsync(Fhir.Http, "Edward_Gulgowski"))[0];
        var recorder = new BusRecorder();
        await using var worker = await WorkerUnderTest.StartAsync(Fhir, Broker, recorder);
        var draft = await DraftAsync(worker, recorder, encounter.Reference, outcomes: 1);

        var edited = await EmrEdits.ChangeAsync(Fhir, draft.DocumentReference, d => d.Content[0].Attachment.Data = Encoding.UTF8.GetBytes("Reviewed; the clinician's own wording."));
        await EmrEdits.AddConditionAsync(Fhir, encounter.Reference, edited.Subject.Reference);
        await PublishFinishedAsync(worker, encounter.Reference);
        await recorder.WaitForAsync(r => r.NoteOutcomes == 2 || !r.Failed.IsEmpty, TimeSpan.FromMinutes(1), "the re-trigger");

        Assert.Empty(recorder.Failed);
        Assert.StartsWith("edited: ", Assert.Single(recorder.Skipped).Reason, StringComparison.Ordinal);
        Assert.Equal(edited.Json, await Fhir.Http.GetStringAsync(draft.DocumentReference));
        Assert.Single(await FhirQueries.SearchAsync<DocumentReference>(Fhir, $"encounter={encounter.Reference}"));
    }

    [Fact]
    public async Task Worker_AddendumConfigured_WritesASeparateAddendumDraftToTheSignedNote()
    {
        var encounter = (await SyntheaPatients.LoadAsync(Fhir.Http, "Edward_Gulgowski"))[0];
        var recorder = new BusRecorder();
        var settings = new Dictionary<string, string?> { ["Drafts:AddendumWhenSigned"] = "true" };
        await using var worker = await WorkerUnderTest.StartAsync(Fhir, Broker, recorder, settings: settings);
        var draft = await DraftAsync(worker, recorder, encounter.Reference, outcomes: 1);

        var signed = await EmrEdits.ChangeAsync(Fhir, draft.DocumentReference, EmrEdits.Sign);
        await EmrEdits.AddConditionAsync(Fhir, encounter.Reference, signed.Subject.Reference);
        await PublishFinishedAsync(worker, encounter.Reference);
        await recorder.WaitForAsync(r => r.NoteOutcomes == 2 || !r.Failed.IsEmpty, TimeSpan.FromMinutes(1), "the re-trigger");
        await PublishFinishedAsync(worker, encounter.Reference);
        await recorder.WaitForAsync(r => r.NoteOutcomes == 3 || !r.Failed.IsEmpty, TimeSpan.FromMinutes(1), "the repeated re-trigger");

        Assert.Empty(recorder.Failed);
        Assert.Equal(signed.Json, await Fhir.Http.GetStringAsync(draft.DocumentReference));
        var addendum = Assert.Single(recorder.Drafted, d => d.AddendumTo is not null);
        Assert.Equal(draft.DocumentReference, addendum.AddendumTo);
        var document = Parser.Deserialize<DocumentReference>(await Fhir.Http.GetStringAsync(addendum.DocumentReference));
        Assert.Equal(CompositionStatus.Preliminary, document.DocStatus);
        var relation = Assert.Single(document.RelatesTo);
        Assert.Equal(DocumentRelationshipType.Appends, relation.Code);
        Assert.Equal(draft.DocumentReference, relation.Target.Reference);
        Assert.StartsWith("Addendum: ", document.Content[0].Attachment.Title, StringComparison.Ordinal);
        Assert.Equal(2, (await FhirQueries.SearchAsync<DocumentReference>(Fhir, $"encounter={encounter.Reference}")).Count);
        Assert.StartsWith("unchanged: ", recorder.Skipped.Last().Reason, StringComparison.Ordinal);
    }

    private static async Task<NoteDrafted> DraftAsync(WorkerUnderTest worker, BusRecorder recorder, string encounter, int outcomes)
    {
        await PublishFinishedAsync(worker, encounter);
        await recorder.WaitForAsync(r => r.NoteOutcomes == outcomes || !r.Failed.IsEmpty, TimeSpan.FromMinutes(1), "the draft");
        Assert.Empty(recorder.Failed);
        return Assert.Single(recorder.Drafted);
    }

    private static Task PublishFinishedAsync(WorkerUnderTest worker, string encounter) =>
        worker.Services.GetRequiredService<IBus>().Publish(new EncounterEvent(encounter, EncounterEventKinds.Finished, DateTimeOffset.UtcNow));
}
