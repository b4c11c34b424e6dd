using FhirNoteService.Core.Pipeline;
using FhirNoteService.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FhirNoteService.UnitTests.Messaging;

/// <summary>One log entry per failed event: MassTransit's entry for a failure the service logged itself is dropped, nothing else.</summary>
public sealed class ReceiveFaultLogFilterTests
{
    [Fact]
    public void Log_ReceiveTransportEntries_DropOnlyThoseOfFailuresTheServiceLogged()
    {
        var provider = new RecordingProvider();
        var services = new ServiceCollection().AddLogging(l => l.AddProvider(provider).SetMinimumLevel(LogLevel.Trace));
        ReceiveFaultLogFilter.Install(services);
        using var container = services.BuildServiceProvider();
        var factory = container.GetRequiredService<ILoggerFactory>();

        var transport = factory.CreateLogger("MassTransit.ReceiveTransport");
        transport.LogError(new PermanentNoteFailureException(PermanentFailureKind.InvalidEvent, "the body is not valid JSON"), "R-FAULT ours");
        transport.LogError(new InvalidOperationException("a defect"), "R-FAULT unknown");
        transport.LogInformation("connected");
        factory.CreateLogger("FhirNoteService.Anything").LogWarning(new PermanentNoteFailureException(PermanentFailureKind.InvalidEvent, "x"), "ours");

        Assert.Equal(["R-FAULT unknown", "connected", "ours"], provider.Messages);
    }

    private sealed class RecordingProvider : ILoggerProvider
    {
        public List<string> Messages { get; } = [];

        public ILogger CreateLogger(string categoryName) => new Recorder(Messages);

        public void Dispose()
        {
        }

        private sealed class Recorder(List<string> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                messages.Add(formatter(state, exception));
        }
    }
}
