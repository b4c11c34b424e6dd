using System.Text;
using FhirNoteService.Ai.Offline;
using FhirNoteService.Core.Drafts;
using FhirNoteService.Core.Events;
using FhirNoteService.Core.Facts;
using FhirNoteService.Core.Generation;
using FhirNoteService.Core.Notes;
using FhirNoteService.TestSupport;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Options;

namespace FhirNoteService.UnitTests.Core;

public class DraftBuilderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);

    private static Task<NoteDraft> BuildAsync(DraftOptions? options = null) => DraftFixtures.DraftAsync(options, new FixedClock(Now));

    [Fact]
    public async Task Build_Document_IsAPreliminaryAiLabelledClinicalNote()
    {
        var document = (await BuildAsync()).Document.Resource;

        Assert.Equal(CompositionStatus.Preliminary, document.DocStatus);
        Assert.Equal(DocumentReferenceStatus.Current, document.Status);
        var label = Assert.Single(document.Meta.Security);
        Assert.Equal(("http://terminology.hl7.org/CodeSystem/v3-ObservationValue", "AIAST"), (label.System, label.Code));
        Assert.Equal(("http://loinc.org", "18842-5"), (document.Type.Coding[0].System, document.Type.Coding[0].Code));
        Assert.Equal("clinical-note", document.Category[0].Coding[0].Code);
        Assert.Equal("Patient/pat-1", document.Subject.Reference);
        Assert.Equal("Encounter/enc-1", Assert.Single(document.Context.Encounter).Reference);
        Assert.Equal("2024-03-01T08:00:00Z", document.Context.Period.Start);
        Assert.Equal(Now, document.Date);
        Assert.Contains("AI-generated draft", document.Description, StringComparison.Ordinal);
        Assert.Contains("awaiting clinician review", document.Description, StringComparison.Ordinal);
        Assert.Contains(FhirCodes.UsCoreDocumentReference, document.Meta.Profile);
    }

    [Fact]
    public async Task Build_Attachment_IsUtf8PlainTextWithItsLanguage()
    {
        var attachment = Assert.Single((await BuildAsync()).Document.Resource.Content).Attachment;

        Assert.Equal("text/plain; charset=utf-8", attachment.ContentType);
        Assert.Equal("en-US", attachment.Language);
        var text = Encoding.UTF8.GetString(attachment.Data);
        Assert.Contains("Pneumonia", text, StringComparison.Ordinal);
        Assert.Contains("Amoxicillin 500 MG Oral Capsule", text, StringComparison.Ordinal);
        Assert.DoesNotContain(ContextFixtures.PatientName, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_ChineseNote_RecordsItsLanguageAndTitle()
    {
        var document = (await DraftFixtures.DraftAsync(language: "zh-CN")).Document.Resource;

        Assert.Equal("zh-CN", document.Content[0].Attachment.Language);
        Assert.Equal("出院小结", document.Content[0].Attachment.Title);
        Assert.Contains("出院诊断", Encoding.UTF8.GetString(document.Content[0].Attachment.Data), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_UnsupportedStatementCount_IsMachineReadable()
    {
        var document = (await BuildAsync()).Document.Resource;

        var flag = Assert.Single(document.Extension, e => e.Url == FhirCodes.UnsupportedStatementsExtension);
        Assert.Equal(0, ((Integer)flag.Value).Value);
        Assert.Equal(1m, ((FhirDecimal)Assert.Single(document.Extension, e => e.Url == FhirCodes.AiConfidenceExtension).Value).Value);
    }

    [Fact]
    public async Task Build_ReviewList_IsMachineReadable()
    {
        var document = (await BuildAsync()).Document.Resource;

        var items = document.Extension.Where(e => e.Url == FhirCodes.ReviewItemExtension)
            .Select(e => (Kind: ((Code)e.GetExtension("kind").Value).Value, Text: ((FhirString)e.GetExtension("text").Value).Value, Source: ((ResourceReference)e.GetExtension("source").Value).Reference))
            .ToList();
        Assert.Contains(("medication-started", "Amoxicillin 500 MG Oral Capsule, 500 mg", "MedicationRequest/med-1"), items);
        Assert.Contains(("new-diagnosis", "Pneumonia", "Condition/cond-1"), items);
        Assert.DoesNotContain(items, i => i.Kind == "unverified-statement");
    }

    [Fact]
    public async Task Build_AuthorAndProvenance_NameTheGeneratorDeviceAndEverySource()
    {
        var draft = await BuildAsync();

        Assert.Equal(draft.Device.FullUrl, Assert.Single(draft.Document.Resource.Author).Reference);
        var provenance = draft.Provenance.Resource;
        Assert.Equal(draft.Document.FullUrl, Assert.Single(provenance.Target).Reference);
        Assert.Equal("AIAST", Assert.Single(provenance.Reason).Coding[0].Code);
        Assert.Contains(FhirCodes.AiProvenanceProfile, provenance.Meta.Profile);
        var agent = Assert.Single(provenance.Agent);
        Assert.Equal("author", agent.Type.Coding[0].Code);
        Assert.Equal(draft.Device.FullUrl, agent.Who.Reference);
        Assert.Equal("Organization/org-1", agent.OnBehalfOf.Reference);
        var sources = provenance.Entity.Select(e => e.What.Reference).ToList();
        Assert.All(provenance.Entity, e => Assert.Equal(Provenance.ProvenanceEntityRole.Source, e.Role));
        Assert.Contains("Condition/cond-1", sources);
        Assert.Contains("MedicationRequest/med-1", sources);
        Assert.Contains("Observation/obs-2", sources);
        Assert.Contains("Encounter/enc-1", sources);
        Assert.Equal(sources.Distinct().Count(), sources.Count);
        Assert.Equal("fhirnoteservice-offline-extractive/1.0", draft.Device.Resource.Identifier[0].Value);
        Assert.Equal("Rule-Based-Systems", ((CodeableConcept)draft.Device.Resource.Extension[0].Value).Coding[0].Code);
        // The model card travels in the Device and is named by it.
        Assert.Equal("#model-card", ((ResourceReference)Assert.Single(draft.Device.Resource.Extension, e => e.Url == FhirCodes.ModelCardDescriptionExtension).Value).Reference);
        var card = Assert.IsType<DocumentReference>(Assert.Single(draft.Device.Resource.Contained));
        Assert.Equal("text/markdown", card.Content.Single().Attachment.ContentType);
        Assert.Contains("Intended use", Encoding.UTF8.GetString(card.Content.Single().Attachment.Data), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_Identifiers_AreStableForTheSameEncounterNoteTypeAndRecord()
    {
        var first = await BuildAsync();
        var second = await BuildAsync();

        Assert.Equal(first.Version.Value, second.Version.Value);
        Assert.Equal(first.Version.Value, first.Document.Resource.MasterIdentifier.Value);
        var identifiers = new DraftIdentifiers(Options.Create(new DraftOptions()));
        Assert.True(EncounterId.TryParse("Encounter/enc-1", out var encounter, out _));
        var series = identifiers.Series(encounter!, ClinicalNoteType.DischargeSummary);
        Assert.Equal(series.Value, Assert.Single(first.Document.Resource.Identifier).Value);
        Assert.StartsWith($"{series.Value}.", first.Version.Value, StringComparison.Ordinal);
        Assert.NotEqual(identifiers.Series(encounter!, ClinicalNoteType.ProgressNote).Value, series.Value);
        Assert.NotEqual(identifiers.Series(encounter!, ClinicalNoteType.DischargeSummary, addendum: true).Value, series.Value);
    }

    [Fact]
    public async Task Build_ConfiguredCustodian_WinsOverTheServiceProvider()
    {
        var draft = await BuildAsync(new DraftOptions { Custodian = "Organization/hospital" });

        Assert.Equal("Organization/hospital", draft.Document.Resource.Custodian.Reference);
        Assert.Equal("Organization/hospital", draft.Provenance.Resource.Agent[0].OnBehalfOf.Reference);
    }

    [Fact]
    public async Task Build_ValidDraft_PassesTheDraftValidator()
    {
        var result = new NoteDraftValidator().Validate(await BuildAsync());
        Assert.True(result.IsValid, string.Join("; ", result.Errors));
    }

    [Fact]
    public async Task Validate_FinalDocStatus_IsRefused()
    {
        var draft = await BuildAsync();
        draft.Document.Resource.DocStatus = CompositionStatus.Final;

        var result = new NoteDraftValidator().Validate(draft);

        Assert.Contains("a draft must have docStatus 'preliminary'", result.Errors.Select(e => e.ErrorMessage));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    [Fact]
    public async Task Build_Draft_RecordsTheAttachmentHashThatLaterTellsAnEdit()
    {
        var draft = await DraftFixtures.DraftAsync();
        var document = (DocumentReference)draft.Document.Resource.DeepCopy();

        Assert.True(DraftState.IsUntouched(document));
        document.Content[0].Attachment.Data = [.. document.Content[0].Attachment.Data, (byte)'!'];
        Assert.False(DraftState.IsUntouched(document));
    }
}
