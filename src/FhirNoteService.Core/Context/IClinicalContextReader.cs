using FhirNoteService.Core.Events;

namespace FhirNoteService.Core.Context;

/// <summary>Reads the clinical context of an encounter from the EMR.</summary>
public interface IClinicalContextReader
{
    /// <summary>
    /// Reads the encounter and what a note about it needs. Throws a <see cref="Pipeline.PermanentNoteFailureException"/>
    /// when the encounter does not exist or has no patient; transport failures surface as they are, to be retried.
    /// </summary>
    Task<ClinicalContext> ReadAsync(EncounterId encounter, CancellationToken cancellationToken);
}
