using System.Net.Mime;
using System.Text;
using FhirNoteService.Contracts;
using FhirNoteService.Receiver;
using FhirNoteService.Receiver.AzureEvents;
using FhirNoteService.Receiver.Subscriptions;

namespace FhirNoteService.UnitTests.Receiver;

public sealed class DeliveryReaderTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ASubscriptionNotificationAsARealServerSendsIt_IsRead()
    {
        var notification = SubscriptionNotificationReader.Read(Bytes(Notification("event-notification", "\"valueString\": \"12\"", """
            {"name": "notification-event", "part": [
              {"name": "event-number", "valueString": "12"},
              {"name": "timestamp", "valueInstant": "2026-12-02T09:59:58Z"},
              {"name": "focus", "valueReference": {"reference": "https://emr.example/fhir/Encounter/enc-1/_history/3"}}]}
            """)), "emr", TimeSpan.FromMinutes(1), Now);

        Assert.Equal("Subscription/sub-1", notification.Subscription);
        Assert.Equal(SubscriptionNotificationTypes.EventNotification, notification.Type);
        Assert.Equal(12, notification.EventsSinceSubscriptionStart);
        var e = Assert.Single(notification.Events);
        Assert.Equal(12, e.EventNumber);
        Assert.Equal("Encounter/enc-1", e.Focus);
        Assert.Equal("3", e.FocusVersionId);
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 9, 59, 58, TimeSpan.Zero), e.Timestamp);
    }

    [Fact]
    public void IntegerNumbers_AreReadToo()
    {
        var notification = SubscriptionNotificationReader.Read(Bytes(Notification("heartbeat", "\"valueInteger64\": \"40\"", null)), "emr", null, Now);
        Assert.Equal(40, notification.EventsSinceSubscriptionStart);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"resourceType\": \"Patient\", \"name\": [{\"family\": \"Quixote\"}]}")]
    [InlineData("{\"resourceType\": \"Bundle\", \"type\": \"searchset\"}")]
    [InlineData("{\"resourceType\": \"Bundle\", \"type\": \"history\", \"entry\": []}")]
    public void WhatIsNotANotification_IsRefusedWithoutQuotingIt(string body)
    {
        var refused = Assert.Throws<DeliveryRefusedException>(() => SubscriptionNotificationReader.Read(Bytes(body), "emr", null, Now));
        Assert.DoesNotContain("Quixote", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownTypeOrABadNumber_IsRefused()
    {
        Assert.Throws<DeliveryRefusedException>(() => SubscriptionNotificationReader.Read(Bytes(Notification("surprise", "\"valueString\": \"1\"", null)), "emr", null, Now));
        Assert.Throws<DeliveryRefusedException>(() => SubscriptionNotificationReader.Read(Bytes(Notification("heartbeat", "\"valueString\": \"-1\"", null)), "emr", null, Now));
    }

    [Fact]
    public void EventGrid_EncountersOnly_WithTheirVersions()
    {
        var delivery = EventGridReader.Read(Bytes("""
            [{"id": "1", "subject": "s/Encounter/e1", "eventType": "Microsoft.HealthcareApis.FhirResourceUpdated", "eventTime": "2026-12-02T10:00:00Z", "dataVersion": "1",
              "data": {"resourceType": "Encounter", "resourceFhirAccount": "a", "resourceFhirId": "e1", "resourceVersionId": 4}},
             {"id": "2", "subject": "s/Patient/p1", "eventType": "Microsoft.HealthcareApis.FhirResourceCreated", "eventTime": "2026-12-02T10:00:00Z", "dataVersion": "1",
              "data": {"resourceType": "Patient", "resourceFhirAccount": "a", "resourceFhirId": "p1", "resourceVersionId": 1}}]
            """), "emr-a");
        var e = Assert.Single(delivery.Events);
        Assert.Equal(new EncounterEvent("Encounter/e1", EncounterEventKinds.Updated, new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero), "4", "emr-a"), e);
        Assert.Equal(1, delivery.Ignored);
    }

    [Fact]
    public void EventGrid_TheValidationHandshake_IsAnsweredWithItsCode()
    {
        var delivery = EventGridReader.Read(Bytes("""
            [{"id": "1", "subject": "", "eventType": "Microsoft.EventGrid.SubscriptionValidationEvent", "eventTime": "2026-12-02T10:00:00Z", "dataVersion": "2",
              "data": {"validationCode": "code-1"}}]
            """), null);
        Assert.Empty(delivery.Events);
        Assert.Contains("code-1", System.Text.Json.JsonSerializer.Serialize(delivery.Answer), StringComparison.Ordinal);
    }

    [Fact]
    public void CloudEvents_AnEncounterIdThatIsNotAFhirId_IsRefused()
    {
        var body = """
            {"specversion": "1.0", "id": "1", "source": "/x", "type": "Microsoft.HealthcareApis.FhirResourceCreated", "datacontenttype": "application/json",
             "data": {"resourceType": "Encounter", "resourceFhirId": "../../Patient/x y", "resourceVersionId": 1}}
            """;
        Assert.Throws<DeliveryRefusedException>(() => CloudEventsReader.Read(Bytes(body), new ContentType(CloudEventsReader.StructuredContentType), null));
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static string Notification(string type, string eventsSinceStart, string? notificationEvent) =>
        """
        {"resourceType": "Bundle", "type": "history", "entry": [{"fullUrl": "urn:uuid:9e41ff6d-5be6-4e6a-8b85-abd4e7f58400", "resource": {
          "resourceType": "Parameters", "parameter": [
            {"name": "subscription", "valueReference": {"reference": "https://emr.example/fhir/Subscription/sub-1"}},
            {"name": "topic", "valueCanonical": "https://emr.example/fhir/SubscriptionTopic/encounter-complete"},
            {"name": "status", "valueCode": "active"},
        """
        + $"{{\"name\": \"type\", \"valueCode\": \"{type}\"}}, {{\"name\": \"events-since-subscription-start\", {eventsSinceStart}}}"
        + (notificationEvent is null ? string.Empty : "," + notificationEvent)
        + "]}}]}";
}
