using FhirNoteService.Core.Drafts;
using FhirNoteService.Core.Pipeline;
using Hl7.Fhir.Model;

namespace FhirNoteService.Fhir;

/// <summary>Writes a draft with one conditional FHIR transaction.</summary>
public sealed class FhirTransactionDraftWriter(FhirClientFactory clients) : IDraftWriter
{
    public async Task<DraftWriteResult> WriteAsync(NoteDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var transaction = DraftTransaction.Build(draft);
        var response = await FhirBundlePoster.PostAsync(clients, transaction, PermanentFailureKind.DraftRejected, $"draft {draft.Identifier.Value}", cancellationToken);
        var entry = response?.Entry.ElementAtOrDefault(DraftTransaction.DocumentEntry)
            ?? throw new PermanentNoteFailureException(PermanentFailureKind.DraftRejected, $"draft {draft.Identifier.Value}: the transaction answer has no entry for the DocumentReference");
        var id = IdFromLocation(entry.Response?.Location) ?? entry.Resource?.Id
            ?? throw new PermanentNoteFailureException(PermanentFailureKind.DraftRejected, $"draft {draft.Identifier.Value}: the transaction answer names no DocumentReference");
        EnsureItIsOurDraft(draft, entry.Resource as DocumentReference);
        var created = entry.Response?.Status?.StartsWith("201", StringComparison.Ordinal) ?? false;
        return new DraftWriteResult($"DocumentReference/{id}", created);
    }

    // Some servers ignore parameters they do not know in If-None-Exist and then match any resource.
    private static void EnsureItIsOurDraft(NoteDraft draft, DocumentReference? returned)
    {
        if (returned is not null && !returned.Identifier.Any(i => i.System == draft.Identifier.System && i.Value == draft.Identifier.Value))
        {
            throw new PermanentNoteFailureException(
                PermanentFailureKind.DraftRejected,
                $"draft {draft.Identifier.Value}: the server's conditional create returned a different DocumentReference; it does not honour If-None-Exist on identifier");
        }
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
