using System.Text;
using FhirNoteService.Contracts;
using FhirNoteService.IntegrationTests.Infrastructure;
using FhirNoteService.Messaging;
using FhirNoteService.Messaging.DeadLetters;
using FhirNoteService.TestSupport;
using FhirNoteService.Worker.Demo;
using Hl7.Fhir.Model;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace FhirNoteService.IntegrationTests.Tests;

/// <summary>
/// The catalogue of bad input: malformed, oversized and mistyped events, references the service cannot follow, and a
/// FHIR server answering with errors or with what is not FHIR. Each ends in the error queue with a reason that names
/// the problem and no patient data, nothing partial is written, and the worker goes on drafting.
/// </summary>
[Trait("Category", "Integration")]
public sealed class BadInputTests(ITestOutputHelper output) : FreshServersTest
{
    // A name from the loaded patients' record, planted in server diagnostics: no reason may echo it.
    private const string PlantedName = "Alberto";

    [Fact]
    public async Task Worker_CatalogueOfBadInput_DeadLettersEachWithItsReasonQuotingNothingAndWritesNothing()
    {
        var encounters = await SyntheaPatients.LoadAsync(Fhir.Http, "Alberto_Atencio", "Xavier_Lueilwitz", "Edward_Gulgowski");
        Assert.True(encounters.Count >= 15, $"need 15 encounters, the patients have {encounters.Count}");
        await using var proxy = await FaultyFhirProxy.StartAsync(Fhir.BaseUrl);
        var broken = await CreateBrokenEncountersAsync();
        var cases = BadEventCatalogue.Cases(Broker.VirtualHost, broken.WithoutSubject, broken.AboutAGroup, broken.PatientGone)
            .Concat(FhirCases(encounters.Skip(5).ToList(), proxy))
            .ToList();
        Assert.True(cases.Count >= 60, $"the catalogue has {cases.Count} kinds");
        var unusual = BadEventCatalogue.GoodButUnusual(encounters.Select(e => e.Reference).ToList(), Broker.VirtualHost).ToList();
        var settings = new Dictionary<string, string>(Broker.WorkerSettings("__"))
        {
            ["Fhir__BaseUrl"] = proxy.BaseUrl.ToString(),
            ["Logging__LogLevel__Default"] = "Information",
        };
        await using var worker = await WorkerProcess.StartAsync(settings, $"bad-input-{Guid.NewGuid():N}", workingDirectory: "/");
        var topologyBefore = await Broker.TopologyAsync();

        // Each case gets its own message id, so that its dead letter is found by it (one case plants its own id).
        var ids = cases.Select((c, i) => c.Message.MessageId ?? $"case-{i:D3}").ToList();
        await EventPublisher.PublishAsync(Broker, cases.Select((c, i) => c.Message with { MessageId = ids[i] }));
        await EventPublisher.PublishAsync(Broker, unusual.Select(u => u.Message));
        var dead = await WaitForDeadLettersAsync(cases.Count);
        await EventPublisher.PublishFinishedAsync(Broker, [encounters[4].Reference]);
        var drafted = await WaitForDraftsAsync(unusual.Count + 1);

        foreach (var letter in dead)
        {
            output.WriteLine($"{letter.Kind,-24} {letter.Reason}");
        }
        Assert.Equal(cases.Count, dead.Count);
        for (var i = 0; i < cases.Count; i++)
        {
            var (name, _, reason) = cases[i];
            var letter = dead.SingleOrDefault(d => d.MessageId == ids[i]) ?? Assert.Single(dead, d => !ids.Contains(d.MessageId));
            Assert.True(Says(letter.Reason, reason), $"{name}: the dead letter says '{letter.Reason}', not '{reason}'");
        }
        // Every unusual but valid event and the good one after the bad ones became a draft; nothing else was written.
        Assert.Equal(encounters.Take(5).Select(e => e.Reference).Order(), drafted.Select(d => d.Context.Encounter.Single().Reference).Order());
        Assert.Equal(drafted.Count, (await FhirQueries.SearchAsync<Provenance>(Fhir, "_count=1000")).Count);

        // Nothing the sender wrote is echoed: not in reasons, not in the worker's log, not in 'errors list'.
        var listing = await ErrorsListAsync();
        var log = await File.ReadAllTextAsync(worker.LogFile);
        foreach (var (what, text) in new[] { ("reasons", string.Join('\n', dead.Select(d => d.Reason))), ("the log", log), ("errors list", listing) })
        {
            Assert.All(BadEventCatalogue.Planted.Concat(PlantedFhirText), planted => Assert.False(text.Contains(planted, StringComparison.Ordinal), $"{what} contain '{planted}'"));
            Assert.DoesNotContain(text, c => char.IsControl(c) && c != '\n');
        }
        Assert.Contains("(unprintable id)", listing, StringComparison.Ordinal);
        Assert.Contains($"{cases.Count} dead-lettered event(s) shown", listing, StringComparison.Ordinal);
        // One log entry per failed event: the service's own, without MassTransit's second one.
        var failureLines = log.Split('\n').Where(l => l.Contains("sent to the error queue", StringComparison.Ordinal)).ToList();
        Assert.Equal(cases.Count, failureLines.Count);
        Assert.DoesNotContain("R-FAULT", log, StringComparison.Ordinal);

        // Faults went only to the error queue: no exchange or queue of the sender's naming, no skipped queue.
        var topologyAfter = await Broker.TopologyAsync();
        Assert.DoesNotContain(topologyAfter.Exchanges.Concat(topologyAfter.Queues), n => n.Contains(BadEventCatalogue.AttackerName, StringComparison.Ordinal));
        Assert.Empty(topologyAfter.Exchanges.Except(topologyBefore.Exchanges).Except(ConfiguredExchanges));
        Assert.Equal(["encounter-events", "encounter-events_error"], topologyAfter.Queues.Order());
    }

    private static readonly string[] ConfiguredExchanges =
    [
        "encounter-events_error",
        "FhirNoteService.Contracts:NoteDrafted",
        "FhirNoteService.Contracts:NoteSkipped",
        "FhirNoteService.Contracts:NoteFailed",
    ];

    private static readonly string[] PlantedFhirText = [PlantedName + " Atencio is not allowed", "Login required"];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ErrorQueue_ListsTheReason_AndRepublishesAfterTheFix(bool plainJsonWithoutMessageId)
    {
        var recorder = new BusRecorder();
        await using var worker = await WorkerUnderTest.StartAsync(Fhir, Broker, recorder);
        var late = new EncounterEvent("Encounter/arrives-late", EncounterEventKinds.Finished, DateTimeOffset.UtcNow);
        if (plainJsonWithoutMessageId)
        {
            await EventPublisher.PublishRawAsync(Broker, EventPublisher.Json(late));
        }
        else
        {
            await worker.Services.GetRequiredService<IBus>().Publish(late);
        }
        var dead = Assert.Single(await WaitForDeadLettersAsync(1));
        Assert.Equal("EncounterNotFound", dead.Kind);
        Assert.Equal("Encounter/arrives-late", dead.EncounterReference);
        Assert.Equal(plainJsonWithoutMessageId, dead.MessageId.StartsWith("body-", StringComparison.Ordinal));
        Assert.NotNull(dead.FaultedAt);

        // The fix: the EMR catches up and the encounter exists.
        await CreateLateEncounterAsync("arrives-late");
        var moved = await ErrorQueue().RepublishAsync(d => d.MessageId == dead.MessageId, CancellationToken.None);

        Assert.Single(moved);
        await recorder.WaitForAsync(r => !r.Drafted.IsEmpty || r.Failed.Count > 1, TimeSpan.FromMinutes(1), "the republished event");
        Assert.Equal("Encounter/arrives-late", Assert.Single(recorder.Drafted).EncounterReference);
        Assert.Empty(await ErrorQueue().ListAsync(100, CancellationToken.None));
    }

    [Theory]
    [InlineData("garbage", "ModelAnswerMalformed: ", "is not a chat completion")]
    [InlineData("401", "ModelEndpointRefused: ", "HTTP 401")]
    public async Task Worker_ModelAnsweringGarbageOrRefusing_DeadLettersWithTheReasonAndWritesNothing(string answer, string kind, string reason)
    {
        var encounter = (await SyntheaPatients.LoadAsync(Fhir.Http, "Alberto_Atencio"))[0];
        await using var model = await FakeModelServer.StartAsync();
        model.Default = answer == "garbage" ? Reply.Garbage() : Reply.Error(401);
        var settings = new Dictionary<string, string?>
        {
            ["Generation:Provider"] = "openai",
            ["Generation:Endpoint"] = $"{model.BaseUrl}v1/",
            ["Generation:Model"] = "test-model",
            ["Generation:ApiKey"] = "wrong-key",
        };
        await using var worker = await WorkerUnderTest.StartAsync(Fhir, Broker, settings: settings);

        await worker.Services.GetRequiredService<IBus>().Publish(new EncounterEvent(encounter.Reference, EncounterEventKinds.Finished, DateTimeOffset.UtcNow));
        var dead = Assert.Single(await WaitForDeadLettersAsync(1));

        Assert.StartsWith(kind, dead.Reason, StringComparison.Ordinal);
        Assert.Contains(reason, dead.Reason, StringComparison.Ordinal);
        Assert.Empty(await FhirQueries.SearchAsync<DocumentReference>(Fhir, "_count=10"));
        Assert.Empty(await FhirQueries.SearchAsync<Device>(Fhir, "_count=10"));
    }

    private static IEnumerable<BadMessage> FhirCases(List<LoadedEncounter> encounters, FaultyFhirProxy proxy)
    {
        var diagnostics = $"Patient {PlantedName} Atencio is not allowed";
        // {0} is the encounter; a draft's reason names its version id instead, unknown before the worker builds it.
        var faults = new (string Name, FhirFault Fault, string Reason)[]
        {
            ("read answered 400", FhirFault.Outcome(FhirPhase.Read, 400, "invalid", diagnostics), "InvalidContext: context read of {0}: HTTP 400 (error invalid)"),
            ("read answered 404", FhirFault.Outcome(FhirPhase.Read, 404, "not-found", diagnostics), "InvalidContext: context read of {0}: HTTP 404 (error not-found)"),
            ("read answered 403 inside the batch", new FhirFault(FhirPhase.Read, 200, BatchWithFailedEntry(diagnostics)), "InvalidContext: context read of {0}: part 0 answered 403 (error forbidden)"),
            ("read answered with a body that fails to parse as FHIR", new FhirFault(FhirPhase.Read, 200, "<html><body>Login required</body></html>", "text/html"), "InvalidContext: context read of {0}: the answer is not FHIR"),
            ("read answered with too few entries", new FhirFault(FhirPhase.Read, 200, """{"resourceType":"Bundle","type":"batch-response","entry":[{"response":{"status":"200 OK"}}]}"""), "InvalidContext: context read of {0}: the batch answer has 1 entries, expected 7"),
            ("write answered 400", FhirFault.Outcome(FhirPhase.Write, 400, "invalid", diagnostics), "DraftRejected: draft …: HTTP 400 (error invalid)"),
            ("write answered 409", FhirFault.Outcome(FhirPhase.Write, 409, "conflict", diagnostics), "DraftRejected: draft …: HTTP 409 (error conflict)"),
            ("write answered 412", FhirFault.Outcome(FhirPhase.Write, 412, "conflict", diagnostics), "DraftRejected: draft …: HTTP 412 (error conflict)"),
            ("write answered 422", FhirFault.Outcome(FhirPhase.Write, 422, "business-rule", diagnostics), "DraftRejected: draft …: HTTP 422 (error business-rule)"),
            // Not a rejection: the answer is read back, the EMR holds no such draft, and reading again never settles it.
            ("write answered with only the Device's entry and wrote nothing", new FhirFault(FhirPhase.Write, 200, """{"resourceType":"Bundle","type":"transaction-response","entry":[{"response":{"status":"201 Created"}}]}"""), "draft …: after an answer with 1 of 3 entries, the EMR holds no draft of this version"),
        };
        for (var i = 0; i < faults.Length; i++)
        {
            var (name, fault, reason) = faults[i];
            var encounter = encounters[i].Reference;
            proxy.Inject(encounter["Encounter/".Length..], fault);
            var body = $$"""{"encounterReference":"{{encounter}}","kind":"finished","occurredAt":"{{DateTimeOffset.UtcNow:O}}"}""";
            yield return new BadMessage(name, new RawMessage(Encoding.UTF8.GetBytes(body)), reason.Replace("{0}", encounter, StringComparison.Ordinal));
        }
    }

    // "…" in an expected reason stands for any text (a draft's version id).
    private static bool Says(string reason, string expected)
    {
        var at = 0;
        foreach (var part in expected.Split('…'))
        {
            at = reason.IndexOf(part, at, StringComparison.Ordinal);
            if (at < 0)
            {
                return false;
            }
            at += part.Length;
        }
        return true;
    }

    private static string BatchWithFailedEntry(string diagnostics)
    {
        var failed = """{"response":{"status":"403 Forbidden","outcome":{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"forbidden","diagnostics":"DIAGNOSTICS"}]}}}"""
            .Replace("DIAGNOSTICS", diagnostics, StringComparison.Ordinal);
        var entries = new[] { failed }.Concat(Enumerable.Repeat("""{"response":{"status":"200 OK"}}""", 6));
        return $$"""{"resourceType":"Bundle","type":"batch-response","entry":[{{string.Join(',', entries)}}]}""";
    }

    private ErrorQueueClient ErrorQueue() =>
        new(Microsoft.Extensions.Options.Options.Create(new FhirNoteService.Messaging.MessagingOptions
        {
            RabbitMq = { Host = RabbitMqBroker.Host, VirtualHost = Broker.VirtualHost, Username = RabbitMqBroker.User, Password = RabbitMqBroker.User },
        }));

    private async Task<List<DocumentReference>> WaitForDraftsAsync(int count)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        List<DocumentReference> drafts;
        do
        {
            await Task.Delay(250);
            drafts = await FhirQueries.SearchAsync<DocumentReference>(Fhir, "_count=1000");
        }
        while (drafts.Count < count && DateTime.UtcNow < deadline);
        return drafts;
    }

    // The real binary, as an operator runs it.
    private async Task<string> ErrorsListAsync()
    {
        var (exitCode, listing) = await WorkerProcess.RunCommandAsync("errors list --max 1000", Broker.WorkerSettings("__"));
        Assert.True(exitCode == 0, $"errors list exited with {exitCode}: {listing}");
        output.WriteLine(listing);
        return listing;
    }

    private async Task<IReadOnlyList<DeadLetter>> WaitForDeadLettersAsync(int count)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        IReadOnlyList<DeadLetter> dead = [];
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                dead = await ErrorQueue().ListAsync(1000, CancellationToken.None);
            }
            catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
            {
                // The error queue does not exist until the first message is dead-lettered.
            }
            if (dead.Count >= count)
            {
                return dead;
            }
            await Task.Delay(250);
        }
        return dead;
    }

    private sealed record BrokenEncounters(string WithoutSubject, string AboutAGroup, string PatientGone);

    private async Task<BrokenEncounters> CreateBrokenEncountersAsync()
    {
        using var client = FhirQueries.Client(Fhir);
        async Task<string> CreateAsync(ResourceReference? subject)
        {
            var created = await client.CreateAsync(new Encounter
            {
                Status = Encounter.EncounterStatus.Finished,
                Class = new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB"),
                Subject = subject,
            });
            return $"Encounter/{created!.Id}";
        }
        return new BrokenEncounters(
            await CreateAsync(null),
            await CreateAsync(new ResourceReference("Group/ward-7")),
            await CreateAsync(new ResourceReference("Patient/removed-long-ago")));
    }

    private async Task CreateLateEncounterAsync(string id)
    {
        using var client = FhirQueries.Client(Fhir);
        var patient = await client.CreateAsync(new Patient { Gender = AdministrativeGender.Female });
        await client.UpdateAsync(new Encounter
        {
            Id = id,
            Status = Encounter.EncounterStatus.Finished,
            Class = new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB"),
            Subject = new ResourceReference($"Patient/{patient!.Id}"),
            Period = new Period { Start = "2024-03-01T09:00:00Z", End = "2024-03-01T10:00:00Z" },
        });
    }
}
