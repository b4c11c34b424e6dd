namespace FhirNoteService.Messaging;

/// <summary>
/// One delivery of an encounter at a time within this worker: a duplicate or a quick re-trigger waits for the one in
/// flight, while other encounters go ahead. (MassTransit's partitioner hashes keys into a fixed number of partitions,
/// so unrelated encounters that share a partition would wait for each other and cut the worker's concurrency.)
/// </summary>
public sealed class EncounterTurns
{
    private readonly Dictionary<string, Turn> _turns = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>How many encounters have a delivery in flight or waiting.</summary>
    public int Active
    {
        get
        {
            lock (_lock)
            {
                return _turns.Count;
            }
        }
    }

    /// <summary>Waits until no other delivery of <paramref name="encounter"/> is in flight; dispose the result to end the turn.</summary>
    public async Task<IDisposable> TakeAsync(string encounter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(encounter);
        Turn turn;
        lock (_lock)
        {
            if (!_turns.TryGetValue(encounter, out turn!))
            {
                turn = new Turn(this, encounter);
                _turns[encounter] = turn;
            }
            turn.Holders++;
        }
        try
        {
            await turn.Semaphore.WaitAsync(cancellationToken);
        }
        catch
        {
            Leave(turn, held: false);
            throw;
        }
        return turn.Lease();
    }

    private void Leave(Turn turn, bool held)
    {
        if (held)
        {
            turn.Semaphore.Release();
        }
        lock (_lock)
        {
            if (--turn.Holders == 0)
            {
                _turns.Remove(turn.Encounter);
                turn.Semaphore.Dispose();
            }
        }
    }

    private sealed class Turn(EncounterTurns owner, string encounter)
    {
        public string Encounter { get; } = encounter;

        public SemaphoreSlim Semaphore { get; } = new(1, 1);

        // Guarded by the owner's lock.
        public int Holders { get; set; }

        public Releaser Lease() => new(owner, this);
    }

    private sealed class Releaser(EncounterTurns owner, Turn turn) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner.Leave(turn, held: true);
            }
        }
    }
}
