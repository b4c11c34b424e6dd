using FhirNoteService.Contracts;

namespace FhirNoteService.UnitTests.Core;

public class EncounterEventJsonConverterTests
{
    private static readonly System.Text.Json.JsonSerializerOptions Web = new(System.Text.Json.JsonSerializerDefaults.Web);

    [Fact]
    public void Json_RoundTrip_KeepsEveryField()
    {
        var original = new FhirNoteService.Contracts.EncounterEvent("Encounter/1", "finished", new DateTimeOffset(2024, 3, 1, 9, 30, 0, TimeSpan.Zero), "7", "emr-a");

        var json = System.Text.Json.JsonSerializer.Serialize(original, Web);

        Assert.Equal("""{"encounterReference":"Encounter/1","kind":"finished","occurredAt":"2024-03-01T09:30:00+00:00","versionId":"7","sourceSystem":"emr-a"}""", json);
        Assert.Equal(original, System.Text.Json.JsonSerializer.Deserialize<FhirNoteService.Contracts.EncounterEvent>(json, Web));
    }

    [Fact]
    public void Json_PascalCaseAndUnknownFields_AreRead()
    {
        var read = System.Text.Json.JsonSerializer.Deserialize<FhirNoteService.Contracts.EncounterEvent>(
            """{"EncounterReference":"Encounter/2","Kind":"updated","OccurredAt":"2024-03-01T09:30:00Z","extra":{"a":[1]}}""");

        Assert.Equal("Encounter/2", read!.EncounterReference);
        Assert.Equal("updated", read.Kind);
    }

    [Theory]
    [InlineData("""{"encounterReference":42}""", "encounterReference must be a string, not a number")]
    [InlineData("""{"kind":true}""", "kind must be a string, not a boolean")]
    [InlineData("""{"occurredAt":1700000000}""", "occurredAt must be an ISO 8601 date-time string, not a number")]
    [InlineData("""{"occurredAt":"last week"}""", "occurredAt must be an ISO 8601 date-time with a time zone, such as 2024-03-01T09:30:00Z")]
    [InlineData("""{"occurredAt":"2024-12-31T10:00:00"}""", "occurredAt must be an ISO 8601 date-time with a time zone, such as 2024-03-01T09:30:00Z")]
    [InlineData("""{"occurredAt":"0001-01-01T00:00:00Z"}""", "occurredAt must lie between 1900 and now")]
    [InlineData("""{"kind":"finished","KIND":"created"}""", "kind appears more than once; send each field once")]
    [InlineData("""[{"kind":"finished"}]""", "an encounter event must be a JSON object, not an array")]
    public void Json_MistypedField_IsNamedInTheError(string json, string message)
    {
        var error = Assert.Throws<System.Text.Json.JsonException>(() => System.Text.Json.JsonSerializer.Deserialize<FhirNoteService.Contracts.EncounterEvent>(json));

        Assert.Equal(message, error.Message);
    }
}
