using System.Net.Http.Headers;
using System.Text;
using FhirNoteService.Contracts;
using FhirNoteService.IntegrationTests.Infrastructure;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace FhirNoteService.IntegrationTests.Tests;

/// <summary>Nothing the service writes may alter a note a clinician has signed.</summary>
[Trait("Category", "Integration")]
public sealed class SignedNoteTests : FreshServersTest
{
    [Fact]
    public async Task Worker_EncounterRetriggeredWithChangedDataAfterSigning_LeavesTheSignedNoteByteForByteUnchanged()
    {
        var encounter = (await SyntheaPatients.LoadAsync(Fhir.Http, "Edward_Gulgowski"))[0];
        var recorder = new BusRecorder();
        await using var worker = await WorkerUnderTest.StartAsync(Fhir, Broker, recorder);
        var bus = worker.Services.GetRequiredService<IBus>();
        await bus.Publish(new EncounterEvent(encounter.Reference, EncounterEventKinds.Finished, DateTimeOffset.UtcNow));
        await recorder.WaitForAsync(r => r.Drafted.Count == 1, TimeSpan.FromMinutes(1), "the draft");

        var draftReference = recorder.Drafted.Single().DocumentReference;
        var signed = await SignAsync(draftReference);
        await AddConditionAsync(encounter.Reference, signed.Subject.Reference);
        await bus.Publish(new EncounterEvent(encounter.Reference, EncounterEventKinds.Updated, DateTimeOffset.UtcNow));
        await bus.Publish(new EncounterEvent(encounter.Reference, EncounterEventKinds.Finished, DateTimeOffset.UtcNow));
        await recorder.WaitForAsync(r => r.Drafted.Count == 3 || !r.Faults.IsEmpty, TimeSpan.FromMinutes(1), "both re-triggers");

        var after = await Fhir.Http.GetStringAsync(draftReference);
        Assert.Equal(signed.Json, after);
        Assert.Single(await FhirQueries.SearchAsync<DocumentReference>(Fhir, $"encounter={encounter.Reference}"));
        Assert.All(recorder.Drafted.Skip(1), d => Assert.False(d.Created));
    }

    // What a clinician's signature does in the EMR: the note becomes final and gets an authenticator.
    private async Task<(string Json, ResourceReference Subject)> SignAsync(string reference)
    {
        var document = new FhirJsonDeserializer().Deserialize<DocumentReference>(await Fhir.Http.GetStringAsync(reference));
        document.DocStatus = CompositionStatus.Final;
        document.Authenticator = new ResourceReference("Practitioner/signing-clinician");
        using var content = new StringContent(document.ToJson(), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/fhir+json");
        using var response = await Fhir.Http.PutAsync(reference, content);
        response.EnsureSuccessStatusCode();
        return (await Fhir.Http.GetStringAsync(reference), document.Subject!);
    }

    private async Task AddConditionAsync(string encounter, string patient)
    {
        using var client = FhirQueries.Client(Fhir);
        await client.CreateAsync(new Condition
        {
            ClinicalStatus = new CodeableConcept("http://terminology.hl7.org/CodeSystem/condition-clinical", "active"),
            Code = new CodeableConcept("http://snomed.info/sct", "195662009", "Acute viral pharyngitis"),
            Subject = new ResourceReference(patient),
            Encounter = new ResourceReference(encounter),
        });
    }
}
