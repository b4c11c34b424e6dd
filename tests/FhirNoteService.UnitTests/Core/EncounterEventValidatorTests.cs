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
