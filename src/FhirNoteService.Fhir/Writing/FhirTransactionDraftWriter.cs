using System.Net;
using FhirNoteService.Core.Drafts;
using FhirNoteService.Core.Pipeline;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;

namespace FhirNoteService.Fhir;

/// <summary>Writes a draft with one conditional FHIR transaction.</summary>
public sealed class FhirTransactionDraftWriter(FhirClientFactory clients) : IDraftWriter
{
    public async Task<DraftWriteResult> WriteAsync(NoteDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var what = $"draft {draft.Version.Value}";
        var transaction = DraftTransaction.Build(draft);
        Bundle? response;
        try
        {
            // The answer need not repeat the resources just sent: only a conditional create that matched is read back.
            response = await FhirCall.SendAsync(
                clients,
                ReturnPreference.Minimal,
                (client, cancel) => client.TransactionAsync(transaction, cancel),
                PermanentFailureKind.DraftRejected,
                what,
                cancellationToken);
        }
        catch (PermanentNoteFailureException rejected) when (rejected.Status is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict && draft.Superseded is not null)
        {
            throw new DraftConflictException($"{what}: the draft it supersedes changed since it was read ({rejected.Message})");
        }
        var entry = response?.Entry.ElementAtOrDefault(DraftTransaction.DocumentEntry)
            ?? throw new PermanentNoteFailureException(PermanentFailureKind.DraftRejected, $"{what}: the transaction answer has no entry for the DocumentReference");
        var id = IdFromLocation(entry.Response?.Location) ?? entry.Resource?.Id
            ?? throw new PermanentNoteFailureException(PermanentFailureKind.DraftRejected, $"{what}: the transaction answer names no DocumentReference");
        var created = entry.Response?.Status?.StartsWith("201", StringComparison.Ordinal) ?? false;
        if (!created)
        {
            EnsureItIsOurDraft(draft, entry.Resource as DocumentReference ?? await ReadAsync(id, what, cancellationToken));
        }
        return new DraftWriteResult($"DocumentReference/{id}", created);
    }

    private async Task<DocumentReference?> ReadAsync(string id, string what, CancellationToken cancellationToken) =>
        await FhirCall.SendAsync(
            clients,
            ReturnPreference.Representation,
            (client, cancel) => client.ReadAsync<DocumentReference>($"DocumentReference/{id}", ct: cancel),
            PermanentFailureKind.DraftRejected,
            $"{what}: reading the DocumentReference its conditional create matched",
            cancellationToken);

    // A conditional create that matched another draft of our series means another delivery won the race with a
    // different record; one that matched anything else means the server ignores If-None-Exist parameters.
    private static void EnsureItIsOurDraft(NoteDraft draft, DocumentReference? returned)
    {
        if (returned is null || DraftIdentifiers.IsVersion(returned, draft.Version))
        {
            return;
        }
        if (DraftIdentifiers.IsSeries(returned, draft.Decision.Series))
        {
            throw new DraftConflictException($"draft {draft.Version.Value}: another delivery wrote DocumentReference/{returned.Id} of the same series first");
        }
        throw new PermanentNoteFailureException(
            PermanentFailureKind.DraftRejected,
            $"draft {draft.Version.Value}: the server's conditional create returned a different DocumentReference; it does not honour If-None-Exist on identifier");
    }

    private static string? IdFromLocation(string? location)
    {
        if (string.IsNullOrEmpty(location))
        {
            return null;
        }
        var parts = location.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var typeIndex = Array.LastIndexOf(parts, "DocumentReference");
        return typeIndex >= 0 && typeIndex + 1 < parts.Length ? parts[typeIndex + 1] : null;
    }
}
