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
    public async Task Worker_CatalogueOfBadInput_DeadLettersEachWithItsReasonAndWritesNothing()
    {
        var encounters = await SyntheaPatients.LoadAsync(Fhir.Http, "Alberto_Atencio", "Xavier_Lueilwitz");
        Assert.True(encounters.Count >= 12, $"need 12 encounters, the patients have {encounters.Count}");
        var good = encounters[0];
        await using var proxy = await FaultyFhirProxy.StartAsync(Fhir.BaseUrl);
        var cases = EventCases(await CreateBrokenEncountersAsync()).Concat(FhirCases(encounters.Skip(1).ToList(), proxy)).ToList();
        Assert.True(cases.Count >= 25, $"the catalogue has {cases.Count} kinds");
        var recorder = new BusRecorder();
        await using var worker = await WorkerUnderTest.StartAsync(Fhir, Broker, recorder, settings: new Dictionary<string, string?> { ["Fhir:BaseUrl"] = proxy.BaseUrl.ToString() });

        await EventPublisher.PublishRawAsync(Broker, cases.Select(c => c.Body).ToArray());
        var dead = await WaitForDeadLettersAsync(cases.Count);
        await worker.Services.GetRequiredService<IBus>().Publish(new EncounterEvent(good.Reference, EncounterEventKinds.Finished, DateTimeOffset.UtcNow));
        await recorder.WaitForAsync(r => !r.Drafted.IsEmpty, TimeSpan.FromMinutes(1), "the good event after the bad ones");

        foreach (var letter in dead)
        {
            output.WriteLine($"{letter.Kind,-24} {letter.Reason}");
        }
        Assert.Equal(cases.Count, dead.Count);
        // Plain JSON carries no message id: each dead letter still has one, the same on every read.
        Assert.All(dead, d => Assert.False(string.IsNullOrEmpty(d.MessageId)));
        Assert.Equal(dead.Select(d => d.MessageId), (await ErrorQueue().ListAsync(cases.Count, CancellationToken.None)).Select(d => d.MessageId));
        foreach (var (name, body, reason) in cases)
        {
            Assert.True(dead.Any(d => Says(d.Reason, reason)), $"{name}: no dead letter says '{reason}'");
        }
        Assert.DoesNotContain(dead, d => d.Reason.Contains(PlantedName, StringComparison.Ordinal));
        var documents = await FhirQueries.SearchAsync<DocumentReference>(Fhir, "_count=1000");
        Assert.Equal(good.Reference, Assert.Single(documents).Context.Encounter.Single().Reference);
        Assert.Single(await FhirQueries.SearchAsync<Provenance>(Fhir, "_count=1000"));
        Assert.Single(await FhirQueries.SearchAsync<Device>(Fhir, "_count=1000"));
    }

    [Fact]
    public async Task Worker_WrongContentTypesAndEnvelopesSentAsPlainJson_AreDeadLetteredWithTheirReason()
    {
        var now = DateTimeOffset.UtcNow.ToString("O");
        var plain = $$"""{"encounterReference":"Encounter/1","kind":"finished","occurredAt":"{{now}}"}""";
        string Envelope(string messageType) => $$"""{"messageId":"{{Guid.NewGuid()}}","messageType":["{{messageType}}"],"message":{{plain}}}""";
        var recorder = new BusRecorder();
        await using var worker = await WorkerUnderTest.StartAsync(Fhir, Broker, recorder);

        await EventPublisher.PublishRawAsync(Broker, "text/xml", [plain]);
        await EventPublisher.PublishRawAsync(Broker, "application/json", [Envelope("urn:message:FhirNoteService.Contracts:EncounterEvent")]);
        var dead = await WaitForDeadLettersAsync(2);

        Assert.Contains(dead, d => d.Reason == "InvalidEvent: the content type is not JSON; send the event as application/json (or a MassTransit envelope as application/vnd.masstransit+json)");
        Assert.Contains(dead, d => d.Reason == "InvalidEvent: the body is a MassTransit envelope sent as application/json; send it as application/vnd.masstransit+json, or send the plain event");
        await worker.Services.GetRequiredService<IBus>().Publish(new EncounterEvent("Encounter/still-works", EncounterEventKinds.Finished, DateTimeOffset.UtcNow));
        Assert.Equal(3, (await WaitForDeadLettersAsync(3)).Count);
    }

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
        await recorder.WaitForAsync(r => !r.Drafted.IsEmpty || r.Faults.Count > 1, TimeSpan.FromMinutes(1), "the republished event");
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

    private static IEnumerable<(string Name, string Body, string Reason)> EventCases(BrokenEncounters broken)
    {
        var now = DateTimeOffset.UtcNow.ToString("O");
        string Event(string reference, string kind = "finished") => $$"""{"encounterReference":"{{reference}}","kind":"{{kind}}","occurredAt":"{{now}}"}""";
        yield return ("malformed JSON", "{ this is not json", "is an invalid start of a property name");
        yield return ("empty body", string.Empty, "InvalidEvent: the message body is empty");
        yield return ("JSON array", "[1, 2, 3]", "an encounter event must be a JSON object, not an array");
        yield return ("JSON string", "\"Encounter/1\"", "an encounter event must be a JSON object, not a string");
        // MassTransit's raw deserializer fails on a null body before any filter of ours runs: dead-lettered, but with its own words.
        yield return ("JSON null", "null", "Operation is not valid due to the current state of the object");
        yield return ("oversized", $$"""{"encounterReference":"Encounter/big","kind":"finished","occurredAt":"{{now}}","padding":"{{new string('x', 100_000)}}"}""", "an encounter event is at most 65536 bytes");
        yield return ("nested too deep", new string('[', 300) + new string(']', 300), "maximum configured depth of 64");
        yield return ("reference of the wrong type", $$"""{"encounterReference":42,"kind":"finished","occurredAt":"{{now}}"}""", "encounterReference must be a string, not a number");
        yield return ("occurredAt of the wrong type", $$"""{"encounterReference":"Encounter/1","kind":"finished","occurredAt":42}""", "occurredAt must be an ISO 8601 date-time string, not a number");
        yield return ("occurredAt not a date", """{"encounterReference":"Encounter/1","kind":"finished","occurredAt":"yesterday"}""", "occurredAt must be an ISO 8601 date-time with a time zone, such as 2024-03-01T09:30:00Z");
        yield return ("kind of the wrong type", $$"""{"encounterReference":"Encounter/1","kind":{"v":1},"occurredAt":"{{now}}"}""", "kind must be a string, not an object");
        yield return ("missing reference", $$"""{"kind":"finished","occurredAt":"{{now}}"}""", "InvalidEvent: the encounter reference is missing");
        yield return ("empty reference", Event(string.Empty), "InvalidEvent: the encounter reference is missing");
        yield return ("missing kind", $$"""{"encounterReference":"Encounter/1","occurredAt":"{{now}}"}""", "InvalidEvent: the event kind is missing");
        yield return ("missing occurredAt", """{"encounterReference":"Encounter/1","kind":"finished"}""", "InvalidEvent: occurredAt is missing");
        yield return ("unknown kind", Event("Encounter/1", "exploded"), "InvalidEvent: the event kind must be one of");
        yield return ("reference to another type", Event("Patient/1"), "InvalidEvent: the reference points to a Patient, not to an Encounter");
        yield return ("absolute URL to a foreign server", Event("https://elsewhere.example/fhir/Encounter/1"), "InvalidEvent: the encounter reference is an absolute URL");
        yield return ("path traversal", Event("Encounter/../Patient/1"), "InvalidEvent: the encounter reference is not of the form 'Encounter/{id}'");
        yield return ("id longer than FHIR allows", Event("Encounter/" + new string('a', 65)), "InvalidEvent: the encounter reference is not of the form 'Encounter/{id}'");
        yield return ("versionId too long", $$"""{"encounterReference":"Encounter/1","kind":"finished","occurredAt":"{{now}}","versionId":"{{new string('9', 65)}}"}""", "InvalidEvent: versionId is longer than 64 characters");
        string At(string occurredAt) => $$"""{"encounterReference":"Encounter/1","kind":"finished","occurredAt":"{{occurredAt}}"}""";
        yield return ("a field given twice", $$"""{"encounterReference":"Encounter/a","kind":"finished","occurredAt":"{{now}}","EncounterReference":"Encounter/b"}""", "encounterReference appears more than once; send each field once");
        yield return ("occurredAt of year 1", At("0001-01-01T00:00:00Z"), "occurredAt must lie between 1900 and now");
        yield return ("occurredAt of year 9999", At("9999-12-31T10:00:00Z"), "occurredAt must lie between 1900 and now");
        yield return ("occurredAt in US notation", At("12/31/2024"), "occurredAt must be an ISO 8601 date-time with a time zone");
        yield return ("occurredAt in words", At("Tuesday, 31 December 2024 10:00"), "occurredAt must be an ISO 8601 date-time with a time zone");
        yield return ("occurredAt a time only", At("10:00"), "occurredAt must be an ISO 8601 date-time with a time zone");
        yield return ("occurredAt without a time zone", At("2024-12-31T10:00:00"), "occurredAt must be an ISO 8601 date-time with a time zone");
        yield return ("a versioned reference", Event("Encounter/1/_history/999"), "InvalidEvent: the encounter reference names a version (_history)");
        yield return ("the id '..'", Event("Encounter/.."), "InvalidEvent: the encounter reference is not of the form 'Encounter/{id}'");
        yield return ("the id '.'", Event("Encounter/."), "InvalidEvent: the encounter reference is not of the form 'Encounter/{id}'");
        yield return ("the id '-'", Event("Encounter/-"), "InvalidEvent: the encounter reference is not of the form 'Encounter/{id}'");
        yield return ("a reference with spaces around it", Event(" Encounter/1 "), "InvalidEvent: the encounter reference is not of the form 'Encounter/{id}'");
        yield return ("another EMR's event", $$"""{"encounterReference":"Encounter/1","kind":"finished","occurredAt":"{{now}}","sourceSystem":"other-emr"}""", "InvalidEvent: sourceSystem names an EMR this worker is not configured for (Events:SourceSystem is not set");
        yield return ("unknown encounter", Event("Encounter/does-not-exist"), "EncounterNotFound: Encounter/does-not-exist does not exist on the FHIR server");
        yield return ("encounter without patient", Event(broken.WithoutSubject), $"EncounterWithoutPatient: {broken.WithoutSubject} has no subject Patient");
        yield return ("encounter about a group", Event(broken.AboutAGroup), $"EncounterWithoutPatient: {broken.AboutAGroup} has no subject Patient");
        yield return ("encounter whose patient is gone", Event(broken.PatientGone), $"EncounterWithoutPatient: the patient of {broken.PatientGone} could not be read");
    }

    private static IEnumerable<(string Name, string Body, string Reason)> FhirCases(List<LoadedEncounter> encounters, FaultyFhirProxy proxy)
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
            yield return (name, body, reason.Replace("{0}", encounter, StringComparison.Ordinal));
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
