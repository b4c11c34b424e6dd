using System.Net.Mime;
using FhirNoteService.Core.Events;
using FhirNoteService.Core.Pipeline;
using FhirNoteService.Receiver.AzureEvents;
using FhirNoteService.Receiver.Subscriptions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FhirNoteService.Receiver;

/// <summary>
/// <c>POST /events/{source}</c> for every configured source, and <c>OPTIONS</c> for the CloudEvents handshake. Each
/// delivery is authenticated, bounded, read by its source's kind, published with confirms, and only then answered 200.
/// Answers: 401 wrong or missing token, 404 unknown source, 413 too large, 415 wrong content type, 400 not what the
/// source sends, 503 the broker did not confirm (the sender retries). Nothing the sender wrote is logged or echoed.
/// </summary>
public static partial class EventReceiverEndpoints
{
    public const string RoutePrefix = "/events";

    public static IEndpointRouteBuilder MapEventReceiver(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapPost(RoutePrefix + "/{source}", ReceiveAsync);
        endpoints.MapMethods(RoutePrefix + "/{source}", [HttpMethods.Options], Handshake);
        return endpoints;
    }

    private static async Task<IResult> ReceiveAsync(string source, HttpContext context)
    {
        var services = context.RequestServices;
        var options = services.GetRequiredService<IOptions<ReceiverOptions>>().Value;
        var telemetry = services.GetRequiredService<NoteTelemetry>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(EventReceiverEndpoints).FullName!);
        if (!options.Sources.TryGetValue(source, out var sourceOptions))
        {
            return Answer(telemetry, logger, "unknown", "(unknown)", StatusCodes.Status404NotFound, "no source of that name is configured");
        }
        var kind = sourceOptions.Kind;
        if (!SourceAuthentication.IsAuthorized(context.Request, sourceOptions))
        {
            return Answer(telemetry, logger, kind, source, StatusCodes.Status401Unauthorized, "the Authorization header does not carry this source's bearer token");
        }
        if (AcceptedContentType(context.Request.ContentType, kind) is not { } contentType)
        {
            return Answer(telemetry, logger, kind, source, StatusCodes.Status415UnsupportedMediaType, $"the content type must be {string.Join(" or ", ContentTypes(kind))}");
        }
        var body = await BoundedBody.ReadAsync(context.Request, options.MaxBodyBytes, context.RequestAborted);
        if (body is null)
        {
            return Answer(telemetry, logger, kind, source, StatusCodes.Status413PayloadTooLarge, $"the body is larger than Receiver:MaxBodyBytes ({options.MaxBodyBytes} bytes)");
        }
        Delivery delivery;
        try
        {
            delivery = Read(body, contentType, source, sourceOptions, services);
        }
        catch (DeliveryRefusedException refused)
        {
            return Answer(telemetry, logger, kind, source, StatusCodes.Status400BadRequest, refused.Message);
        }
        catch (Exception unexpected) when (unexpected is not OperationCanceledException)
        {
            // A library's own message can quote what it read: only the exception's type is reported.
            return Answer(telemetry, logger, kind, source, StatusCodes.Status400BadRequest, $"the body could not be read as a {kind} delivery ({unexpected.GetType().Name})");
        }
        var recent = services.GetRequiredService<RecentVersions>();
        var fresh = delivery with { Events = delivery.Events.Where(e => e.VersionId is null || !recent.Seen(VersionKey(source, e))).ToList() };
        var forwarding = await services.GetRequiredService<BusForwarder>().PublishAsync(fresh, context.RequestAborted);
        if (forwarding != Forwarding.Confirmed)
        {
            context.Response.Headers.RetryAfter = "5";
            return Answer(telemetry, logger, kind, source, StatusCodes.Status503ServiceUnavailable, forwarding == Forwarding.NoQueue
                ? "no queue takes these messages yet (start a worker, which declares encounter-events); send again"
                : "the message broker did not confirm the messages in time; send again");
        }
        foreach (var published in fresh.Events.Where(e => e.VersionId is not null))
        {
            recent.Remember(VersionKey(source, published));
        }
        telemetry.Deliveries.Add(1, new KeyValuePair<string, object?>("source.kind", kind), new KeyValuePair<string, object?>("http.response.status_code", StatusCodes.Status200OK));
        LogAccepted(logger, source, kind, fresh.Events.Count + (fresh.Notification is null ? 0 : 1), delivery.Events.Count - fresh.Events.Count, delivery.Ignored);
        return delivery.Answer is { } answer ? Results.Json(answer) : Results.Ok();
    }

    private static Delivery Read(byte[] body, ContentType contentType, string source, EventSourceOptions sourceOptions, IServiceProvider services)
    {
        var sourceSystem = sourceOptions.SourceSystem ?? services.GetRequiredService<IOptions<EventOptions>>().Value.SourceSystem;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        return sourceOptions.Kind switch
        {
            EventSourceKinds.FhirSubscription => new Delivery([], SubscriptionNotificationReader.Read(body, source, sourceOptions.HeartbeatPeriod, now) with { SourceSystem = sourceOptions.SourceSystem }),
            EventSourceKinds.EventGrid => EventGridReader.Read(body, sourceSystem),
            _ => CloudEventsReader.Read(body, contentType, sourceSystem),
        };
    }

    // CloudEvents' abuse protection: the sender asks whether it may deliver here; only configured origins are granted.
    private static IResult Handshake(string source, HttpContext context)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<ReceiverOptions>>().Value;
        if (!options.Sources.TryGetValue(source, out var sourceOptions) || sourceOptions.Kind != EventSourceKinds.CloudEvents)
        {
            return Results.StatusCode(StatusCodes.Status405MethodNotAllowed);
        }
        var origin = context.Request.Headers["WebHook-Request-Origin"].ToString();
        if (origin.Length == 0 || !sourceOptions.GrantedOrigins.Contains(origin, StringComparer.OrdinalIgnoreCase))
        {
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }
        context.Response.Headers["WebHook-Allowed-Origin"] = origin;
        context.Response.Headers["WebHook-Allowed-Rate"] = "*";
        return Results.Ok();
    }

    private static string VersionKey(string source, Contracts.EncounterEvent e) => $"{source}|{e.EncounterReference}|{e.VersionId}";

    private static ContentType? AcceptedContentType(string? header, string kind)
    {
        if (string.IsNullOrEmpty(header))
        {
            return null;
        }
        try
        {
            var contentType = new ContentType(header);
            var charsetOk = contentType.CharSet is null || string.Equals(contentType.CharSet, "utf-8", StringComparison.OrdinalIgnoreCase);
            return charsetOk && ContentTypes(kind).Contains(contentType.MediaType, StringComparer.OrdinalIgnoreCase) ? contentType : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static IReadOnlyList<string> ContentTypes(string kind) => kind switch
    {
        EventSourceKinds.FhirSubscription => ["application/fhir+json", "application/json"],
        EventSourceKinds.EventGrid => ["application/json"],
        _ => [CloudEventsReader.StructuredContentType, CloudEventsReader.BatchContentType],
    };

    private static IResult Answer(NoteTelemetry telemetry, ILogger logger, string kind, string source, int status, string reason)
    {
        telemetry.Deliveries.Add(1, new KeyValuePair<string, object?>("source.kind", kind), new KeyValuePair<string, object?>("http.response.status_code", status));
        LogRefused(logger, source, kind, status, reason);
        return Results.Problem(detail: reason, statusCode: status);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a delivery on source {Source} ({Kind}): HTTP {Status}, {Reason}")]
    private static partial void LogRefused(ILogger logger, string source, string kind, int status, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Accepted a delivery on source {Source} ({Kind}): {Published} messages published, {Duplicates} duplicate versions dropped, {Ignored} events ignored")]
    private static partial void LogAccepted(ILogger logger, string source, string kind, int published, int duplicates, int ignored);
}
