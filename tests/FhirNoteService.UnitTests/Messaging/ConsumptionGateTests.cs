using FhirNoteService.Core.Pipeline;
using FhirNoteService.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FhirNoteService.UnitTests.Messaging;

/// <summary>The pause while a dependency is down, on a clock the test moves: who probes when, and who waits.</summary>
public sealed class ConsumptionGateTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly ServiceProvider _metrics = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly ConsumptionGate _gate;

    public ConsumptionGateTests()
    {
        var options = Options.Create(new MessagingOptions { PauseProbeInterval = TimeSpan.FromSeconds(1), PauseProbeMaxInterval = TimeSpan.FromSeconds(5) });
        _gate = new ConsumptionGate(options, new NoteTelemetry(_metrics.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()), _clock, NullLogger<ConsumptionGate>.Instance);
    }

    public void Dispose() => _metrics.Dispose();

    private static DependencyUnavailableException FhirDown() => new(Dependency.FhirServer, "connection failed (ConnectionRefused)");

    [Fact]
    public async Task WaitForTurn_WhileOpen_ReturnsAtOnceWithoutProbing()
    {
        Assert.False(await _gate.WaitForTurnAsync(CancellationToken.None));
        Assert.Null(_gate.Current);
    }

    [Fact]
    public async Task WaitForTurn_AfterAnOutage_HoldsEveryoneUntilTheIntervalThenLetsOneProbe()
    {
        _gate.Unavailable(FhirDown(), probe: false);
        var first = _gate.WaitForTurnAsync(CancellationToken.None);
        var second = _gate.WaitForTurnAsync(CancellationToken.None);

        Assert.False(first.IsCompleted || second.IsCompleted);
        _clock.Advance(TimeSpan.FromSeconds(1));
        var prober = await Task.WhenAny(first, second);

        Assert.True(await prober);
        Assert.False((prober == first ? second : first).IsCompleted);
        Assert.Equal("FHIR server", _gate.Current!.Dependency);
        Assert.Equal(_clock.GetUtcNow() - TimeSpan.FromSeconds(1), _gate.Current.Since);
    }

    [Theory]
    [InlineData(1, 2, 4, 5, 5)]
    public async Task Unavailable_FailedProbes_DoubleTheIntervalUpToTheMaximum(params int[] seconds)
    {
        _gate.Unavailable(FhirDown(), probe: false);
        foreach (var interval in seconds.Select(s => TimeSpan.FromSeconds(s)))
        {
            var turn = _gate.WaitForTurnAsync(CancellationToken.None);
            _clock.Advance(interval - TimeSpan.FromMilliseconds(1));
            Assert.False(SpinWait.SpinUntil(() => turn.IsCompleted, TimeSpan.FromMilliseconds(50)), $"probed before {interval}");
            _clock.Advance(TimeSpan.FromMilliseconds(1));
            Assert.True(await turn.WaitAsync(TimeSpan.FromSeconds(10)));
            _gate.Unavailable(FhirDown(), probe: true);
        }
    }

    [Fact]
    public async Task Reachable_OpensTheGateForEveryoneWaiting()
    {
        _gate.Unavailable(FhirDown(), probe: false);
        var waiting = _gate.WaitForTurnAsync(CancellationToken.None);

        _gate.Reachable();

        Assert.False(await waiting.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Null(_gate.Current);
    }
}
