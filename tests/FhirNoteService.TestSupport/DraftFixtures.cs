using FhirNoteService.Ai.Offline;
using FhirNoteService.Core.Context;
using FhirNoteService.Core.Drafts;
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

    public static async Task<NoteDraft> DraftAsync(DraftOptions? options = null, TimeProvider? clock = null, string language = "en-US")
    {
        var context = ContextFixtures.Context();
        var request = Request(context, ClinicalNoteType.DischargeSummary, language);
        var note = await new OfflineNoteGenerator().GenerateAsync(request, CancellationToken.None);
        return new DraftBuilder(Options.Create(options ?? new DraftOptions()), clock ?? TimeProvider.System)
            .Build(context, ClinicalNoteType.DischargeSummary, GroundingCheck.Check(note, request.Facts), request.Facts);
    }
}
