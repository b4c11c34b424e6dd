using FhirNoteService.Contracts;
using FhirNoteService.IntegrationTests.Infrastructure;
using Hl7.Fhir.Model;

namespace FhirNoteService.IntegrationTests.Tests;

/// <summary>Integration engines publish plain JSON, sometimes without any content type and in PascalCase.</summary>
[Trait("Category", "Integration")]
public sealed class PlainJsonTests : FreshServersTest
{
    [Fact]
    public async Task Worker_PlainJsonWithoutContentTypeInPascalCase_IsDrafted()
    {
        var encounter = (await SyntheaPatients.LoadAsync(Fhir.Http, "Edward_Gulgowski"))[0];
        var recorder = new BusRecorder();
        await using var worker = await WorkerUnderTest.StartAsync(Fhir, Broker, recorder, settings: new Dictionary<string, string?> { ["Events:SourceSystem"] = "mirth" });
        var body = $$"""{"EncounterReference":"{{encounter.Reference}}","Kind":"{{EncounterEventKinds.Finished}}","OccurredAt":"{{DateTimeOffset.UtcNow:O}}","SourceSystem":"mirth"}""";

        await EventPublisher.PublishRawAsync(Broker, contentType: null, [body]);
        await recorder.WaitForAsync(r => !r.Drafted.IsEmpty || !r.Failed.IsEmpty, TimeSpan.FromMinutes(1), "the draft");

        Assert.Empty(recorder.Failed);
        Assert.Equal(encounter.Reference, Assert.Single(recorder.Drafted).EncounterReference);
        Assert.Single(await FhirQueries.SearchAsync<DocumentReference>(Fhir, $"encounter={encounter.Reference}"));
    }
}
