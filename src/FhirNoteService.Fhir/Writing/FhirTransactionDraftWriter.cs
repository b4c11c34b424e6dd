using System.Net;
using FhirNoteService.Core.Drafts;
using FhirNoteService.Core.Pipeline;
using FhirNoteService.Fhir.Audit;
using FhirNoteService.Fhir.Reading;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Microsoft.Extensions.Logging;
using Task = System.Threading.Tasks.Task;

namespace FhirNoteService.Fhir.Writing;

/// <summary>
/// Writes a draft with one conditional FHIR transaction and counts it as written only once the EMR is known to hold
/// it whole. A whole answer (every entry created, with its location) from a server seen to resolve the transaction's
/// references is enough; anything else (an empty or partial answer, a failed entry, a conditional create that matched,
/// or a server not yet seen) is confirmed by reading the draft back by its version identifier, and what the server left
/// undone (a reference it did not resolve, a Provenance it matched to someone else's, a duplicate or a draft it did not
/// supersede) is repaired with If-Match updates.
/// </summary>
public sealed partial class FhirTransactionDraftWriter(FhirClientFactory clients, IAuditTrail audit, ILogger<FhirTransactionDraftWriter> logger) : IDraftWriter
{
    /// <summary>How many times a write is repaired and read back before the draft counts as a conflict to decide again.</summary>
    public const int RepairRounds = 3;

    private const int Unknown = 0;
    private const int Resolves = 1;
    private const int LeavesUnresolved = -1;

    // Whether this server resolves urn:uuid references in repeating elements (DocumentReference.author,
    // Provenance.target, agent.who). Not every server does; until one is seen to, every write is read back.
    private int _referenceResolution = Unknown;

    /// <summary>The transaction that writes <paramref name="draft"/>, as it would be sent (for a dry run to show).</summary>
    public static Bundle TransactionFor(NoteDraft draft) => DraftTransaction.Build(draft);

    /// <summary>The transaction that supersedes stray drafts, as it would be sent.</summary>
    public static Bundle RetirementFor(IReadOnlyList<DocumentReference> strays) => DraftTransaction.Updates(strays.Select(DraftState.AsSuperseded));

    public async Task<DraftWriteResult> WriteAsync(NoteDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var written = await WriteDraftAsync(draft, cancellationToken);
        audit.DraftWritten(draft, written);
        return written;
    }

    private async Task<DraftWriteResult> WriteDraftAsync(NoteDraft draft, CancellationToken cancellationToken)
    {
        var what = $"draft {draft.Version.Value}";
        var transaction = DraftTransaction.Build(draft);
        // The answer need not repeat the resources just sent: what it leaves out is read back when needed.
        var response = await SendAsync(transaction, what, draft.Superseded.Count > 0 ? "a draft it supersedes changed since it was read" : null, cancellationToken);
        var answer = TransactionAnswer.Read(response, transaction.Entry.Count);
        if (answer.IsWhole
            && answer.Failures.Count == 0
            && answer.Status(DraftTransaction.DocumentEntry) == HttpStatusCode.Created
            && answer.Status(DraftTransaction.ProvenanceEntry) == HttpStatusCode.Created
            && Volatile.Read(ref _referenceResolution) == Resolves)
        {
            return new DraftWriteResult($"DocumentReference/{answer.Id(DraftTransaction.DocumentEntry)}", Created: true);
        }
        if (answer.Failures.Count > 0)
        {
            LogFailedEntries(logger, what, answer.Describe());
        }
        var created = answer.Status(DraftTransaction.DocumentEntry) is null or HttpStatusCode.Created;
        var written = await ConfirmAsync(draft, answer, what, RepairRounds, cancellationToken);
        return new DraftWriteResult($"DocumentReference/{written.Id}", created);
    }

    public async Task RetireAsync(IReadOnlyList<DocumentReference> strays, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(strays);
        if (strays.Count == 0)
        {
            return;
        }
        var what = $"superseding {strays.Count} stray draft(s) of a series";
        var transaction = RetirementFor(strays);
        var response = await SendAsync(transaction, what, "a stray changed since it was read", cancellationToken);
        var answer = TransactionAnswer.Read(response, transaction.Entry.Count);
        if (answer.Failures.Count > 0)
        {
            throw new DraftConflictException($"{what}: the server answered {answer.Describe()}; reading again");
        }
        if (!answer.IsWhole)
        {
            var ids = strays.Select(s => s.Id ?? string.Empty).ToList();
            var read = await ReadAsync(BatchAnswer.OfSearches([$"DocumentReference?_id={string.Join(',', ids.Select(Uri.EscapeDataString))}"]), what, cancellationToken);
            var stillCurrent = BatchAnswer.Searchset(read, 0, PermanentFailureKind.DraftRejected, what).Entry
                .Select(e => e.Resource).OfType<DocumentReference>()
                .Count(d => ids.Contains(d.Id ?? string.Empty) && d.Status == DocumentReferenceStatus.Current);
            if (stillCurrent > 0)
            {
                throw new DraftConflictException($"{what}: after {answer.Describe()}, {stillCurrent} are still current; reading again");
            }
        }
        LogRetired(logger, strays.Count);
    }

    // Reads the draft back and repairs what the server left undone; returns the draft the EMR holds.
    private async Task<DocumentReference> ConfirmAsync(NoteDraft draft, TransactionAnswer answer, string what, int repairsLeft, CancellationToken cancellationToken)
    {
        var matchedId = answer.Status(DraftTransaction.DocumentEntry) == HttpStatusCode.Created ? null : answer.Id(DraftTransaction.DocumentEntry);
        var others = draft.Superseded.Select(s => s.Id).Append(matchedId).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var readBack = DraftReadBack.Request(draft, others);
        var check = DraftReadBack.Read(draft, await ReadAsync(readBack, $"{what}: reading it back", cancellationToken), others, $"{what}: reading it back");

        if (check.Drafts.Count == 0)
        {
            throw NotHeld(draft, answer, check.Others.FirstOrDefault(d => d.Id == matchedId), what);
        }
        var current = DraftPlanner.Newest(check.Drafts, draft.Decision.Series);
        var kept = current.Count > 0 ? current[0] : check.Drafts[0];
        if (check.Devices.Count == 0)
        {
            throw new DraftConflictException($"{what}: after {answer.Describe()}, the EMR holds no author Device; reading again");
        }
        var device = $"Device/{check.Devices[0].Id}";
        var devices = check.Devices.Select(d => $"Device/{d.Id}").ToList();
        bool IsOurDevice(ResourceReference? reference) => devices.Any(d => FhirReferences.Refers(reference, d));
        var repairs = new List<Resource>();
        var referencesLeft = false;

        // Drafts of this version beside the one kept: two deliveries wrote it at once on a server without isolation.
        repairs.AddRange(check.Drafts.Where(d => d.Id != kept.Id && d.Status == DocumentReferenceStatus.Current && DraftState.IsUntouched(d)).Select(DraftState.AsSuperseded));
        // A reference can also resolve to nothing: a server without isolation may rewrite it to an id it then did not
        // create (another transaction created the Device first). The author must be a Device the EMR holds.
        if (!kept.Author.All(IsOurDevice))
        {
            var fixedDraft = (DocumentReference)kept.DeepCopy();
            fixedDraft.Author = [new ResourceReference(device)];
            repairs.Add(fixedDraft);
            referencesLeft = true;
        }
        var target = $"DocumentReference/{kept.Id}";
        // The Provenances of this version that target the kept draft: the first whose agent is the author Device is
        // kept (the same one by every worker), or else the first is mended; the others, copies two deliveries made at
        // once on a server without isolation, are the service's own and are deleted.
        var forDraft = check.Provenances
            .Where(p => p.Target.Any(t => FhirReferences.Refers(t, target)))
            .OrderBy(p => p.Agent.All(a => IsOurDevice(a.Who)) ? 0 : 1)
            .ThenBy(p => p.Id, StringComparer.Ordinal)
            .ToList();
        var duplicates = forDraft.Skip(1).ToList();
        var provenance = forDraft.FirstOrDefault();
        if (provenance is null || !provenance.Agent.All(a => IsOurDevice(a.Who)))
        {
            // A Provenance of this version whose target is none of its drafts (left a urn, or an id never created);
            // one that targets another draft of the version belongs to that one.
            var drafts = check.Drafts.Select(d => $"DocumentReference/{d.Id}").ToList();
            var mended = provenance ?? check.Provenances.FirstOrDefault(p => !p.Target.Any(t => drafts.Any(d => FhirReferences.Refers(t, d))));
            referencesLeft |= mended is not null;
            repairs.Add(Linked(mended ?? DraftTransaction.Tagged(draft.Provenance.Resource, draft.Version), target, device));
        }
        // A supersede the server did not carry out (a failed entry committed beside the others): done now if the
        // draft is still the service's untouched one; a clinician's edit since leaves it the clinician's.
        repairs.AddRange(check.Others.Where(d => draft.Superseded.Any(s => s.Id == d.Id) && d.Status == DocumentReferenceStatus.Current && DraftState.IsUntouched(d)).Select(DraftState.AsSuperseded));

        if (repairs.Count == 0 && duplicates.Count == 0)
        {
            Interlocked.CompareExchange(ref _referenceResolution, Resolves, Unknown);
            return kept;
        }
        if (referencesLeft)
        {
            Volatile.Write(ref _referenceResolution, LeavesUnresolved);
        }
        if (repairsLeft == 0)
        {
            throw new DraftConflictException($"{what}: the EMR still lacks {repairs.Count} part(s) of the draft after a repair; reading again");
        }
        LogRepairing(logger, what, answer.Describe(), string.Join(", ", repairs.Select(r => r.Id is null ? $"new {r.TypeName}" : $"{r.TypeName}/{r.Id}").Concat(duplicates.Select(d => $"delete Provenance/{d.Id}"))));
        await RepairAsync(repairs, duplicates, what, cancellationToken);
        return await ConfirmAsync(draft, answer, what, repairsLeft - 1, cancellationToken);
    }

    // Whether the repair went through is read back, not taken from its answer: another worker repairing the same
    // draft at once (two deliveries on a server without isolation) may have done a part first, making ours fail.
    private async Task RepairAsync(List<Resource> repairs, List<Provenance> duplicates, string what, CancellationToken cancellationToken)
    {
        var transaction = DraftTransaction.Updates(repairs, duplicates);
        try
        {
            var answer = TransactionAnswer.Read(await SendAsync(transaction, $"{what}: repairing it", "a part of the draft changed while it was repaired", cancellationToken), transaction.Entry.Count);
            if (answer.Failures.Count > 0)
            {
                var described = answer.Describe();
                LogRepairIncomplete(logger, what, described);
            }
        }
        catch (DraftConflictException conflict)
        {
            LogRepairIncomplete(logger, what, conflict.Message);
        }
    }

    // The Provenance pointed at the draft and at the author Device by their ids, the rest as it was.
    private static Provenance Linked(Provenance provenance, string target, string device)
    {
        var linked = (Provenance)provenance.DeepCopy();
        linked.Target = [new ResourceReference(target)];
        // The service's Provenance has one agent, the author Device.
        foreach (var agent in linked.Agent)
        {
            agent.Who = new ResourceReference(device);
        }
        return linked;
    }

    // The server answered, but does not hold a draft of this version: another delivery's draft of the series won a
    // conditional create (read again and decide again), or the server matched something else entirely.
    private static Exception NotHeld(NoteDraft draft, TransactionAnswer answer, DocumentReference? matched, string what)
    {
        if (matched is not null && !DraftIdentifiers.IsSeries(matched, draft.Decision.Series))
        {
            return new PermanentNoteFailureException(
                PermanentFailureKind.DraftRejected,
                $"{what}: the server's conditional create returned a different DocumentReference; it does not honour If-None-Exist on identifier");
        }
        return matched is not null
            ? new DraftConflictException($"{what}: another delivery wrote DocumentReference/{matched.Id} of the same series first")
            : new DraftConflictException($"{what}: after {answer.Describe()}, the EMR holds no draft of this version; reading again");
    }

    private Task<Bundle?> SendAsync(Bundle transaction, string what, string? preconditionFailure, CancellationToken cancellationToken) =>
        FhirCall.SendAsync(
            clients,
            ReturnPreference.Minimal,
            (client, cancel) => client.TransactionAsync(transaction, cancel),
            PermanentFailureKind.DraftRejected,
            what,
            cancellationToken,
            preconditionFailure);

    private Task<Bundle> ReadAsync(Bundle request, string what, CancellationToken cancellationToken) =>
        BatchAnswer.ReadAsync(clients, request, PermanentFailureKind.DraftRejected, what, cancellationToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The transaction of {Draft} answered {Answer}: reading it back to see what the EMR holds")]
    private static partial void LogFailedEntries(ILogger logger, string draft, string answer);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Draft} (transaction answered {Answer}) is incomplete in the EMR; repairing {Repairs}")]
    private static partial void LogRepairing(ILogger logger, string draft, string answer, string repairs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Repair of {Draft} not complete ({Answer}); reading it back to see what the EMR holds")]
    private static partial void LogRepairIncomplete(ILogger logger, string draft, string answer);

    [LoggerMessage(Level = LogLevel.Information, Message = "Superseded {Count} stray draft(s) of a series")]
    private static partial void LogRetired(ILogger logger, int count);
}
