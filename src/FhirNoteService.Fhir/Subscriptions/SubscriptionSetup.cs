using FhirNoteService.Core.Pipeline;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Hl7.Fhir.Utility;

namespace FhirNoteService.Fhir.Subscriptions;

/// <summary>
/// Creates or updates, on the EMR's FHIR server, the R4 Backport (1.1.0) rest-hook Subscription that sends finished
/// encounters to the event receiver, and asks the server for its <c>$status</c>. One Subscription per receiver
/// endpoint: an existing one with the same channel endpoint is updated, not duplicated.
/// </summary>
public sealed class SubscriptionSetup(FhirClientFactory clients)
{
    public const string BackportProfile = "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-subscription";
    private const string Extensions = "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/";

    public async Task<SubscriptionSetupResult> EnsureAsync(SubscriptionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var subscription = Build(request);
        var existing = await FhirCall.SendAsync(
            clients,
            ReturnPreference.Minimal,
            (client, ct) => client.SearchAsync<Subscription>(new SearchParams().Add("url", request.Endpoint.ToString()), ct: ct),
            PermanentFailureKind.InvalidContext,
            "Searching the Subscription for this endpoint",
            cancellationToken);
        var found = existing?.Entry.Select(e => e.Resource).OfType<Subscription>().FirstOrDefault(s => s.Channel?.Endpoint == request.Endpoint.ToString());
        Subscription? written;
        if (found?.Id is { } id)
        {
            subscription.Id = id;
            written = await FhirCall.SendAsync(clients, ReturnPreference.Representation, (client, ct) => client.UpdateAsync(subscription, ct: ct), PermanentFailureKind.DraftRejected, "Updating the Subscription", cancellationToken);
        }
        else
        {
            written = await FhirCall.SendAsync(clients, ReturnPreference.Representation, (client, ct) => client.CreateAsync(subscription, ct: ct), PermanentFailureKind.DraftRejected, "Creating the Subscription", cancellationToken);
        }
        var reference = $"Subscription/{written?.Id ?? found?.Id ?? "?"}";
        return new SubscriptionSetupResult(found is null, reference, written?.Status?.GetLiteral() ?? "unknown", await StatusAsync(reference, cancellationToken));
    }

    // $status is optional (Backport IG): a server without it is reported, not an error.
    private async Task<string> StatusAsync(string reference, CancellationToken cancellationToken)
    {
        try
        {
            using var client = clients.Create(ReturnPreference.Representation);
            var answer = await client.OperationAsync(new Uri(client.Endpoint, reference), "status", useGet: true, ct: cancellationToken);
            var status = answer switch
            {
                Bundle bundle => bundle.Entry.Select(e => e.Resource).OfType<Parameters>().FirstOrDefault(),
                Parameters parameters => parameters,
                _ => null,
            };
            if (status is null)
            {
                return "$status answered without a SubscriptionStatus";
            }
            var state = (status.Parameter.FirstOrDefault(p => p.Name == "status")?.Value as Code)?.Value ?? "?";
            var events = status.Parameter.FirstOrDefault(p => p.Name == "events-since-subscription-start")?.Value?.ToString() ?? "?";
            return $"$status: {state}, {events} events since the subscription started";
        }
        catch (FhirOperationException error)
        {
            return $"the server does not answer $status (HTTP {(int)error.Status}); the tracker watches heartbeats and event numbers instead";
        }
        catch (Exception error) when (error is Hl7.Fhir.Serialization.DeserializationFailedException or FormatException or HttpRequestException or TaskCanceledException)
        {
            return "the server's answer to $status could not be read; the tracker watches heartbeats and event numbers instead";
        }
    }

    private static Subscription Build(SubscriptionRequest request)
    {
        var subscription = new Subscription
        {
            Meta = new Meta { Profile = [BackportProfile] },
            Status = Subscription.SubscriptionStatus.Requested,
            Reason = "FhirNoteService: draft clinical notes for finished encounters",
            Criteria = request.Topic.ToString(),
            Channel = new Subscription.ChannelComponent
            {
                Type = Subscription.SubscriptionChannelType.RestHook,
                Endpoint = request.Endpoint.ToString(),
                Payload = "application/fhir+json",
                Header = [$"Authorization: Bearer {request.Token}"],
            },
        };
        subscription.CriteriaElement.AddExtension(Extensions + "backport-filter-criteria", new FhirString(request.Filter));
        subscription.Channel.PayloadElement.AddExtension(Extensions + "backport-payload-content", new Code(request.PayloadContent));
        subscription.Channel.AddExtension(Extensions + "backport-heartbeat-period", new UnsignedInt((int)request.HeartbeatPeriod.TotalSeconds));
        subscription.Channel.AddExtension(Extensions + "backport-timeout", new UnsignedInt(30));
        subscription.Channel.AddExtension(Extensions + "backport-max-count", new PositiveInt(20));
        return subscription;
    }
}

/// <summary>What the Subscription asks for. <paramref name="Token"/> goes into the channel header only, never into output.</summary>
public sealed record SubscriptionRequest(Uri Topic, string Filter, Uri Endpoint, string Token, string PayloadContent, TimeSpan HeartbeatPeriod);

/// <summary>What <see cref="SubscriptionSetup.EnsureAsync"/> did.</summary>
public sealed record SubscriptionSetupResult(bool Created, string Reference, string Status, string StatusCheck);
