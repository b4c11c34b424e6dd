using System.Net;
using FhirNoteService.Ai.Offline;
using FhirNoteService.Core.Drafts;
using FhirNoteService.Core.Facts;
using FhirNoteService.Core.Generation;
using FhirNoteService.Core.Notes;
using FhirNoteService.Core.Pipeline;
using FhirNoteService.TestSupport;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Options;

namespace FhirNoteService.UnitTests.Fhir;

public class FhirTransactionDraftWriterTests
{
    private static Task<NoteDraft> DraftAsync() => DraftFixtures.DraftAsync();

    private static Bundle TransactionResponse(string documentStatus) => new()
    {
        Type = Bundle.BundleType.TransactionResponse,
        Entry =
        [
            new Bundle.EntryComponent { Response = new Bundle.ResponseComponent { Status = "200 OK", Location = "Device/dev-1/_history/1" } },
            new Bundle.EntryComponent { Response = new Bundle.ResponseComponent { Status = documentStatus, Location = "DocumentReference/doc-9/_history/1" } },
            new Bundle.EntryComponent { Response = new Bundle.ResponseComponent { Status = documentStatus, Location = "Provenance/prov-doc-9/_history/1" } },
        ],
    };

    private static (HttpStatusCode, Resource?) Empty(Bundle _) => (HttpStatusCode.OK, null);

    private static (ScriptedEmr Emr, FakeFhirServer Server) Emr()
    {
        var emr = new ScriptedEmr();
        return (emr, new FakeFhirServer { Answer = emr.Answer });
    }

    [Fact]
    public async Task WriteAsync_Draft_IsOneTransactionOfThreeConditionalCreates()
    {
        var draft = await DraftAsync();
        var (emr, server) = Emr();
        emr.Hold(draft);
        emr.Transactions.Enqueue(_ => (HttpStatusCode.OK, TransactionResponse("201 Created")));
        using var services = server.BuildServices();

        var result = await FakeFhirServer.Writer(services).WriteAsync(draft, CancellationToken.None);

        Assert.Equal(new DraftWriteResult("DocumentReference/doc-9", true), result);
        var (_, _, body, prefer) = server.Requests.First();
        Assert.Equal("return=minimal", prefer);
        Assert.Equal(Bundle.BundleType.Transaction, body!.Type);
        Assert.Equal(["Device", "DocumentReference", "Provenance"], body.Entry.Select(e => e.Request.Url));
        Assert.All(body.Entry, e => Assert.Equal(Bundle.HTTPVerb.POST, e.Request.Method));
        var series = draft.Decision.Series.Value;
        var version = draft.Version.Value;
        Assert.Equal($"identifier=urn%3Afhirnoteservice%3Anote-draft|{series}&status=current", body.Entry[1].Request.IfNoneExist);
        Assert.Equal($"_tag=urn%3Afhirnoteservice%3Anote-draft-version|{version}", body.Entry[2].Request.IfNoneExist);
        Assert.Contains(body.Entry[2].Resource.Meta.Tag, t => t.Code == version);
        Assert.Equal(body.Entry[1].FullUrl, ((Provenance)body.Entry[2].Resource).Target[0].Reference);
        Assert.Equal(body.Entry[0].FullUrl, ((DocumentReference)body.Entry[1].Resource).Author[0].Reference);
    }

    [Fact]
    public async Task WriteAsync_WholeAnswers_AreReadBackOnlyUntilTheServerIsSeenToResolveReferences()
    {
        var draft = await DraftAsync();
        var (emr, server) = Emr();
        emr.Hold(draft);
        emr.Transactions.Enqueue(_ => (HttpStatusCode.OK, TransactionResponse("201 Created")));
        using var services = server.BuildServices();
        var writer = FakeFhirServer.Writer(services);

        await writer.WriteAsync(draft, CancellationToken.None);
        var afterFirst = server.Requests.Count;
        await writer.WriteAsync(draft, CancellationToken.None);

        Assert.Equal(2, afterFirst);
        Assert.Equal(Bundle.BundleType.Batch, server.Requests.ElementAt(1).Body!.Type);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task WriteAsync_EmptyAnswerAndTheDraftIsThere_IsWrittenAfterReadingItBack()
    {
        var draft = await DraftAsync();
        var (emr, server) = Emr();
        emr.Hold(draft);
        emr.Transactions.Enqueue(Empty);
        using var services = server.BuildServices();

        var result = await FakeFhirServer.Writer(services).WriteAsync(draft, CancellationToken.None);

        Assert.Equal(new DraftWriteResult("DocumentReference/doc-9", true), result);
        var readBack = server.Requests.Last().Body!;
        Assert.Equal(Bundle.BundleType.Batch, readBack.Type);
        Assert.StartsWith($"DocumentReference?identifier=urn%3Afhirnoteservice%3Anote-draft-version|{draft.Version.Value}&_revinclude=Provenance:target", readBack.Entry[0].Request.Url, StringComparison.Ordinal);
        Assert.All(server.Requests, r => Assert.DoesNotContain("_history", r.Uri.AbsoluteUri, StringComparison.Ordinal));
    }

    [Fact]
    public async Task WriteAsync_EmptyAnswerAndNothingThere_IsAConflictToReadAgainNotAFailure()
    {
        var draft = await DraftAsync();
        var (emr, server) = Emr();
        emr.Transactions.Enqueue(Empty);
        using var services = server.BuildServices();

        var error = await Assert.ThrowsAsync<DraftConflictException>(() => FakeFhirServer.Writer(services).WriteAsync(draft, CancellationToken.None));

        Assert.Contains("after an answer with 0 of 3 entries, the EMR holds no draft of this version", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_ReferencesLeftAsUrnUuid_AreRepairedAndEveryLaterWriteIsReadBack()
    {
        var draft = await DraftAsync();
        var (emr, server) = Emr();
        emr.Hold(draft);
        emr.Documents[0].Author = [new ResourceReference(draft.Device.FullUrl)];
        emr.Provenances[0].Target = [new ResourceReference(draft.Document.FullUrl)];
        emr.Provenances[0].Agent[0].Who = new ResourceReference(draft.Device.FullUrl);
        emr.Transactions.Enqueue(_ => (HttpStatusCode.OK, TransactionResponse("201 Created")));
        emr.Transactions.Enqueue(emr.Apply);
        using var services = server.BuildServices();
        var writer = FakeFhirServer.Writer(services);

        var result = await writer.WriteAsync(draft, CancellationToken.None);

        Assert.Equal("DocumentReference/doc-9", result.DocumentReference);
        var repair = server.Requests.ElementAt(2).Body!;
        Assert.Equal(Bundle.BundleType.Transaction, repair.Type);
        Assert.All(repair.Entry, e => Assert.Equal(Bundle.HTTPVerb.PUT, e.Request.Method));
        Assert.Equal(["DocumentReference/doc-9", "Provenance/prov-doc-9"], repair.Entry.Select(e => e.Request.Url));
        Assert.All(repair.Entry, e => Assert.Equal("W/\"1\"", e.Request.IfMatch));
        Assert.Equal("Device/dev-1", emr.Documents.Single().Author.Single().Reference);
        Assert.Equal("DocumentReference/doc-9", emr.Provenances.Single().Target.Single().Reference);
        Assert.Equal("Device/dev-1", emr.Provenances.Single().Agent.Single().Who.Reference);
        Assert.Equal(4, server.Requests.Count);

        emr.Transactions.Enqueue(_ => (HttpStatusCode.OK, TransactionResponse("201 Created")));
        await writer.WriteAsync(draft, CancellationToken.None);
        Assert.Equal(Bundle.BundleType.Batch, server.Requests.Last().Body!.Type);
    }

    [Fact]
    public async Task WriteAsync_ReferencesRewrittenToADeviceTheServerDidNotCreate_PointAtTheDeviceItHolds()
    {
        var draft = await DraftAsync();
        var (emr, server) = Emr();
        emr.Hold(draft);
        emr.Documents[0].Author = [new ResourceReference("Device/never-created")];
        emr.Provenances[0].Agent[0].Who = new ResourceReference("Device/never-created");
        emr.Transactions.Enqueue(_ => (HttpStatusCode.OK, TransactionResponse("201 Created")));
        emr.Transactions.Enqueue(emr.Apply);
        using var services = server.BuildServices();

        await FakeFhirServer.Writer(services).WriteAsync(draft, CancellationToken.None);

        Assert.Equal("Device/dev-1", emr.Documents.Single().Author.Single().Reference);
        Assert.Equal("Device/dev-1", emr.Provenances.Single().Agent.Single().Who.Reference);
    }

    [Fact]
    public async Task WriteAsync_TwoProvenancesOfTheDraft_DeletesTheServicesOwnDuplicate()
    {
        var draft = await DraftAsync();
        var (emr, server) = Emr();
        emr.Hold(draft);
        var copy = (Provenance)emr.Provenances[0].DeepCopy();
        copy.Id = "prov-z";
        emr.Store(copy);
        emr.Transactions.Enqueue(Empty);
        emr.Transactions.Enqueue(emr.Apply);
        using var services = server.BuildServices();

        await FakeFhirServer.Writer(services).WriteAsync(draft, CancellationToken.None);

        var deletion = Assert.Single(server.Requests.ElementAt(2).Body!.Entry);
        Assert.Equal(Bundle.HTTPVerb.DELETE, deletion.Request.Method);
        Assert.Equal("Provenance/prov-z", deletion.Request.Url);
        Assert.Equal("W/\"1\"", deletion.Request.IfMatch);
    }

    [Fact]
    public async Task WriteAsync_ProvenanceMatchedToSomeoneElses_GetsItsOwnProvenance()
    {
        var draft = await DraftAsync();
        var (emr, server) = Emr();
        emr.Hold(draft);
        emr.Provenances.Clear();
        emr.Transactions.Enqueue(_ =>
        {
            var answer = TransactionResponse("201 Created");
            answer.Entry[2].Response = new Bundle.ResponseComponent { Status = "200 OK", Location = "Provenance/someone-elses/_history/3" };
            return (HttpStatusCode.OK, answer);
        });
        emr.Transactions.Enqueue(emr.Apply);
        using var services = server.BuildServices();

        await FakeFhirServer.Writer(services).WriteAsync(draft, CancellationToken.None);

        var repair = server.Requests.ElementAt(2).Body!;
        var created = Assert.Single(repair.Entry);
        Assert.Equal(Bundle.HTTPVerb.POST, created.Request.Method);
        Assert.Equal("target=DocumentReference/doc-9", created.Request.IfNoneExist);
        var provenance = Assert.Single(emr.Provenances);
        Assert.Equal("DocumentReference/doc-9", provenance.Target.Single().Reference);
        Assert.Contains(provenance.Meta.Tag, t => t.Code == draft.Version.Value);
    }

    [Fact]
    public async Task WriteAsync_DraftAlreadyThere_ReportsNotCreated()
    {
        var draft = await DraftAsync();
        var (emr, server) = Emr();
        emr.Hold(draft);
        emr.Transactions.Enqueue(_ => (HttpStatusCode.OK, TransactionResponse("200 OK")));
        using var services = server.BuildServices();

        var result = await FakeFhirServer.Writer(services).WriteAsync(draft, CancellationToken.None);

        Assert.Equal(new DraftWriteResult("DocumentReference/doc-9", false), result);
    }

    [Fact]
    public async Task WriteAsync_MatchedAnotherDraftOfTheSeries_IsAConflictToReadAgain()
    {
        var draft = await DraftAsync();
        var (emr, server) = Emr();
        var other = (DocumentReference)draft.Document.Resource.DeepCopy();
        other.Id = "doc-9";
        other.MasterIdentifier = new Identifier(draft.Version.System, draft.Version.Value + "x");
        emr.Documents.Add(other);
        emr.Transactions.Enqueue(_ => (HttpStatusCode.OK, TransactionResponse("200 OK")));
        using var services = server.BuildServices();

        var error = await Assert.ThrowsAsync<DraftConflictException>(() => FakeFhirServer.Writer(services).WriteAsync(draft, CancellationToken.None));

        Assert.Contains("another delivery wrote DocumentReference/doc-9 of the same series first", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_ServerMatchesAnotherDocument_IsRefused()
    {
        var draft = await DraftAsync();
        var (emr, server) = Emr();
        emr.Documents.Add(new DocumentReference { Id = "doc-9", Identifier = [new Identifier("urn:other", "x")] });
        emr.Transactions.Enqueue(_ => (HttpStatusCode.OK, TransactionResponse("200 OK")));
        using var services = server.BuildServices();

        var error = await Assert.ThrowsAsync<PermanentNoteFailureException>(() => FakeFhirServer.Writer(services).WriteAsync(draft, CancellationToken.None));

        Assert.Equal(PermanentFailureKind.DraftRejected, error.Kind);
        Assert.Contains("does not honour If-None-Exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_TwoDraftsOfTheSameVersion_KeepsOneAndSupersedesTheOther()
    {
        var draft = await DraftAsync();
        var (emr, server) = Emr();
        emr.Hold(draft, "doc-a");
        emr.Hold(draft, "doc-b");
        emr.Documents.Single(d => d.Id == "doc-b").Date = emr.Documents[0].Date!.Value.AddSeconds(1);
        emr.Transactions.Enqueue(Empty);
        emr.Transactions.Enqueue(emr.Apply);
        using var services = server.BuildServices();

        var result = await FakeFhirServer.Writer(services).WriteAsync(draft, CancellationToken.None);

        Assert.Equal("DocumentReference/doc-b", result.DocumentReference);
        Assert.Equal(DocumentReferenceStatus.Superseded, emr.Documents.Single(d => d.Id == "doc-a").Status);
        Assert.Equal(DocumentReferenceStatus.Current, emr.Documents.Single(d => d.Id == "doc-b").Status);
    }

    [Fact]
    public async Task WriteAsync_UnprocessableEntity_IsAPermanentRejectionWithoutRetry()
    {
        var draft = await DraftAsync();
        var outcome = new OperationOutcome
        {
            Issue = [new OperationOutcome.IssueComponent { Severity = OperationOutcome.IssueSeverity.Error, Code = OperationOutcome.IssueType.Structure, Expression = ["DocumentReference.type"] }],
        };
        var server = new FakeFhirServer { Answer = _ => ((HttpStatusCode)422, outcome) };
        using var services = server.BuildServices();

        var error = await Assert.ThrowsAsync<PermanentNoteFailureException>(() => FakeFhirServer.Writer(services).WriteAsync(draft, CancellationToken.None));

        Assert.Equal($"DraftRejected: draft {draft.Version.Value}: HTTP 422 (error structure at DocumentReference.type)", error.Message);
        Assert.Single(server.Requests);
    }

    // A draft superseding the fixture's first draft: the record gained a diagnosis since.
    private static async Task<NoteDraft> SupersedingDraftAsync()
    {
        var first = await DraftAsync();
        var stored = (DocumentReference)first.Document.Resource.DeepCopy();
        stored.Id = "doc-1";
        stored.Meta.VersionId = "7";
        var fixture = ContextFixtures.Context();
        var changed = new FhirNoteService.Core.Context.ClinicalContext
        {
            Encounter = fixture.Encounter,
            Patient = fixture.Patient,
            EncounterConditions = [.. fixture.EncounterConditions, ContextFixtures.Condition("cond-9", "195662009", "Acute viral pharyngitis", "active")],
            CurrentDrafts = [stored],
        };
        var draft = await DraftFixtures.DraftAsync(context: changed);
        Assert.Equal(DraftAction.Supersede, draft.Decision.Action);
        return draft;
    }

    [Fact]
    public async Task WriteAsync_SupersedingDraft_UpdatesTheEarlierOneWithIfMatchInTheSameTransaction()
    {
        var draft = await SupersedingDraftAsync();
        var (emr, server) = Emr();
        emr.Hold(draft);
        emr.Transactions.Enqueue(_ => (HttpStatusCode.OK, TransactionResponse("201 Created")));
        using var services = server.BuildServices();

        await FakeFhirServer.Writer(services).WriteAsync(draft, CancellationToken.None);

        var body = server.Requests.First().Body!;
        Assert.Equal(4, body.Entry.Count);
        var update = body.Entry[3];
        Assert.Equal(Bundle.HTTPVerb.PUT, update.Request.Method);
        Assert.Equal("DocumentReference/doc-1", update.Request.Url);
        Assert.Equal("W/\"7\"", update.Request.IfMatch);
        Assert.Equal(DocumentReferenceStatus.Superseded, ((DocumentReference)update.Resource).Status);
        Assert.Equal(CompositionStatus.Preliminary, ((DocumentReference)update.Resource).DocStatus);
        Assert.Equal($"identifier=urn%3Afhirnoteservice%3Anote-draft-version|{draft.Version.Value}", body.Entry[1].Request.IfNoneExist);
        var relation = Assert.Single(((DocumentReference)body.Entry[1].Resource).RelatesTo);
        Assert.Equal(DocumentRelationshipType.Replaces, relation.Code);
        Assert.Equal("DocumentReference/doc-1", relation.Target.Reference);
    }

    [Theory]
    [InlineData(412)]
    [InlineData(409)]
    public async Task WriteAsync_EarlierDraftChangedMeanwhile_IsAConflictToReadAgain(int status)
    {
        var draft = await SupersedingDraftAsync();
        var server = new FakeFhirServer { Answer = _ => ((HttpStatusCode)status, new OperationOutcome()) };
        using var services = server.BuildServices();

        await Assert.ThrowsAsync<DraftConflictException>(() => FakeFhirServer.Writer(services).WriteAsync(draft, CancellationToken.None));
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task WriteAsync_SupersedeEntryFailedInsideA200_IsCarriedOutAfterReadingBack()
    {
        var draft = await SupersedingDraftAsync();
        var (emr, server) = Emr();
        emr.Hold(draft);
        var earlier = (DocumentReference)draft.Superseded.Single().DeepCopy();
        earlier.Status = DocumentReferenceStatus.Current;
        emr.Store(earlier);
        emr.Transactions.Enqueue(_ =>
        {
            var answer = TransactionResponse("201 Created");
            answer.Entry.Add(new Bundle.EntryComponent { Response = new Bundle.ResponseComponent { Status = "500" } });
            return (HttpStatusCode.OK, answer);
        });
        emr.Transactions.Enqueue(emr.Apply);
        using var services = server.BuildServices();

        var result = await FakeFhirServer.Writer(services).WriteAsync(draft, CancellationToken.None);

        Assert.Equal("DocumentReference/doc-9", result.DocumentReference);
        var repair = server.Requests.ElementAt(2).Body!;
        Assert.Equal("DocumentReference/doc-1", Assert.Single(repair.Entry).Request.Url);
        Assert.Equal(DocumentReferenceStatus.Superseded, emr.Documents.Single(d => d.Id == "doc-1").Status);
    }

    [Fact]
    public async Task RetireAsync_Strays_AreSupersededWithIfMatchInOneTransaction()
    {
        var draft = await DraftAsync();
        var stray = (DocumentReference)draft.Document.Resource.DeepCopy();
        stray.Id = "doc-3";
        stray.Meta.VersionId = "4";
        var (emr, server) = Emr();
        emr.Transactions.Enqueue(emr.Apply);
        using var services = server.BuildServices();

        await FakeFhirServer.Writer(services).RetireAsync([stray], CancellationToken.None);

        var update = Assert.Single(Assert.Single(server.Requests).Body!.Entry);
        Assert.Equal("DocumentReference/doc-3", update.Request.Url);
        Assert.Equal("W/\"4\"", update.Request.IfMatch);
        Assert.Equal(DocumentReferenceStatus.Superseded, ((DocumentReference)update.Resource).Status);
    }

    [Fact]
    public async Task RetireAsync_AStrayChangedMeanwhile_IsAConflictToReadAgain()
    {
        var draft = await DraftAsync();
        var stray = (DocumentReference)draft.Document.Resource.DeepCopy();
        stray.Id = "doc-3";
        stray.Meta.VersionId = "4";
        var server = new FakeFhirServer { Answer = _ => (HttpStatusCode.OK, new Bundle { Type = Bundle.BundleType.TransactionResponse, Entry = [new Bundle.EntryComponent { Response = new Bundle.ResponseComponent { Status = "500" } }] }) };
        using var services = server.BuildServices();

        await Assert.ThrowsAsync<DraftConflictException>(() => FakeFhirServer.Writer(services).RetireAsync([stray], CancellationToken.None));
    }
}
