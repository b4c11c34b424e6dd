using System.Text;
using FhirNoteService.Core.Context;
using FhirNoteService.Core.Drafts;
using FhirNoteService.Core.Facts;
using FhirNoteService.Core.Notes;
using FhirNoteService.TestSupport;
using Hl7.Fhir.Model;

namespace FhirNoteService.UnitTests.Core;

public class DraftPlannerTests
{
    private static readonly ClinicalNoteType Discharge = ClinicalNoteType.DischargeSummary;

    // The draft the service wrote for the fixture context, as the server would return it.
    private static async Task<DocumentReference> StoredDraftAsync(ClinicalContext? context = null, DraftOptions? options = null)
    {
        var draft = await DraftFixtures.DraftAsync(options, context: context);
        var stored = (DocumentReference)draft.Document.Resource.DeepCopy();
        stored.Id = $"doc-{Guid.NewGuid():N}";
        stored.Meta.VersionId = "v1";
        stored.Author = [new ResourceReference("Device/dev-1")];
        return stored;
    }

    private static ClinicalContext With(params DocumentReference[] currentDrafts) => Record(null, currentDrafts);

    private static ClinicalContext WithProvenanceOf(IEnumerable<string> ids, params DocumentReference[] currentDrafts)
    {
        var context = With(currentDrafts);
        return new ClinicalContext
        {
            Encounter = context.Encounter,
            Patient = context.Patient,
            EncounterConditions = context.EncounterConditions,
            PatientConditions = context.PatientConditions,
            Observations = context.Observations,
            MedicationRequests = context.MedicationRequests,
            Procedures = context.Procedures,
            AllergyIntolerances = context.AllergyIntolerances,
            CurrentDrafts = currentDrafts,
            DraftsWithProvenance = ids.ToHashSet(StringComparer.Ordinal),
        };
    }

    // The same encounter with one more diagnosis: a changed record.
    private static ClinicalContext Changed(params DocumentReference[] currentDrafts) => Changed("Acute viral pharyngitis", currentDrafts);

    private static ClinicalContext Changed(string diagnosis, params DocumentReference[] currentDrafts) =>
        Record(ContextFixtures.Condition("cond-9", "195662009", diagnosis, "active"), currentDrafts);

    private static ClinicalContext Record(Condition? extraDiagnosis, DocumentReference[] currentDrafts)
    {
        var context = ContextFixtures.Context();
        return new ClinicalContext
        {
            Encounter = context.Encounter,
            Patient = context.Patient,
            EncounterConditions = extraDiagnosis is null ? context.EncounterConditions : [.. context.EncounterConditions, extraDiagnosis],
            PatientConditions = context.PatientConditions,
            Observations = context.Observations,
            MedicationRequests = context.MedicationRequests,
            Procedures = context.Procedures,
            AllergyIntolerances = context.AllergyIntolerances,
            CurrentDrafts = currentDrafts,
        };
    }

    private static DraftDecision Decide(ClinicalContext context, DraftOptions? options = null) =>
        DraftFixtures.Decide(context, Discharge, FactExtractor.Extract(context), options);

    [Fact]
    public void Decide_NoCurrentDraft_CreatesConditionalOnTheEmptySeries()
    {
        var decision = Decide(With());

        Assert.Equal(DraftAction.Create, decision.Action);
        Assert.True(decision.SeriesIsEmpty);
        Assert.Null(decision.ClinicianNote);
    }

    [Fact]
    public async Task Decide_CurrentDraftFromTheSameRecord_IsUnchanged()
    {
        var stored = await StoredDraftAsync();

        var decision = Decide(With(stored));

        Assert.Equal(DraftAction.Unchanged, decision.Action);
        Assert.Same(stored, decision.Current);
    }

    [Fact]
    public async Task Decide_CurrentDraftWhoseAuthorTheServerLeftUnresolved_IsCompleted()
    {
        var stored = await StoredDraftAsync();
        stored.Author = [new ResourceReference("urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e")];

        var decision = Decide(With(stored));

        Assert.Equal(DraftAction.Complete, decision.Action);
        Assert.True(decision.Writes);
        Assert.False(decision.SeriesIsEmpty);
    }

    [Fact]
    public async Task Decide_CurrentDraftThatNoProvenanceTargets_IsCompleted()
    {
        var stored = await StoredDraftAsync();

        Assert.Equal(DraftAction.Complete, Decide(WithProvenanceOf([], stored)).Action);
        Assert.Equal(DraftAction.Unchanged, Decide(WithProvenanceOf([stored.Id!], stored)).Action);
    }

    [Fact]
    public async Task Decide_SeriesWithTwoCurrentDraftsOfOurs_KeepsTheNewestAndListsTheOtherAsAStray()
    {
        var older = await StoredDraftAsync();
        older.Date = new DateTimeOffset(2024, 3, 4, 12, 0, 0, TimeSpan.Zero);
        var newer = await StoredDraftAsync();
        newer.Date = older.Date.Value.AddMinutes(1);

        var unchanged = Decide(With(older, newer));
        var changed = Decide(Changed(newer, older));

        Assert.Equal(DraftAction.Unchanged, unchanged.Action);
        Assert.Same(newer, unchanged.Current);
        Assert.Same(older, Assert.Single(unchanged.Strays));
        Assert.Equal(DraftAction.Supersede, changed.Action);
        Assert.Same(newer, changed.Current);
        Assert.Same(older, Assert.Single(changed.Strays));
    }

    [Fact]
    public async Task Decide_TwoCurrentDraftsOfTheSameDate_PicksTheSameOneWhateverTheOrder()
    {
        var first = await StoredDraftAsync();
        var second = await StoredDraftAsync();
        second.Date = first.Date;

        Assert.Same(Decide(With(first, second)).Current, Decide(With(second, first)).Current);
    }

    [Fact]
    public async Task Decide_ASignedNoteBesideAStray_NeverListsTheSignedNoteAsAStray()
    {
        var signed = await StoredDraftAsync();
        signed.DocStatus = CompositionStatus.Final;
        var stray = await StoredDraftAsync();
        stray.Date = signed.Date!.Value.AddMinutes(-1);

        var decision = Decide(Changed(signed, stray));

        Assert.Equal(DraftAction.KeepClinicianNote, decision.Action);
        Assert.Same(stray, Assert.Single(decision.Strays));
    }

    [Fact]
    public async Task Decide_ChangedRecordAndUntouchedDraft_Supersedes()
    {
        var stored = await StoredDraftAsync();

        var decision = Decide(Changed(stored));

        Assert.Equal(DraftAction.Supersede, decision.Action);
        Assert.Same(stored, decision.Current);
        Assert.NotEqual(stored.MasterIdentifier.Value, decision.Version.Value);
        Assert.Equal(stored.Identifier.Single().Value, decision.Series.Value);
    }

    [Theory]
    [InlineData("final", false, "signed")]
    [InlineData("amended", false, "signed")]
    [InlineData("preliminary", true, "signed")]
    [InlineData("preliminary", false, "edited")]
    public async Task Decide_ChangedRecordAndAClinicianNote_KeepsIt(string docStatus, bool authenticator, string state)
    {
        var stored = await StoredDraftAsync();
        stored.DocStatus = Enum.Parse<CompositionStatus>(docStatus, ignoreCase: true);
        stored.Authenticator = authenticator ? new ResourceReference("Practitioner/p-1") : null;
        if (state == "edited")
        {
            stored.Content[0].Attachment.Data = Encoding.UTF8.GetBytes("The clinician's own words.");
        }

        var decision = Decide(Changed(stored));

        Assert.Equal(DraftAction.KeepClinicianNote, decision.Action);
        Assert.Same(stored, decision.ClinicianNote);
        Assert.Equal(state, decision.ClinicianNoteState);
        Assert.False(decision.IsAddendum);
    }

    [Fact]
    public async Task Decide_SignedNoteWithAddendumsOn_CreatesAnAddendumInItsOwnSeries()
    {
        var options = new DraftOptions { AddendumWhenSigned = true };
        var stored = await StoredDraftAsync(options: options);
        stored.DocStatus = CompositionStatus.Final;

        var decision = Decide(Changed(stored), options);

        Assert.Equal(DraftAction.Create, decision.Action);
        Assert.True(decision.IsAddendum);
        Assert.Same(stored, decision.ClinicianNote);
        Assert.Contains("-addendum-", decision.Series.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decide_SignedNoteWithAnUntouchedAddendumAndAChangedRecord_SupersedesTheAddendum()
    {
        var options = new DraftOptions { AddendumWhenSigned = true };
        var signed = await StoredDraftAsync(options: options);
        signed.DocStatus = CompositionStatus.Final;
        var addendumDecision = Decide(Changed(signed), options);
        var addendumDraft = await DraftFixtures.DraftAsync(options, context: Changed(signed));
        Assert.Equal(addendumDecision.Version.Value, addendumDraft.Version.Value);
        var addendum = (DocumentReference)addendumDraft.Document.Resource.DeepCopy();
        addendum.Id = "addendum-1";
        addendum.Meta.VersionId = "v1";
        var twiceChanged = Changed("Otitis media", signed, addendum);

        var decision = Decide(twiceChanged, options);

        Assert.Equal(DraftAction.Supersede, decision.Action);
        Assert.Same(addendum, decision.Current);
        Assert.Same(signed, decision.ClinicianNote);
    }

    [Theory]
    [InlineData(DocumentReferenceStatus.Superseded)]
    [InlineData(DocumentReferenceStatus.EnteredInError)]
    public async Task Decide_OnlyNonCurrentDrafts_CreatesANewOne(DocumentReferenceStatus status)
    {
        var stored = await StoredDraftAsync();
        stored.Status = status;

        Assert.Equal(DraftAction.Create, Decide(With(stored)).Action);
    }
}
