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

    private static Bundle TransactionResponse(string documentStatus, DocumentReference? returned = null) => new()
    {
        Type = Bundle.BundleType.TransactionResponse,
        Entry =
        [
            new Bundle.EntryComponent { Response = new Bundle.ResponseComponent { Status = "200 OK", Location = "Device/dev-1/_history/1" } },
            new Bundle.EntryComponent { Resource = returned, Response = new Bundle.ResponseComponent { Status = documentStatus, Location = "DocumentReference/doc-9/_history/1" } },
            new Bundle.EntryComponent { Response = new Bundle.ResponseComponent { Status = documentStatus, Location = "Provenance/prov-1/_history/1" } },
        ],
    };

    [Fact]
    public async Task WriteAsync_Draft_IsOneTransactionOfThreeConditionalCreates()
    {
        var draft = await DraftAsync();
        var server = new FakeFhirServer { Answer = _ => (HttpStatusCode.OK, TransactionResponse("201 Created")) };
        using var services = server.BuildServices();

        var result = await FakeFhirServer.Writer(services).WriteAsync(draft, CancellationToken.None);

        Assert.Equal(new DraftWriteResult("DocumentReference/doc-9", true), result);
        var (_, _, body, prefer) = Assert.Single(server.Requests);
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
    public async Task WriteAsync_DraftAlreadyThere_ReportsNotCreated()
    {
        var draft = await DraftAsync();
        var server = new FakeFhirServer { Answer = _ => (HttpStatusCode.OK, TransactionResponse("200 OK", draft.Document.Resource)) };
        using var services = server.BuildServices();

        var result = await FakeFhirServer.Writer(services).WriteAsync(draft, CancellationToken.None);

        Assert.False(result.Created);
    }

    [Fact]
    public async Task WriteAsync_MatchedWithoutTheResource_ReadsItBackToCheckItIsOurs()
    {
        var draft = await DraftAsync();
        var stored = (DocumentReference)draft.Document.Resource.DeepCopy();
        stored.Id = "doc-9";
        var server = new FakeFhirServer { Answer = body => body is null ? (HttpStatusCode.OK, stored) : (HttpStatusCode.OK, TransactionResponse("200 OK")) };
        using var services = server.BuildServices();

        var result = await FakeFhirServer.Writer(services).WriteAsync(draft, CancellationToken.None);

        Assert.Equal(new DraftWriteResult("DocumentReference/doc-9", false), result);
        Assert.Equal(2, server.Requests.Count);
        var (method, uri, _, _) = server.Requests.Last();
        Assert.Equal(HttpMethod.Get, method);
        Assert.Equal("http://emr.test/fhir/DocumentReference/doc-9", uri.AbsoluteUri);
    }

    [Fact]
    public async Task WriteAsync_MatchedAnotherDraftOfTheSeriesWithoutTheResource_IsAConflictToReadAgain()
    {
        var draft = await DraftAsync();
        var other = (DocumentReference)draft.Document.Resource.DeepCopy();
        other.Id = "doc-9";
        other.MasterIdentifier = new Identifier(draft.Version.System, draft.Version.Value + "x");
        var server = new FakeFhirServer { Answer = body => body is null ? (HttpStatusCode.OK, other) : (HttpStatusCode.OK, TransactionResponse("200 OK")) };
        using var services = server.BuildServices();

        await Assert.ThrowsAsync<DraftConflictException>(() => FakeFhirServer.Writer(services).WriteAsync(draft, CancellationToken.None));
    }

    [Fact]
    public async Task WriteAsync_ServerMatchesAnotherDocument_IsRefused()
    {
        var draft = await DraftAsync();
        var stranger = new DocumentReference { Id = "doc-9", Identifier = [new Identifier("urn:other", "x")] };
        var server = new FakeFhirServer { Answer = _ => (HttpStatusCode.OK, TransactionResponse("200 OK", stranger)) };
        using var services = server.BuildServices();

        var error = await Assert.ThrowsAsync<PermanentNoteFailureException>(() => FakeFhirServer.Writer(services).WriteAsync(draft, CancellationToken.None));

        Assert.Equal(PermanentFailureKind.DraftRejected, error.Kind);
        Assert.Contains("does not honour If-None-Exist", error.Message, StringComparison.Ordinal);
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
        var server = new FakeFhirServer { Answer = _ => (HttpStatusCode.OK, TransactionResponse("201 Created")) };
        using var services = server.BuildServices();

        await FakeFhirServer.Writer(services).WriteAsync(draft, CancellationToken.None);

        var body = Assert.Single(server.Requests).Body!;
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
    public async Task WriteAsync_AnotherDraftOfTheSeriesWonTheRace_IsAConflictToReadAgain()
    {
        var draft = await DraftAsync();
        var other = (DocumentReference)draft.Document.Resource.DeepCopy();
        other.MasterIdentifier = new Identifier(draft.Version.System, draft.Version.Value + "x");
        var server = new FakeFhirServer { Answer = _ => (HttpStatusCode.OK, TransactionResponse("200 OK", other)) };
        using var services = server.BuildServices();

        await Assert.ThrowsAsync<DraftConflictException>(() => FakeFhirServer.Writer(services).WriteAsync(draft, CancellationToken.None));
    }
}
