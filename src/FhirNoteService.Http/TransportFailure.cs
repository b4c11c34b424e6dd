using System.Net;
using System.Net.Sockets;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace FhirNoteService.Http;

/// <summary>Describes transport failures shared by every HTTP dependency, in words that carry no patient data.</summary>
public static class TransportFailure
{
    /// <summary>Statuses worth retrying: 408, 429 and every 5xx.</summary>
    public static bool IsTransient(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout;

    /// <summary>
    /// The failure as a short reason, or null when it is not a transport failure. HttpRequestException covers refused
    /// and reset connections and failed name resolution; a timeout surfaces as Polly's TimeoutRejectedException, a
    /// TimeoutException or a cancellation the caller did not ask for. A client library's exception whose cause is one
    /// of these (OpenAI's ClientResultException wraps the HttpRequestException) is described by its cause.
    /// </summary>
    public static string? Describe(Exception error, CancellationToken requestToken)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error switch
        {
            HttpRequestException { StatusCode: { } status } when IsTransient(status) => $"HTTP {(int)status}",
            HttpRequestException { StatusCode: not null } => null,
            HttpRequestException { InnerException: SocketException socket } => $"connection failed ({socket.SocketErrorCode})",
            HttpRequestException http => $"connection failed ({http.HttpRequestError})",
            TimeoutException or TimeoutRejectedException => "no answer within the timeout",
            OperationCanceledException when !requestToken.IsCancellationRequested => "no answer within the timeout",
            OperationCanceledException => null,
            BrokenCircuitException => "circuit open after repeated failures",
            { InnerException: { } cause } => Describe(cause, requestToken),
            _ => null,
        };
    }
}
