using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace FhirNoteService.Core.Drafts;

/// <summary>Writes a draft to the EMR, effectively once per draft version.</summary>
public interface IDraftWriter
{
    /// <summary>
    /// Writes the draft in one transaction. Throws <see cref="DraftConflictException"/> when the series changed
    /// since it was read (a clinician edited the draft, or another worker wrote one): read again and decide again.
    /// </summary>
    Task<DraftWriteResult> WriteAsync(NoteDraft draft, CancellationToken cancellationToken);

    /// <summary>
    /// Supersedes the service's stray drafts of a series (untouched, each with If-Match on the version read).
    /// Throws <see cref="DraftConflictException"/> when one changed since it was read.
    /// </summary>
    Task RetireAsync(IReadOnlyList<DocumentReference> strays, CancellationToken cancellationToken);
}

/// <summary>Where the draft lives, and whether this write created it or found it already written.</summary>
public sealed record DraftWriteResult(string DocumentReference, bool Created);
