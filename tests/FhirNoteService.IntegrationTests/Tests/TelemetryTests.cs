using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using FhirNoteService.Contracts;
using FhirNoteService.IntegrationTests.Infrastructure;
using FhirNoteService.TestSupport;
using FhirNoteService.Worker.Demo;
using Hl7.Fhir.Model;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace FhirNoteService.IntegrationTests.Tests;

/// <summary>
/// What operators see of a note: every span, metric point, log line and exception a worker emits while it drafts a
/// model note for a patient whose record carries planted names, identifiers, an address, a birth date, a phone number
/// and free text, and while it dead-letters a bad event. None of it may carry any of them, nor a sentence of the note;
/// the trace shows each stage as a span, the model call with the GenAI semantic conventions. (Spans and metrics are
/// heard process-wide, so those of test classes running meanwhile are searched too: stricter, not looser.)
/// </summary>
[Trait("Category", "Integration")]
public sealed class TelemetryTests : FreshServersTest
{
    private static readonly string[] Planted =
    [
        "Quentinus", "Zebulonsky", "PLANTED-MRN-884213", "999-41-7765", "Marigold Planted Lane", "Wexfordham", "01977",
        "1937-03-19", "555-0199-7731", "quentinus@example.org", "Philippa", "gardening at the allotment",
    ];

    [Fact]
    public async Task Worker_DraftingAModelNoteAndDeadLettering_EmitsNoPatientDataAndTracesEveryStage()
    {
        await using var model = await FakeModelServer.StartAsync();
        var inpatient = await LoadPlantedPatientAsync();
        var capture = new TelemetryCapture();
        var recorder = new BusRecorder();
        var worker = await WorkerUnderTest.StartAsync(Fhir, Broker, recorder, settings: new Dictionary<string, string?>
        {
            ["Generation:Provider"] = "openai",
            ["Generation:Endpoint"] = $"{model.BaseUrl}v1/",
            ["Generation:Model"] = "telemetry-test-model",
            ["Logging:LogLevel:Default"] = "Information",
        }, configure: capture.AddTo);
        await using (worker)
        {
            var bus = worker.Services.GetRequiredService<IBus>();
            await bus.Publish(new EncounterEvent(inpatient, EncounterEventKinds.Finished, DateTimeOffset.UtcNow));
            await bus.Publish(new EncounterEvent("Encounter/no-such-encounter", EncounterEventKinds.Finished, DateTimeOffset.UtcNow));
            await recorder.WaitForAsync(r => !r.Drafted.IsEmpty && !r.Failed.IsEmpty, TimeSpan.FromMinutes(1), "the draft and the failure");
        }

        var document = (await FhirQueries.SearchAsync<DocumentReference>(Fhir, $"encounter={inpatient}")).Single();
        var noteText = Encoding.UTF8.GetString(document.Content.Single().Attachment.Data);
        var captured = capture.Text();
        Assert.True(captured.Length > 10_000, $"only {captured.Length} characters captured");
        foreach (var planted in Planted)
        {
            Assert.True(captured.IndexOf(planted, StringComparison.OrdinalIgnoreCase) < 0, $"'{planted}' appears in the telemetry");
        }
        var patient = (await FhirQueries.SearchAsync<Patient>(Fhir, "identifier=PLANTED-MRN-884213")).Single();
        Assert.Equal($"Patient/{patient.Id}", document.Subject.Reference);
        var sentences = noteText.Split(['\n', '.'], StringSplitOptions.TrimEntries).Where(s => s.Length >= 24).ToList();
        Assert.NotEmpty(sentences);
        Assert.DoesNotContain(sentences, sentence => captured.Contains(sentence, StringComparison.Ordinal));
        Assert.Contains(recorder.Failed, failed => failed.Reason.Contains("no-such-encounter", StringComparison.Ordinal) || failed.EncounterReference.Contains("no-such-encounter", StringComparison.Ordinal));

        AssertStagesTraced(capture.Spans, inpatient);
        Assert.Contains(capture.Metrics, m => m.Name == "gen_ai.client.token.usage");
        Assert.Contains(capture.Metrics, m => m.Name == "fhirnoteservice.stage.duration");
        Assert.Contains(capture.Metrics, m => m.Name == "fhirnoteservice.drafts.written");
        Assert.Contains(capture.Metrics, m => m.Name == "fhirnoteservice.failures");
    }

    // Spans are heard process-wide: other test classes' workers may run meanwhile. This encounter's trace is found by
    // the tag of its draft-notes span.
    private static void AssertStagesTraced(IReadOnlyList<Activity> spans, string encounter)
    {
        var draftNotes = spans.Single(s => s.OperationName == "draft-notes" && s.GetTagItem("fhirnoteservice.encounter") as string == encounter);
        var note = spans.Single(s => s.OperationName == "draft-note" && s.ParentSpanId == draftNotes.SpanId);
        var byId = spans.Where(s => s.TraceId == note.TraceId).ToDictionary(s => s.SpanId);
        Activity Child(string name) => spans.Single(s => s.OperationName == name && s.TraceId == note.TraceId);
        var read = Child("read");
        Assert.Equal("draft-notes", byId[read.ParentSpanId].OperationName);
        Assert.Equal(note.ParentSpanId, read.ParentSpanId);
        var consume = byId[byId[note.ParentSpanId].ParentSpanId];
        Assert.Equal("encounter-events process", consume.DisplayName);
        Assert.Contains(spans, s => s.ParentSpanId == read.SpanId && s.Kind == ActivityKind.Client);
        foreach (var stage in new[] { "generate", "ground", "write" })
        {
            Assert.Equal(note.SpanId, Child(stage).ParentSpanId);
        }
        Assert.Contains(spans, s => s.ParentSpanId == Child("write").SpanId && s.Kind == ActivityKind.Client);

        var chat = spans.Single(s => s.ParentSpanId == Child("generate").SpanId && s.GetTagItem("gen_ai.operation.name") is "chat");
        Assert.Equal("chat telemetry-test-model", chat.DisplayName);
        Assert.Equal("openai", chat.GetTagItem("gen_ai.provider.name"));
        Assert.Equal("telemetry-test-model", chat.GetTagItem("gen_ai.request.model"));
        Assert.Equal(10, Convert.ToInt32(chat.GetTagItem("gen_ai.usage.input_tokens"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(20, Convert.ToInt32(chat.GetTagItem("gen_ai.usage.output_tokens"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Null(chat.GetTagItem("gen_ai.input.messages"));
        Assert.Null(chat.GetTagItem("gen_ai.output.messages"));

        var evaluation = note.Events.Single(e => e.Name == "gen_ai.evaluation.result");
        var tags = evaluation.Tags.ToDictionary(t => t.Key, t => t.Value);
        Assert.Equal("grounding", tags["gen_ai.evaluation.name"]);
        Assert.Equal("pass", tags["gen_ai.evaluation.score.label"]);
        Assert.Equal(1d, (double)tags["gen_ai.evaluation.score.value"]!);
    }

    // Raymon Kris's Synthea record, renamed and re-addressed with values found nowhere else, with free text on his
    // encounters and conditions.
    private async Task<string> LoadPlantedPatientAsync()
    {
        var source = new DirectoryInfo(RepositoryPaths.Synthea).GetFiles("Raymon_Kris*.json").Single();
        var bundle = JsonNode.Parse(await File.ReadAllTextAsync(source.FullName))!;
        foreach (var resource in bundle["entry"]!.AsArray().Select(e => e!["resource"]!))
        {
            switch ((string?)resource["resourceType"])
            {
                case "Patient":
                    resource["name"] = JsonNode.Parse("""[{"use":"official","family":"Zebulonsky","given":["Quentinus"]}]""");
                    resource["identifier"] = JsonNode.Parse("""[{"type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v2-0203","code":"MR"}]},"system":"http://hospital.example.org/mrn","value":"PLANTED-MRN-884213"},{"system":"http://hl7.org/fhir/sid/us-ssn","value":"999-41-7765"}]""");
                    resource["address"] = JsonNode.Parse("""[{"line":["12 Marigold Planted Lane"],"city":"Wexfordham","state":"MA","postalCode":"01977"}]""");
                    resource["telecom"] = JsonNode.Parse("""[{"system":"phone","value":"555-0199-7731"},{"system":"email","value":"quentinus@example.org"}]""");
                    resource["birthDate"] = "1937-03-19";
                    break;
                case "Encounter":
                    resource["reasonCode"] = JsonNode.Parse("""[{"text":"Fell while gardening at the allotment; brought in by daughter Philippa"}]""");
                    break;
                case "Condition":
                    resource["note"] = JsonNode.Parse("""[{"text":"Daughter Philippa Zebulonsky reports he was gardening at the allotment"}]""");
                    break;
            }
        }
        var planted = Path.Combine(Path.GetTempPath(), $"planted-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(planted, bundle.ToJsonString());
        try
        {
            var encounters = await new SampleLoader(Fhir.Http).LoadAsync(new FileInfo(planted), CancellationToken.None);
            return encounters.Single(e => e.ClassCode == "IMP").Reference;
        }
        finally
        {
            File.Delete(planted);
        }
    }
}
