using FhirNoteService.Contracts;
using FhirNoteService.Core.Events;

namespace FhirNoteService.UnitTests.Core;

public class EncounterEventValidatorTests
{
    private readonly EncounterEventValidator _validator = new();

    [Fact]
    public void Validate_CompleteEvent_IsValid()
    {
        var result = _validator.Validate(new EncounterEvent("Encounter/1", EncounterEventKinds.Finished, DateTimeOffset.UtcNow, "3", "emr-a"));
        Assert.True(result.IsValid);
    }

    [Fact]
    public void Validate_EmptyEvent_ReportsEveryMissingField()
    {
        var result = _validator.Validate(new EncounterEvent(null!, null!, default));
        var messages = result.Errors.Select(e => e.ErrorMessage).ToList();
        Assert.Contains("the encounter reference is missing", messages);
        Assert.Contains("the event kind is missing", messages);
        Assert.Contains("occurredAt is missing", messages);
    }

    [Fact]
    public void Validate_UnknownKind_ListsTheKnownKinds()
    {
        var result = _validator.Validate(new EncounterEvent("Encounter/1", "exploded", DateTimeOffset.UtcNow));
        Assert.Equal("the event kind must be one of: created, updated, finished", Assert.Single(result.Errors).ErrorMessage);
    }
}

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
    [InlineData("""{"occurredAt":"last week"}""", "occurredAt must be an ISO 8601 date-time string such as 2024-03-01T09:30:00Z")]
    [InlineData("""[{"kind":"finished"}]""", "an encounter event must be a JSON object, not an array")]
    public void Json_MistypedField_IsNamedInTheError(string json, string message)
    {
        var error = Assert.Throws<System.Text.Json.JsonException>(() => System.Text.Json.JsonSerializer.Deserialize<FhirNoteService.Contracts.EncounterEvent>(json));

        Assert.Equal(message, error.Message);
    }
}
