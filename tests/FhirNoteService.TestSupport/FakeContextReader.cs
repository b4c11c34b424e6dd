using FhirNoteService.Core.Context;
using FhirNoteService.Core.Events;

namespace FhirNoteService.TestSupport;

/// <summary>Answers context reads from a callback; counts them.</summary>
public sealed class FakeContextReader(Func<EncounterId, ClinicalContext> read) : IClinicalContextReader
{
    private int _reads;

    public int Reads => Volatile.Read(ref _reads);

    public Task<ClinicalContext> ReadAsync(EncounterId encounter, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        return Task.FromResult(read(encounter));
    }
}
