using System.Net;
using FhirNoteService.Core.Context;
using FhirNoteService.Core.Drafts;
using FhirNoteService.Core.Events;
using FhirNoteService.Core.Notes;
using FhirNoteService.Core.Pipeline;
using FhirNoteService.TestSupport;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;

namespace FhirNoteService.UnitTests.Fhir;

public class FhirBatchContextReaderTests
{
    private static readonly EncounterId Encounter = Parse("Encounter/enc-1");

    private static EncounterId Parse(string reference) =>
        EncounterId.TryParse(reference, out var id, out _) ? id! : throw new ArgumentException(reference);

    private static Bundle Searchset(params Resource[] resources) => new()
    {
        Type = Bundle.BundleType.Searchset,
        Total = resources.Length,
        Entry = resources.Select(r => new Bundle.EntryComponent { Resource = r, Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Match } }).ToList(),
    };

    private static Bundle BatchResponse(Bundle head, params Bundle[] rest) => new()
    {
        Type = Bundle.BundleType.BatchResponse,
        Entry = new[] { head }.Concat(rest).Select(b => new Bundle.EntryComponent { Resource = b, Response = new Bundle.ResponseComponent { Status = "200 OK" } }).ToList(),
    };

    // A strict server's self links: each searchset names the search exactly as it was asked.
    private static Bundle AsUnderstood(Bundle response, Bundle? request)
    {
        for (var i = 0; i < response.Entry.Count; i++)
        {
            if (response.Entry[i].Resource is Bundle searchset)
            {
                searchset.Link = [new Bundle.LinkComponent { Relation = "self", Url = $"http://emr.test/fhir/{request!.Entry[i].Request.Url}" }];
            }
        }
        return response;
    }

    private static Bundle FullAnswer(params DocumentReference[] currentDrafts)
    {
        var context = ContextFixtures.Context();
        var head = Searchset([context.Encounter, context.Patient, .. context.PatientConditions, .. context.AllergyIntolerances]);
        return BatchResponse(
            head,
            Searchset([.. context.EncounterConditions]),
            Searchset([.. context.Observations]),
            Searchset([.. context.MedicationRequests]),
            Searchset([.. context.Procedures]),
            Searchset(),
            Searchset(currentDrafts));
    }

    [Fact]
    public async Task ReadAsync_WholeContext_TakesOneBatchRequest()
    {
        var server = new FakeFhirServer { Answer = body => (HttpStatusCode.OK, AsUnderstood(FullAnswer(), body)) };
        using var services = server.BuildServices();

        var context = await FakeFhirServer.Reader(services).ReadAsync(Encounter, CancellationToken.None);

        var (method, uri, body, prefer) = Assert.Single(server.Requests);
        Assert.Equal(HttpMethod.Post, method);
        Assert.Equal("http://emr.test/fhir", uri.AbsoluteUri.TrimEnd('/'));
        Assert.Equal(Bundle.BundleType.Batch, body!.Type);
        Assert.Equal(7, body.Entry.Count);
        Assert.All(body.Entry, e => Assert.Equal(Bundle.HTTPVerb.GET, e.Request.Method));
        Assert.Equal("return=representation", prefer);
        Assert.Equal("enc-1", context.Encounter.Id);
        Assert.Equal("pat-1", context.Patient.Id);
        Assert.Equal(4, context.Observations.Count);
        Assert.Equal(3, context.PatientConditions.Count);
        Assert.Single(context.AllergyIntolerances);
    }

    [Fact]
    public async Task ReadAsync_Searches_AreBoundedPerTypeAndScopedToTheEncounter()
    {
        var server = new FakeFhirServer { Answer = body => (HttpStatusCode.OK, AsUnderstood(FullAnswer(), body)) };
        using var services = server.BuildServices(new Dictionary<string, string?> { ["Fhir:Limits:Observations"] = "7" });

        await FakeFhirServer.Reader(services).ReadAsync(Encounter, CancellationToken.None);

        var urls = server.Requests.Single().Body!.Entry.Select(e => e.Request.Url).ToList();
        Assert.StartsWith("Encounter?_id=enc-1&_include=Encounter:patient", urls[0], StringComparison.Ordinal);
        Assert.Contains("Observation?encounter=Encounter/enc-1&_count=7&_sort=-date", urls);
        Assert.All(urls.Skip(1).Take(5), u => Assert.Contains("encounter=Encounter/enc-1&_count=", u, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReadAsync_CurrentDrafts_AreReadInTheSameBatchByTheirSeriesIdentifiers()
    {
        var ours = new DocumentReference { Id = "doc-1", Status = DocumentReferenceStatus.Current };
        var server = new FakeFhirServer { Answer = body => (HttpStatusCode.OK, AsUnderstood(FullAnswer(ours), body)) };
        using var services = server.BuildServices();

        var context = await FakeFhirServer.Reader(services).ReadAsync(Encounter, CancellationToken.None);

        var url = server.Requests.Single().Body!.Entry[6].Request.Url;
        var identifiers = services.GetRequiredService<DraftIdentifiers>();
        // The default rules give three note types: their series, and their addenda's.
        var series = identifiers.AllSeries(Encounter, [ClinicalNoteType.DischargeSummary, ClinicalNoteType.EmergencyDepartmentNote, ClinicalNoteType.ProgressNote]);
        Assert.Equal(6, series.Count);
        Assert.StartsWith("DocumentReference?identifier=", url, StringComparison.Ordinal);
        Assert.EndsWith("&status=current&_count=24&_revinclude=Provenance:target", url, StringComparison.Ordinal);
        Assert.All(series, s => Assert.Contains($"urn%3Afhirnoteservice%3Anote-draft|{s.Value}", url, StringComparison.Ordinal));
        Assert.Equal("doc-1", Assert.Single(context.CurrentDrafts).Id);
    }

    [Fact]
    public async Task ReadAsync_UnknownEncounter_IsAPermanentNotFound()
    {
        var server = new FakeFhirServer { Answer = body => (HttpStatusCode.OK, AsUnderstood(BatchResponse(Searchset(), Searchset(), Searchset(), Searchset(), Searchset(), Searchset(), Searchset()), body)) };
        using var services = server.BuildServices();

        var error = await Assert.ThrowsAsync<PermanentNoteFailureException>(() => FakeFhirServer.Reader(services).ReadAsync(Encounter, CancellationToken.None));

        Assert.Equal(PermanentFailureKind.EncounterNotFound, error.Kind);
        Assert.Equal("EncounterNotFound: Encounter/enc-1 does not exist on the FHIR server", error.Message);
    }

    [Fact]
    public async Task ReadAsync_EncounterWithoutSubject_IsAPermanentFailure()
    {
        var encounter = ContextFixtures.Encounter();
        encounter.Subject = null;
        var server = new FakeFhirServer { Answer = body => (HttpStatusCode.OK, AsUnderstood(BatchResponse(Searchset(encounter), Searchset(), Searchset(), Searchset(), Searchset(), Searchset(), Searchset()), body)) };
        using var services = server.BuildServices();

        var error = await Assert.ThrowsAsync<PermanentNoteFailureException>(() => FakeFhirServer.Reader(services).ReadAsync(Encounter, CancellationToken.None));

        Assert.Equal(PermanentFailureKind.EncounterWithoutPatient, error.Kind);
    }

    [Fact]
    public async Task ReadAsync_ServerError_PropagatesAsTransientAfterRetries()
    {
        var server = new FakeFhirServer { Answer = _ => (HttpStatusCode.ServiceUnavailable, null) };
        using var services = server.BuildServices();

        var error = await Assert.ThrowsAsync<DependencyUnavailableException>(() => FakeFhirServer.Reader(services).ReadAsync(Encounter, CancellationToken.None));

        Assert.Equal(Dependency.FhirServer, error.Dependency);
        Assert.Equal("context read of Encounter/enc-1: HTTP 503", error.Reason);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task ReadAsync_BadRequest_IsPermanentAndNotRetried()
    {
        var outcome = new OperationOutcome { Issue = [new OperationOutcome.IssueComponent { Severity = OperationOutcome.IssueSeverity.Error, Code = OperationOutcome.IssueType.Invalid }] };
        var server = new FakeFhirServer { Answer = _ => (HttpStatusCode.BadRequest, outcome) };
        using var services = server.BuildServices();

        var error = await Assert.ThrowsAsync<PermanentNoteFailureException>(() => FakeFhirServer.Reader(services).ReadAsync(Encounter, CancellationToken.None));

        Assert.Equal(PermanentFailureKind.InvalidContext, error.Kind);
        Assert.Contains("HTTP 400 (error invalid)", error.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    // A server that ignores _revinclude:iterate: the head has the encounter and the patient only, and its self link omits it.
    private static Bundle Ignoring(Bundle? request, bool answerPatientSearches = true, bool ignorePatientParameter = false)
    {
        var context = ContextFixtures.Context();
        if (request!.Entry.Count == 7)
        {
            var answer = AsUnderstood(FullAnswer(), request);
            var head = (Bundle)answer.Entry[0].Resource;
            head.Entry.RemoveAll(e => e.Resource is Condition or AllergyIntolerance or MedicationRequest);
            head.Link[0].Url = "http://emr.test/fhir/Encounter?_id=enc-1&_include=Encounter:patient";
            return answer;
        }
        var records = request.Entry.Select(e => e.Request.Url.Split('?')[0] switch
        {
            "AllergyIntolerance" => Searchset([.. context.AllergyIntolerances, new AllergyIntolerance { Id = "all-x", Code = new CodeableConcept("http://snomed.info/sct", "1", "Allergy to a stranger's thing"), Patient = new ResourceReference("Patient/someone-else") }]),
            "Condition" => Searchset([.. context.PatientConditions]),
            "MedicationRequest" => Searchset([.. context.MedicationRequests]),
            _ => Searchset(context.Patient),
        }).ToArray();
        var response = AsUnderstood(BatchResponse(records[0], records[1..]), request);
        if (ignorePatientParameter)
        {
            var allergies = (Bundle)response.Entry[0].Resource;
            allergies.Link[0].Url = "http://emr.test/fhir/AllergyIntolerance?_count=500";
        }
        return answerPatientSearches ? response : new Bundle { Type = Bundle.BundleType.BatchResponse };
    }

    [Fact]
    public async Task ReadAsync_ServerIgnoredRevincludeIterate_ReadsThePatientsRecordsWithPlainSearches()
    {
        var server = new FakeFhirServer { Answer = body => (HttpStatusCode.OK, Ignoring(body)) };
        using var services = server.BuildServices();

        var context = await FakeFhirServer.Reader(services).ReadAsync(Encounter, CancellationToken.None);

        Assert.Equal(2, server.Requests.Count);
        var followUp = server.Requests.Last().Body!.Entry.Select(e => e.Request.Url).ToList();
        Assert.Equal(["AllergyIntolerance?patient=Patient/pat-1&_count=500", "Condition?patient=Patient/pat-1&_count=500", "MedicationRequest?patient=Patient/pat-1&_count=500"], followUp);
        Assert.Equal("all-1", Assert.Single(context.AllergyIntolerances).Id);
        Assert.Equal(3, context.PatientConditions.Count);
        Assert.Single(context.PatientMedications);
        Assert.Empty(context.Unread);
    }

    [Fact]
    public async Task ReadAsync_ServerIgnoredThePatientParameterToo_SaysTheAllergiesAreUnreadRatherThanLeaveThemOut()
    {
        var server = new FakeFhirServer { Answer = body => (HttpStatusCode.OK, Ignoring(body, ignorePatientParameter: true)) };
        using var services = server.BuildServices();

        var context = await FakeFhirServer.Reader(services).ReadAsync(Encounter, CancellationToken.None);

        Assert.Equal([RecordPart.Allergies], context.Unread);
        Assert.Empty(context.AllergyIntolerances);
        Assert.Equal(3, context.PatientConditions.Count);
    }

    [Fact]
    public async Task ReadAsync_NoSelfLinks_ReadsThePatientsRecordsAgainToBeSure()
    {
        var server = new FakeFhirServer
        {
            Answer = body => (HttpStatusCode.OK, body!.Entry.Count == 7 ? FullAnswer() : Ignoring(body)),
        };
        using var services = server.BuildServices();

        await FakeFhirServer.Reader(services).ReadAsync(Encounter, CancellationToken.None);

        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task ReadAsync_ServerAnsweredWithOtherEncountersResources_KeepsOnlyThisEncountersOwn()
    {
        var other = ContextFixtures.Condition("cond-x", "1", "Someone else's diagnosis", "active");
        other.Encounter = new ResourceReference("Encounter/enc-2");
        var server = new FakeFhirServer
        {
            Answer = body =>
            {
                var answer = AsUnderstood(FullAnswer(), body);
                ((Bundle)answer.Entry[1].Resource).Entry.Add(new Bundle.EntryComponent { Resource = other });
                return (HttpStatusCode.OK, answer);
            },
        };
        using var services = server.BuildServices();

        var context = await FakeFhirServer.Reader(services).ReadAsync(Encounter, CancellationToken.None);

        Assert.Equal("cond-1", Assert.Single(context.EncounterConditions).Id);
    }
}
