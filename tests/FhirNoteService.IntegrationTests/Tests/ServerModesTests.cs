using System.Text;
using FhirNoteService.Contracts;
using FhirNoteService.IntegrationTests.Infrastructure;
using FhirNoteService.TestSupport;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace FhirNoteService.IntegrationTests.Tests;

/// <summary>
/// The whole path against the strict sandbox and against each quirk of independent FHIR servers: racing and repeated
/// deliveries across two workers, a re-trigger after the record changed and one after a clinician signed. On every
/// server: one current draft per series, nothing dead-lettered, every announced draft in the EMR, every reference
/// of the draft and its Provenance resolving, and the note describing the record as it stood at its encounter.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ServerModesTests
{
    // Thirteen visits from 1976 to 2020: four allergies recorded in 1976, a problem from 1978 and one from 2015.
    private const string Patient = "Blair_Conroy";

    private static readonly FhirJsonDeserializer Parser = new();

    public static TheoryData<string> Modes => new(SandboxQuirks.EveryMode);

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Worker_OnEveryServer_WritesOneWholeDraftPerEncounterAsTheRecordStoodThen(string mode)
    {
        await using var fhir = await SandboxFhirServer.StartAsync(mode);
        await using var broker = await RabbitMqBroker.StartAsync();
        var encounters = await SyntheaPatients.LoadAsync(fhir.Http, Patient);
        var recorder = new BusRecorder();
        await using var first = await WorkerUnderTest.StartAsync(fhir, broker, recorder);
        await using var second = await WorkerUnderTest.StartAsync(fhir, broker);
        var bus = first.Services.GetRequiredService<IBus>();

        // Each event twice at once (racing deliveries, one a MassTransit envelope, one plain JSON), then once more.
        foreach (var encounter in encounters)
        {
            var finished = new EncounterEvent(encounter.Reference, EncounterEventKinds.Finished, DateTimeOffset.UtcNow);
            await Task.WhenAll(bus.Publish(finished), EventPublisher.PublishRawAsync(broker, EventPublisher.Json(finished)));
        }
        await recorder.WaitForAsync(r => r.NoteOutcomes + r.Failed.Count >= 2 * encounters.Count, TimeSpan.FromMinutes(2), "the racing deliveries");
        await EventPublisher.PublishFinishedAsync(broker, encounters.Select(e => e.Reference));
        await recorder.WaitForAsync(r => r.NoteOutcomes + r.Failed.Count >= 3 * encounters.Count, TimeSpan.FromMinutes(2), "the repeated deliveries");

        Assert.Empty(recorder.Failed);
        await AssertOneWholeDraftPerEncounterAsync(fhir, encounters.Select(e => e.Reference), recorder);
        await AssertTheRecordAsItStoodAsync(fhir, encounters.Select(e => e.Reference));

        // The record changes: the untouched draft is superseded. A signed note is left byte for byte as it is.
        var changed = encounters[^1].Reference;
        var signedEncounter = encounters[^2].Reference;
        var changedDraft = await CurrentDraftAsync(fhir, changed);
        var signed = await EmrEdits.ChangeAsync(fhir, $"DocumentReference/{(await CurrentDraftAsync(fhir, signedEncounter)).Id}", EmrEdits.Sign);
        await EmrEdits.AddConditionAsync(fhir, changed, signed.Subject.Reference);
        await EmrEdits.AddConditionAsync(fhir, signedEncounter, signed.Subject.Reference);
        var before = recorder.NoteOutcomes;
        await EventPublisher.PublishFinishedAsync(broker, [changed, signedEncounter]);
        await recorder.WaitForAsync(r => r.NoteOutcomes + r.Failed.Count >= before + 2, TimeSpan.FromMinutes(1), "the re-triggers");

        Assert.Empty(recorder.Failed);
        var superseding = Assert.Single(recorder.Drafted, d => d.Supersedes is not null);
        Assert.Equal($"DocumentReference/{changedDraft.Id}", superseding.Supersedes);
        Assert.Equal(DocumentReferenceStatus.Superseded, (await ReadAsync<DocumentReference>(fhir, superseding.Supersedes!)).Status);
        Assert.Contains("Acute viral pharyngitis", Text(await CurrentDraftAsync(fhir, changed)), StringComparison.Ordinal);
        Assert.Equal(signed.Json, await fhir.Http.GetStringAsync($"DocumentReference/{(await CurrentDraftAsync(fhir, signedEncounter)).Id}"));
        Assert.Contains(recorder.Skipped, s => s.Reason.StartsWith("signed: ", StringComparison.Ordinal));
        await AssertOneWholeDraftPerEncounterAsync(fhir, encounters.Select(e => e.Reference), recorder);
    }

    private static async Task AssertOneWholeDraftPerEncounterAsync(SandboxFhirServer fhir, IEnumerable<string> encounters, BusRecorder recorder)
    {
        foreach (var encounter in encounters)
        {
            var draft = await CurrentDraftAsync(fhir, encounter);
            Assert.All(draft.Author, a => Assert.StartsWith("Device/", a.Reference, StringComparison.Ordinal));
            await AssertResolvesAsync(fhir, draft.Author.Select(a => a.Reference));
            var provenance = Assert.Single(await FhirQueries.SearchAsync<Provenance>(fhir, $"target=DocumentReference/{draft.Id}"));
            await AssertResolvesAsync(fhir, provenance.Target.Select(t => t.Reference).Concat(provenance.Agent.Select(a => a.Who.Reference)));
        }
        foreach (var drafted in recorder.Drafted)
        {
            var document = await ReadAsync<DocumentReference>(fhir, drafted.DocumentReference);
            Assert.Equal(drafted.EncounterReference, document.Context.Encounter.Single().Reference);
        }
    }

    // Independent of the service's own logic: what was recorded by the visit's end is there; what began after it is not.
    private static async Task AssertTheRecordAsItStoodAsync(SandboxFhirServer fhir, IEnumerable<string> encounterReferences)
    {
        var allergies = await FhirQueries.SearchAsync<AllergyIntolerance>(fhir, "_count=100");
        var conditions = await FhirQueries.SearchAsync<Condition>(fhir, "_count=100");
        Assert.NotEmpty(allergies);
        var checkedOld = false;
        foreach (var reference in encounterReferences)
        {
            var encounter = await ReadAsync<Encounter>(fhir, reference);
            var start = DateTimeOffset.Parse(encounter.Period.Start, System.Globalization.CultureInfo.InvariantCulture);
            var end = DateTimeOffset.Parse(encounter.Period.End ?? encounter.Period.Start, System.Globalization.CultureInfo.InvariantCulture);
            var text = Text(await CurrentDraftAsync(fhir, reference));
            var reasons = encounter.ReasonCode.Select(r => r.Coding[0].Display).ToHashSet(StringComparer.Ordinal);
            foreach (var allergy in allergies.Where(a => DateTimeOffset.Parse(a.RecordedDate, System.Globalization.CultureInfo.InvariantCulture) <= end))
            {
                Assert.Contains(allergy.Code.Coding[0].Display, text, StringComparison.Ordinal);
            }
            foreach (var condition in conditions.Where(c => c.Encounter?.Reference != reference))
            {
                var onset = DateTimeOffset.Parse(((FhirDateTime)condition.Onset).Value, System.Globalization.CultureInfo.InvariantCulture);
                var display = condition.Code.Coding[0].Display;
                var namedByTheVisit = reasons.Contains(display) || conditions.Any(c => c.Encounter?.Reference == reference && c.Code.Coding[0].Display == display);
                if (onset > end && !namedByTheVisit)
                {
                    Assert.DoesNotContain(display, text, StringComparison.Ordinal);
                    checkedOld = true;
                }
                else if (onset <= start && condition.Abatement is null)
                {
                    Assert.Contains(display, text, StringComparison.Ordinal);
                }
            }
        }
        Assert.True(checkedOld, "an old encounter should have been checked for problems that began after it");
    }

    private static async Task<DocumentReference> CurrentDraftAsync(SandboxFhirServer fhir, string encounter) =>
        Assert.Single(await FhirQueries.SearchAsync<DocumentReference>(fhir, $"encounter={encounter}", "status=current"));

    private static async Task AssertResolvesAsync(SandboxFhirServer fhir, IEnumerable<string> references)
    {
        foreach (var reference in references)
        {
            Assert.DoesNotContain("urn:", reference, StringComparison.Ordinal);
            using var response = await fhir.Http.GetAsync(reference);
            Assert.True(response.IsSuccessStatusCode, $"{reference} does not resolve ({(int)response.StatusCode})");
        }
    }

    private static async Task<T> ReadAsync<T>(SandboxFhirServer fhir, string reference)
        where T : Resource =>
        Parser.Deserialize<T>(await fhir.Http.GetStringAsync(reference));

    private static string Text(DocumentReference document) => Encoding.UTF8.GetString(document.Content.Single().Attachment.Data);
}
