using System.Text;
using System.Text.Json;
using FhirNoteService.Core.Drafts;
using FhirNoteService.Core.Generation;
using FhirNoteService.Core.Pipeline;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace FhirNoteService.Worker.Operations;

/// <summary>What the <c>draft</c> command prints for one encounter: per note, the facts, the note, the transaction.</summary>
internal sealed class DraftReport(TextWriter output, bool dryRun, bool explain)
{
    private static readonly JsonSerializerOptions FhirJson = new JsonSerializerOptions().ForFhir(ModelInfo.ModelInspector).Pretty();

    public async System.Threading.Tasks.Task WriteAsync(string encounter, DraftingOutcome outcome, InspectedDraftWriter inspected)
    {
        await output.WriteLineAsync(dryRun
            ? $"{encounter}: {outcome.Drafts.Count} note(s) would be drafted, {outcome.Skipped.Count} left as they are; dry run: nothing was written"
            : $"{encounter}: {outcome.Drafts.Count} note(s) drafted, {outcome.Skipped.Count} left as they are");
        foreach (var skipped in outcome.Skipped)
        {
            await output.WriteLineAsync($"Left as it is: {skipped.Reason}");
        }
        for (var i = 0; i < inspected.Drafts.Count; i++)
        {
            var (draft, transaction) = inspected.Drafts[i];
            await output.WriteLineAsync();
            await WriteDraftAsync(draft, transaction, i < outcome.Drafts.Count ? outcome.Drafts[i].DocumentReference : null);
        }
        foreach (var retirement in inspected.Retirements)
        {
            await output.WriteLineAsync();
            await output.WriteLineAsync(dryRun ? "== Transaction that would supersede stray drafts" : "== Transaction sent to supersede stray drafts");
            await output.WriteLineAsync(JsonSerializer.Serialize(retirement, FhirJson));
        }
    }

    private async System.Threading.Tasks.Task WriteDraftAsync(NoteDraft draft, Bundle transaction, string? writtenAs)
    {
        var grounding = draft.Grounding;
        var note = grounding.Note;
        var type = draft.Document.Resource.Type?.Coding.FirstOrDefault();
        await output.WriteLineAsync($"== {note.Title} (LOINC {type?.Code}), {note.Language}, written by {note.Generator.Id}");
        await output.WriteLineAsync($"Decision: {draft.Decision.Action}{(writtenAs is null || dryRun ? string.Empty : $"; written as {writtenAs}")}");
        await output.WriteLineAsync($"Grounding: {(grounding.UnsupportedCount == 0 ? "pass" : "fail")}, {grounding.StatementCount - grounding.UnsupportedCount} of {grounding.StatementCount} statement(s) traced to a fact");
        await output.WriteLineAsync();
        await output.WriteLineAsync($"-- Facts ({draft.Facts.Facts.Count})");
        foreach (var fact in draft.Facts.Facts)
        {
            await output.WriteLineAsync($"[{fact.Number}] {fact.Statement}  ({fact.Source})");
        }
        await output.WriteLineAsync();
        await output.WriteLineAsync("-- Note");
        await output.WriteLineAsync(Encoding.UTF8.GetString(draft.Document.Resource.Content[0].Attachment.Data ?? []));
        if (explain)
        {
            await WriteExplanationAsync(draft);
        }
        await output.WriteLineAsync(transaction.Type == Bundle.BundleType.Transaction
            ? (dryRun ? "-- Transaction that would be sent (nothing was written)" : "-- Transaction sent")
            : (dryRun ? "-- Requests that would be sent one by one (single-requests profile; nothing was written)" : "-- Requests sent one by one (single-requests profile)"));
        await output.WriteLineAsync(JsonSerializer.Serialize(transaction, FhirJson));
    }

    private async System.Threading.Tasks.Task WriteExplanationAsync(NoteDraft draft)
    {
        await output.WriteLineAsync("-- Statements, the facts they cite, and the grounding verdict");
        foreach (var section in draft.Grounding.Note.Sections)
        {
            foreach (var statement in section.Statements)
            {
                await output.WriteLineAsync($"{Verdict(statement)} [{section.Heading}] {statement.Text}");
                foreach (var number in statement.FactNumbers)
                {
                    var fact = draft.Facts.Find(number);
                    await output.WriteLineAsync(fact is null ? $"    cites [{number}]: no such fact" : $"    cites [{number}] {fact.Statement}  ({fact.Source})");
                }
                if (statement.FactNumbers.Count == 0)
                {
                    await output.WriteLineAsync("    cites no fact");
                }
            }
        }
        await output.WriteLineAsync();
    }

    private static string Verdict(NoteStatement statement) =>
        !statement.Unsupported ? "SUPPORTED  " : $"UNVERIFIED ({string.Join(", ", statement.Problems ?? [])})";
}
