using System.Diagnostics;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace FhirNoteService.Ai.Models;

/// <summary>Logs each model call's model, duration, token counts and finish reason: never its content.</summary>
internal sealed partial class ModelCallLoggingChatClient(IChatClient inner, ILogger logger, string model) : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await base.GetResponseAsync(messages, options, cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            LogCall(logger, model, elapsed, response.Usage?.InputTokenCount, response.Usage?.OutputTokenCount, response.FinishReason?.Value);
            return response;
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            LogFailure(logger, model, elapsed, error.GetType().Name);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {Model} answered in {Milliseconds:0} ms (input tokens {InputTokens}, output tokens {OutputTokens}, finish {FinishReason})")]
    private static partial void LogCall(ILogger logger, string model, double milliseconds, long? inputTokens, long? outputTokens, string? finishReason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model {Model} call failed after {Milliseconds:0} ms: {ErrorType}")]
    private static partial void LogFailure(ILogger logger, string model, double milliseconds, string errorType);
}
