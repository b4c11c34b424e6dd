using FhirNoteService.Core.Drafts;
using FhirNoteService.Fhir.Writing;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace FhirNoteService.Worker.Operations;

/// <summary>
/// The draft writer of the <c>draft</c> command: keeps each draft and the transactions that write it, for the command
/// to show, and hands them to the real writer, or (a dry run, no <paramref name="inner"/>) writes nothing.
/// </summary>
internal sealed class InspectedDraftWriter(IDraftWriter? inner, bool singleRequests) : IDraftWriter
{
    public const string NotWritten = "DocumentReference/(dry-run)";

    public List<(NoteDraft Draft, Bundle Transaction)> Drafts { get; } = [];

    public List<Bundle> Retirements { get; } = [];

    public Task<DraftWriteResult> WriteAsync(NoteDraft draft, CancellationToken cancellationToken)
    {
        Drafts.Add((draft, singleRequests ? SingleRequestDraftWriter.RequestsFor(draft) : FhirTransactionDraftWriter.TransactionFor(draft)));
        return inner?.WriteAsync(draft, cancellationToken) ?? System.Threading.Tasks.Task.FromResult(new DraftWriteResult(NotWritten, Created: true));
    }

    public Task RetireAsync(IReadOnlyList<DocumentReference> strays, CancellationToken cancellationToken)
    {
        Retirements.Add(FhirTransactionDraftWriter.RetirementFor(strays));
        return inner?.RetireAsync(strays, cancellationToken) ?? Task.CompletedTask;
    }
}
