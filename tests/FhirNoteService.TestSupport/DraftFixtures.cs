using FhirNoteService.Ai.Offline;
using FhirNoteService.Core.Context;
using FhirNoteService.Core.Drafts;
using FhirNoteService.Core.Events;
using FhirNoteService.Core.Facts;
using FhirNoteService.Core.Generation;
using FhirNoteService.Core.Notes;
using Microsoft.Extensions.Options;

namespace FhirNoteService.TestSupport;

/// <summary>Drafts built from <see cref="ContextFixtures"/> with the offline generator.</summary>
public static class DraftFixtures
{
    public static NoteRequest Request(ClinicalContext context, ClinicalNoteType noteType, string language = "en-US") =>
        new(noteType, FactExtractor.Extract(context), language, PatientIdentity.From(context.Patient));

    /// <summary>What the planner decides for this context, given its <see cref="ClinicalContext.CurrentDrafts"/>.</summary>
    public static DraftDecision Decide(ClinicalContext context, ClinicalNoteType noteType, FactSheet facts, DraftOptions? options = null, string language = "en-US")
    {
        var settings = Options.Create(options ?? new DraftOptions());
        var encounter = EncounterId.TryParse($"Encounter/{context.Encounter.Id}", out var id, out var problem) ? id! : throw new ArgumentException(problem, nameof(context));
        return new DraftPlanner(new DraftIdentifiers(settings), settings).Decide(encounter, noteType, ContextFingerprint.Of(facts, noteType, language), context.CurrentDrafts, context.DraftsWithProvenance);
    }

    public static async Task<NoteDraft> DraftAsync(DraftOptions? options = null, TimeProvider? clock = null, string language = "en-US", ClinicalContext? context = null)
    {
        context ??= ContextFixtures.Context();
        var request = Request(context, ClinicalNoteType.DischargeSummary, language);
        var note = await new OfflineNoteGenerator().GenerateAsync(request, CancellationToken.None);
        var decision = Decide(context, ClinicalNoteType.DischargeSummary, request.Facts, options, language);
        return new DraftBuilder(Options.Create(options ?? new DraftOptions()), clock ?? TimeProvider.System)
            .Build(context, ClinicalNoteType.DischargeSummary, GroundingCheck.Check(note, request.Facts), request.Facts, decision);
    }
}
