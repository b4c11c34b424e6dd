using System.Text;
using FhirNoteService.Core.Drafts;
using FhirNoteService.IntegrationTests.Infrastructure;
using Hl7.Fhir.Model;

namespace FhirNoteService.IntegrationTests.Tests;

[Trait("Category", "Integration")]
public sealed class EndToEndTests(EndToEndFixture fixture) : IClassFixture<EndToEndFixture>
{
    private static readonly Dictionary<string, string> NoteTypeByClass = new() { ["IMP"] = "18842-5", ["EMER"] = "34111-5", ["AMB"] = "11506-3" };

    [Fact]
    public void Encounters_CoverInpatientEmergencyAndAmbulatory()
    {
        Assert.Equal(["AMB", "EMER", "IMP"], fixture.Encounters.Select(e => e.ClassCode).Distinct().Order());
    }

    [Fact]
    public async Task Worker_EveryFinishedEncounter_GetsExactlyOneDraft()
    {
        Assert.Empty(fixture.Recorder.Failed);
        Assert.Equal(fixture.Encounters.Count, fixture.Recorder.Drafted.Count);
        var all = await FhirQueries.SearchAsync<DocumentReference>(fixture.Fhir, "_count=1000");
        Assert.Equal(fixture.Encounters.Count, all.Count);
        foreach (var encounter in fixture.Encounters)
        {
            var drafts = await FhirQueries.SearchAsync<DocumentReference>(fixture.Fhir, $"encounter={encounter.Reference}");
            Assert.Single(drafts);
        }
    }

    [Fact]
    public async Task Draft_MentionsEverythingItsContractRequires()
    {
        Assert.Contains(fixture.RequiredSources.Values, sources => sources.Count > 1);
        foreach (var encounter in fixture.Encounters)
        {
            var document = (await FhirQueries.SearchAsync<DocumentReference>(fixture.Fhir, $"encounter={encounter.Reference}")).Single();
            var provenance = (await FhirQueries.SearchAsync<Provenance>(fixture.Fhir, $"target=DocumentReference/{document.Id}")).Single();
            var drawnOn = provenance.Entity.Select(e => e.What.Reference).ToHashSet();
            Assert.All(fixture.RequiredSources[encounter.Reference], source => Assert.Contains(source, drawnOn));
        }
    }

    [Fact]
    public async Task Draft_CarriesEveryRequiredField()
    {
        foreach (var encounter in fixture.Encounters)
        {
            var document = (await FhirQueries.SearchAsync<DocumentReference>(fixture.Fhir, $"encounter={encounter.Reference}")).Single();
            var clinical = await FhirQueries.SearchAsync<Encounter>(fixture.Fhir, $"_id={encounter.Reference["Encounter/".Length..]}");

            Assert.Equal(DocumentReferenceStatus.Current, document.Status);
            Assert.Equal(CompositionStatus.Preliminary, document.DocStatus);
            Assert.Contains(document.Meta.Security, s => s.System == FhirCodes.ObservationValueSystem && s.Code == "AIAST");
            Assert.Equal(NoteTypeByClass[encounter.ClassCode], document.Type.Coding.Single(c => c.System == "http://loinc.org").Code);
            Assert.Equal("clinical-note", document.Category.Single().Coding.Single().Code);
            Assert.Equal(clinical.Single().Subject.Reference, document.Subject.Reference);
            Assert.Equal(encounter.Reference, document.Context.Encounter.Single().Reference);
            Assert.Equal(clinical.Single().Period.Start, document.Context.Period.Start);
            Assert.NotNull(document.Date);
            Assert.StartsWith("Device/", document.Author.Single().Reference, StringComparison.Ordinal);
            Assert.Equal(clinical.Single().ServiceProvider.Reference, document.Custodian.Reference);
            Assert.Contains("AI-generated draft", document.Description, StringComparison.Ordinal);
            var attachment = document.Content.Single().Attachment;
            Assert.Equal("text/plain; charset=utf-8", attachment.ContentType);
            Assert.Equal("en-US", attachment.Language);
            Assert.Equal("urn:fhirnoteservice:note-draft", document.Identifier.Single().System);
        }
    }

    [Fact]
    public async Task Provenance_NamesTheDeviceAndListsEverySourceResource()
    {
        var devices = await FhirQueries.SearchAsync<Device>(fixture.Fhir);
        var device = Assert.Single(devices);
        foreach (var encounter in fixture.Encounters)
        {
            var document = (await FhirQueries.SearchAsync<DocumentReference>(fixture.Fhir, $"encounter={encounter.Reference}")).Single();
            var provenance = Assert.Single(await FhirQueries.SearchAsync<Provenance>(fixture.Fhir, $"target=DocumentReference/{document.Id}"));
            Assert.Equal($"Device/{device.Id}", provenance.Agent.Single().Who.Reference);
            Assert.Equal("author", provenance.Agent.Single().Type.Coding.Single().Code);
            var sources = provenance.Entity.Select(e => e.What.Reference).ToHashSet();
            Assert.Contains(encounter.Reference, sources);
            foreach (var condition in await FhirQueries.SearchAsync<Condition>(fixture.Fhir, $"encounter={encounter.Reference}"))
            {
                Assert.Contains($"Condition/{condition.Id}", sources);
            }
            foreach (var request in await FhirQueries.SearchAsync<MedicationRequest>(fixture.Fhir, $"encounter={encounter.Reference}"))
            {
                Assert.Contains($"MedicationRequest/{request.Id}", sources);
            }
        }
    }

    [Fact]
    public async Task NoteText_MentionsTheEncountersDiagnosesAndMedications()
    {
        var checkedAny = false;
        foreach (var encounter in fixture.Encounters)
        {
            var document = (await FhirQueries.SearchAsync<DocumentReference>(fixture.Fhir, $"encounter={encounter.Reference}")).Single();
            var text = Encoding.UTF8.GetString(document.Content.Single().Attachment.Data);
            foreach (var condition in await FhirQueries.SearchAsync<Condition>(fixture.Fhir, $"encounter={encounter.Reference}"))
            {
                Assert.Contains(condition.Code.Coding[0].Display, text, StringComparison.Ordinal);
                checkedAny = true;
            }
            foreach (var request in await FhirQueries.SearchAsync<MedicationRequest>(fixture.Fhir, $"encounter={encounter.Reference}"))
            {
                Assert.Contains(((CodeableConcept)request.Medication).Coding[0].Display, text, StringComparison.Ordinal);
                checkedAny = true;
            }
        }
        Assert.True(checkedAny, "the chosen patients should have diagnoses and medications");
    }

    [Fact]
    public async Task EveryWrite_ValidatesAgainstBaseR4AndUsCore()
    {
        var documents = await FhirQueries.SearchAsync<DocumentReference>(fixture.Fhir, "_count=1000");
        var provenances = await FhirQueries.SearchAsync<Provenance>(fixture.Fhir, "_count=1000");
        Assert.Equal(fixture.Encounters.Count, provenances.Count);
        foreach (var document in documents)
        {
            Assert.Empty(fixture.Validator.Errors(document));
            Assert.Empty(fixture.Validator.Errors(document, FhirCodes.UsCoreDocumentReference));
            // The service's own extension is defined (fhir/), so no validator finds it unknown.
            Assert.DoesNotContain(fixture.Validator.Warnings(document, FhirCodes.UsCoreDocumentReference), w => w.Contains("unsupported-statement-count", StringComparison.Ordinal));
        }
        foreach (var provenance in provenances)
        {
            Assert.Empty(fixture.Validator.Errors(provenance));
            Assert.Empty(fixture.Validator.Errors(provenance, FhirCodes.UsCoreProvenance));
            Assert.Empty(fixture.Validator.Errors(provenance, FhirCodes.AiProvenanceProfile));
        }
        // The AI-Provenance check is live: without its AIAST reason a Provenance fails it.
        var withoutReason = (Provenance)provenances[0].DeepCopy();
        withoutReason.Reason.Clear();
        Assert.Contains(fixture.Validator.Errors(withoutReason, FhirCodes.AiProvenanceProfile), e => e.Contains("reason", StringComparison.OrdinalIgnoreCase));
        foreach (var device in await FhirQueries.SearchAsync<Device>(fixture.Fhir))
        {
            Assert.Empty(fixture.Validator.Errors(device));
            Assert.Equal(FhirCodes.AiDeviceProfile, device.Meta.Profile.Single());
        }
    }

    // On a strict server: one batch read and one transaction per note, and a read-back by each of the worker's
    // first writes (at most one per note in flight) until one shows that this server resolves their references.
    [Fact]
    public void EachNote_TakesOneBatchReadAndOneTransactionWrite()
    {
        var requests = fixture.FhirRequests;
        Assert.All(requests, r => Assert.Equal(HttpMethod.Post, r.Method));
        Assert.Equal(fixture.Encounters.Count, requests.Count(r => r.BundleType == "transaction"));
        var readBacks = requests.Count(r => r.BundleType == "batch") - fixture.Encounters.Count;
        Assert.InRange(readBacks, 1, EndToEndFixture.Concurrency);
        Assert.Equal(requests.Count, (2 * fixture.Encounters.Count) + readBacks);
    }
}
