using FhirNoteService.Core.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FhirNoteService.Messaging;

/// <summary>
/// One log entry per failed event: the service logs each permanent failure itself, once, in its own words, so
/// MassTransit's entry for the same failure (<c>R-FAULT</c> under <c>MassTransit.ReceiveTransport</c>, with a stack
/// trace) is dropped. Only that: MassTransit's entries about anything else, including exceptions the service did not
/// classify, pass as they are. MassTransit takes its loggers from the container's <see cref="ILoggerFactory"/>, so the
/// factory is wrapped; logging filters cannot tell entries apart by their exception.
/// </summary>
internal sealed class ReceiveFaultLogFilter(ILoggerFactory inner) : ILoggerFactory
{
    private const string ReceiveTransportCategory = "MassTransit.ReceiveTransport";

    /// <summary>Wraps the container's logger factory; a host without logging has nothing to filter.</summary>
    public static void Install(IServiceCollection services)
    {
        var original = services.LastOrDefault(d => d.ServiceType == typeof(ILoggerFactory));
        if (original is null || services.Any(d => d.ServiceType == typeof(ReceiveFaultLogFilter)))
        {
            return;
        }
        services.Remove(original);
        services.AddSingleton(provider => new ReceiveFaultLogFilter(Create(provider, original)));
        services.AddSingleton<ILoggerFactory>(provider => provider.GetRequiredService<ReceiveFaultLogFilter>());
    }

    public ILogger CreateLogger(string categoryName)
    {
        var logger = inner.CreateLogger(categoryName);
        return categoryName == ReceiveTransportCategory ? new QuietLogger(logger) : logger;
    }

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();

    private static ILoggerFactory Create(IServiceProvider provider, ServiceDescriptor original) => original switch
    {
        { ImplementationInstance: ILoggerFactory instance } => instance,
        { ImplementationFactory: { } factory } => (ILoggerFactory)factory(provider),
        _ => (ILoggerFactory)ActivatorUtilities.CreateInstance(provider, original.ImplementationType!),
    };

    private sealed class QuietLogger(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (exception is PermanentNoteFailureException)
            {
                return;
            }
            inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}
