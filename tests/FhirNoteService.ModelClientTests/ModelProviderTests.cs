using System.Diagnostics;
using FhirNoteService.Ai.Languages;
using FhirNoteService.Ai.Offline;
using FhirNoteService.Core.Facts;
using FhirNoteService.Core.Generation;
using FhirNoteService.Core.Generation.Grounding;
using FhirNoteService.Core.Notes;
using FhirNoteService.Core.Pipeline;
using FhirNoteService.TestSupport;

namespace FhirNoteService.ModelClientTests;

public sealed class ModelProviderTests : IAsyncLifetime
{
    private FakeModelServer _server = null!;

    public static TheoryData<string> Providers() => new(["openai", "azure-openai", "ollama"]);

    public async Task InitializeAsync() => _server = await FakeModelServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Generate_GoodCitedAnswer_IsTheModelsNoteWithNothingFlagged(string provider)
    {
        using var harness = new ModelGeneratorHarness(_server, provider);
        var request = ModelGeneratorHarness.Request();

        var note = await harness.Generator.GenerateAsync(request, CancellationToken.None);

        Assert.Equal($"{provider}/test-model", note.Generator.Id);
        Assert.Equal("2026-01", note.Generator.Version);
        Assert.Equal("Large-Language-Models", note.Generator.AiKind);
        Assert.Equal(request.Facts.Facts.Count, note.StatementCount);
        Assert.Equal(0, GroundingCheck.Check(note, request.Facts).UnsupportedCount);
        var path = Assert.Single(_server.Requests).Path;
        Assert.Equal(provider switch { "openai" => "/v1/chat/completions", "azure-openai" => "/openai/deployments/test-model/chat/completions", _ => "/api/chat" }, path);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Generate_InventedMedicationWrongDoseAndWrongLabValue_AreAllFlagged(string provider)
    {
        using var harness = new ModelGeneratorHarness(_server, provider);
        var request = ModelGeneratorHarness.Request();
        var medication = ModelGeneratorHarness.FactNumber(request, FactKind.Medication);
        var lab = ModelGeneratorHarness.FactNumber(request, FactKind.LabResult);
        _server.Enqueue(Reply.Good(false,
            ("Warfarin was started at discharge.", [medication]),
            ("Amoxicillin 1000 mg three times daily.", [medication]),
            ("Leukocytes were 21.5 10*3/uL on admission.", [lab])));

        var note = await harness.Generator.GenerateAsync(request, CancellationToken.None);
        var grounded = GroundingCheck.Check(note, request.Facts);

        Assert.Equal("openai/test-model".Replace("openai", provider, StringComparison.Ordinal), note.Generator.Id);
        Assert.Equal(3, grounded.UnsupportedCount);
        var flagged = grounded.Note.Sections.SelectMany(s => s.Statements).Where(s => s.Unsupported).Select(s => s.Text);
        Assert.Equal(["Warfarin was started at discharge.", "Amoxicillin 1000 mg three times daily.", "Leukocytes were 21.5 10*3/uL on admission."], flagged);
        Assert.Contains(LanguagePacks.BuiltIn.For("en-US").Labels.UnsupportedMarker, NoteRenderer.Render(grounded.Note, request.Facts), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Generate_MalformedJsonTwice_FallsBackToTheOfflineGenerator(string provider)
    {
        using var harness = new ModelGeneratorHarness(_server, provider);
        _server.Enqueue(Reply.Text("{\"sections\": [ {\"heading\": "), Reply.Text("Sure! Here is the note you asked for."));

        var note = await harness.Generator.GenerateAsync(ModelGeneratorHarness.Request(), CancellationToken.None);

        Assert.Equal(OfflineNoteGenerator.Identity, note.Generator);
        Assert.Equal(2, _server.Requests.Count);
    }

    [Theory]
    [InlineData(null, 0)]
    [InlineData("1", 1)]
    public async Task Generate_RecordTooThinForAModel_IsWrittenOfflineWithoutAModelCall(string? progressNoteMinimum, int modelCalls)
    {
        var overrides = new Dictionary<string, string?> { ["Generation:NoteTypes:progress-note:MinimumFacts"] = progressNoteMinimum };
        using var harness = new ModelGeneratorHarness(_server, "openai", progressNoteMinimum is null ? null : overrides);
        var facts = new FactSheet(
        [
            new ClinicalFact(1, FactKind.Demographics, "Patient: 40-year-old male", "Patient/p", "40-year-old male"),
            new ClinicalFact(2, FactKind.Encounter, "Encounter: Check-up", "Encounter/e", "Check-up"),
            new ClinicalFact(3, FactKind.VitalSign, "Vital sign: Body weight, 80 kg", "Observation/o", "Body weight", "80 kg"),
        ]);
        var request = new NoteRequest(ClinicalNoteType.ProgressNote, facts, "en-US", PatientIdentity.From(ContextFixtures.Patient()));

        var note = await harness.Generator.GenerateAsync(request, CancellationToken.None);

        Assert.Equal(modelCalls, _server.Requests.Count);
        Assert.Equal(modelCalls == 0, note.Generator == OfflineNoteGenerator.Identity);
    }

    [Fact]
    public async Task Generate_WithAVerifierModel_FlagsWhatItJudgesUnsupportedOnTopOfTheChecks()
    {
        var verifier = new Dictionary<string, string?>
        {
            ["Generation:Verifier:Provider"] = "openai",
            ["Generation:Verifier:Endpoint"] = $"{_server.BaseUrl}v1/",
            ["Generation:Verifier:Model"] = "verifier-model",
        };
        using var harness = new ModelGeneratorHarness(_server, "openai", verifier);
        var good = Reply.Good();
        _server.Default = new Reply(body => body.Contains("verdicts", StringComparison.Ordinal)
            ? """{"verdicts":[{"statement":1,"supported":false},{"statement":2,"supported":true}]}"""
            : good.Content(body));
        var request = ModelGeneratorHarness.Request();

        var note = await harness.Generator.GenerateAsync(request, CancellationToken.None);

        var statements = note.Sections.SelectMany(s => s.Statements).ToList();
        Assert.Equal([StatementProblem.VerifierDisagrees], statements[0].Problems);
        Assert.Single(statements, s => s.Unsupported);
        Assert.Equal(1, GroundingCheck.Check(note, request.Facts).UnsupportedCount);
        var verification = _server.Requests.Last().Body;
        Assert.Contains("verifier-model", verification, StringComparison.Ordinal);
        Assert.DoesNotContain(ContextFixtures.PatientName, verification, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_VerifierDown_TheDeterministicChecksStandAlone()
    {
        var verifier = new Dictionary<string, string?>
        {
            ["Generation:Verifier:Provider"] = "openai",
            ["Generation:Verifier:Endpoint"] = "http://127.0.0.1:9/v1/",
            ["Generation:Verifier:Model"] = "verifier-model",
            ["Generation:MaxRetries"] = "0",
        };
        using var harness = new ModelGeneratorHarness(_server, "openai", verifier);
        var request = ModelGeneratorHarness.Request();

        var note = await harness.Generator.GenerateAsync(request, CancellationToken.None);

        Assert.Equal("openai/test-model", note.Generator.Id);
        Assert.Equal(0, GroundingCheck.Check(note, request.Facts).UnsupportedCount);
    }

    [Fact]
    public async Task Generate_MostlyUnverifiedTwice_AsksAgainSayingWhyAndKeepsTheBetterDraftWithItsFlags()
    {
        using var harness = new ModelGeneratorHarness(_server, "openai");
        var request = ModelGeneratorHarness.Request();
        var medication = ModelGeneratorHarness.FactNumber(request, FactKind.Medication);
        Reply Invented(int count) => new(_ => System.Text.Json.JsonSerializer.Serialize(new
        {
            sections = new[]
            {
                new
                {
                    heading = "Summary",
                    statements = Enumerable.Range(0, count).Select(i => new { text = $"Digoxin {i + 1} mg was started.", facts = new[] { medication } })
                        .Append(new { text = $"{{{medication}}}.", facts = new[] { medication } }),
                },
            },
        }));
        _server.Enqueue(Invented(3), Invented(2));

        var note = await harness.Generator.GenerateAsync(request, CancellationToken.None);

        Assert.Equal("openai/test-model", note.Generator.Id);
        var grounded = GroundingCheck.Check(note, request.Facts);
        Assert.Equal(2, grounded.UnsupportedCount);
        // What the drafts left out of the note's contract was added from the record.
        Assert.Contains(note.Sections, s => s.Heading == LanguagePacks.BuiltIn.For("en-US").Labels.OmissionsHeading);
        var second = _server.Requests.ToList()[1].Body;
        Assert.Contains("could not verify", second, StringComparison.Ordinal);
        Assert.Contains("Digoxin 3 mg was started.", second, StringComparison.Ordinal);
        Assert.Contains("drug not in the record", second, StringComparison.Ordinal);
        Assert.Equal(2, _server.Requests.Count);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Generate_MalformedJsonOnce_IsRegeneratedByTheModel(string provider)
    {
        using var harness = new ModelGeneratorHarness(_server, provider);
        _server.Enqueue(Reply.Text("not json at all"));

        var note = await harness.Generator.GenerateAsync(ModelGeneratorHarness.Request(), CancellationToken.None);

        Assert.Equal($"{provider}/test-model", note.Generator.Id);
        Assert.Equal(2, _server.Requests.Count);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Generate_TooManyRequestsWithRetryAfter_IsRetriedAfterTheDelay(string provider)
    {
        using var harness = new ModelGeneratorHarness(_server, provider);
        _server.Enqueue(Reply.Error(429, retryAfterSeconds: 1));

        var note = await harness.Generator.GenerateAsync(ModelGeneratorHarness.Request(), CancellationToken.None);

        Assert.Equal($"{provider}/test-model", note.Generator.Id);
        var times = _server.Requests.Select(r => r.At).ToList();
        Assert.Equal(2, times.Count);
        Assert.True(times[1] - times[0] >= TimeSpan.FromMilliseconds(950), $"retried after {(times[1] - times[0]).TotalMilliseconds} ms");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Generate_ServerErrorsUntilTheBreakerOpens_ThenFailsFastWithoutCallingTheModel(string provider)
    {
        using var harness = new ModelGeneratorHarness(_server, provider, new Dictionary<string, string?>
        {
            ["Generation:MaxRetries"] = "0",
            ["Generation:BreakerMinimumThroughput"] = "4",
            ["Generation:BreakerFailureRatio"] = "0.5",
            ["Generation:BreakerBreakDuration"] = "00:01:00",
        });
        _server.Default = Reply.Error(500);

        for (var call = 0; call < 4; call++)
        {
            var failed = await Assert.ThrowsAsync<DependencyUnavailableException>(() => harness.Generator.GenerateAsync(ModelGeneratorHarness.Request(), CancellationToken.None));
            Assert.Equal(Dependency.ModelEndpoint, failed.Dependency);
        }
        var error = await Assert.ThrowsAsync<DependencyUnavailableException>(() => harness.Generator.GenerateAsync(ModelGeneratorHarness.Request(), CancellationToken.None));

        Assert.Equal(4, _server.Requests.Count);
        Assert.Equal(Dependency.ModelEndpoint, error.Dependency);
        Assert.EndsWith("circuit open after repeated failures", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Generate_ModelThatNeverAnswers_TimesOut(string provider)
    {
        using var harness = new ModelGeneratorHarness(_server, provider, new Dictionary<string, string?>
        {
            ["Generation:Timeout"] = "00:00:00.500",
            ["Generation:MaxRetries"] = "0",
        });
        _server.Default = Reply.NoAnswer();
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<DependencyUnavailableException>(() => harness.Generator.GenerateAsync(ModelGeneratorHarness.Request(), CancellationToken.None));

        Assert.Equal(Dependency.ModelEndpoint, error.Dependency);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"gave up after {watch.Elapsed}");
        Assert.EndsWith("no answer within the timeout", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Generate_Requests_CarryNoNameIdentifierAddressPhoneOrBirthDate(string provider)
    {
        using var harness = new ModelGeneratorHarness(_server, provider);

        await harness.Generator.GenerateAsync(ModelGeneratorHarness.Request(), CancellationToken.None);

        var body = Assert.Single(_server.Requests).Body;
        Assert.Contains("Pneumonia", body, StringComparison.Ordinal);
        foreach (var term in new[] { ContextFixtures.PatientName, "Quxworth", "Zebedee", ContextFixtures.PatientMrn, ContextFixtures.PatientStreet, "Springfield", ContextFixtures.PatientPhone, ContextFixtures.PatientBirthDate, "1961" })
        {
            Assert.DoesNotContain(term, body, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Generate_EndpointAnswersSomethingThatIsNotAChatCompletion_IsAPermanentMalformedAnswer(string provider)
    {
        using var harness = new ModelGeneratorHarness(_server, provider);
        _server.Default = Reply.Garbage();

        var error = await Assert.ThrowsAsync<PermanentNoteFailureException>(() => harness.Generator.GenerateAsync(ModelGeneratorHarness.Request(), CancellationToken.None));

        Assert.Equal(PermanentFailureKind.ModelAnswerMalformed, error.Kind);
        Assert.Contains("is not a chat completion", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("nginx", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Generate_EndpointRefusesTheCredentials_IsAPermanentRefusalNamingTheSetting(string provider)
    {
        using var harness = new ModelGeneratorHarness(_server, provider);
        _server.Default = Reply.Error(401);

        var error = await Assert.ThrowsAsync<PermanentNoteFailureException>(() => harness.Generator.GenerateAsync(ModelGeneratorHarness.Request(), CancellationToken.None));

        Assert.Equal(PermanentFailureKind.ModelEndpointRefused, error.Kind);
        Assert.Contains("HTTP 401; check Generation:ApiKey", error.Message, StringComparison.Ordinal);
        Assert.Single(_server.Requests);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Generate_EndpointKeepsFailingWith503_IsADependencyOutage(string provider)
    {
        using var harness = new ModelGeneratorHarness(_server, provider, new Dictionary<string, string?> { ["Generation:MaxRetries"] = "1" });
        _server.Default = Reply.Error(503);

        var error = await Assert.ThrowsAsync<DependencyUnavailableException>(() => harness.Generator.GenerateAsync(ModelGeneratorHarness.Request(), CancellationToken.None));

        Assert.Equal(Dependency.ModelEndpoint, error.Dependency);
        Assert.EndsWith("HTTP 503", error.Reason, StringComparison.Ordinal);
        Assert.Equal(2, _server.Requests.Count);
    }
}
