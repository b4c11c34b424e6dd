using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace FhirNoteService.Receiver;

/// <summary>
/// The resource versions this receiver published lately: Event Grid delivers at least once and Azure fires every
/// update, so a version seen within <see cref="ReceiverOptions.DuplicateWindow"/> is not published again. Per process;
/// what slips through costs the worker a read, not a duplicate draft.
/// </summary>
internal sealed class RecentVersions : IDisposable
{
    private readonly MemoryCache _seen;
    private readonly TimeSpan _window;

    public RecentVersions(IOptions<ReceiverOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _window = options.Value.DuplicateWindow;
        _seen = new MemoryCache(new MemoryCacheOptions { SizeLimit = Math.Max(options.Value.DuplicateCapacity, 1), CompactionPercentage = 0.1 });
    }

    public bool Seen(string key) => _window > TimeSpan.Zero && _seen.TryGetValue(key, out _);

    public void Remember(string key)
    {
        if (_window > TimeSpan.Zero)
        {
            _seen.Set(key, true, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = _window });
        }
    }

    public void Dispose() => _seen.Dispose();
}
