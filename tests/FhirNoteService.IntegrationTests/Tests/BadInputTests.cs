using System.Text;
using FhirNoteService.Contracts;
using FhirNoteService.IntegrationTests.Infrastructure;
using FhirNoteService.Messaging;
using Hl7.Fhir.Model;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace FhirNoteService.IntegrationTests.Tests;

[Trait("Category", "Integration")]
public sealed class BadInputTests : FreshServersTest
{
    private const string ErrorQueue = EncounterEventConsumerDefinition.QueueName + "_error";
    [Fact]
    public async Task Worker_BadInput_EndsInTheErrorQueueWithAReasonAndWritesNothing()
    {
        var encounters = await SyntheaPatients.LoadAsync(Fhir.Http, "Alberto_Atencio");
        var orphan = await CreateEncounterWithoutPatientAsync();
        var now = DateTimeOffset.UtcNow.ToString("O");
        var cases = new (string Body, string Reason)[]
        {
            ("{ this is not json", "System.Text.Json.JsonReaderException: 't' is an invalid start of a property name"),
            ($$"""{"kind":"finished","occurredAt":"{{now}}"}""", "the encounter reference is missing"),
            ($$"""{"encounterReference":"Patient/1","kind":"finished","occurredAt":"{{now}}"}""", "the reference points to a Patient, not to an Encounter"),
            ($$"""{"encounterReference":"https://elsewhere.example/fhir/Encounter/1","kind":"finished","occurredAt":"{{now}}"}""", "absolute URL"),
            ($$"""{"encounterReference":"Encounter/does-not-exist","kind":"finished","occurredAt":"{{now}}"}""", "EncounterNotFound: Encounter/does-not-exist does not exist on the FHIR server"),
            ($$"""{"encounterReference":"{{orphan}}","kind":"finished","occurredAt":"{{now}}"}""", $"EncounterWithoutPatient: {orphan} has no subject Patient"),
            ($$"""{"encounterReference":"Encounter/1","kind":"finished","occurredAt":42}""", "System.InvalidOperationException: Cannot get the value of a token type 'Number' as a string."),
            ($$"""{"encounterReference":"Encounter/1","kind":"exploded","occurredAt":"{{now}}"}""", "the event kind must be one of"),
        };
        var recorder = new BusRecorder();
        await using var worker = await WorkerUnderTest.StartAsync(Fhir, Broker, recorder);

        await EventPublisher.PublishRawAsync(Broker, cases.Select(c => c.Body).ToArray());
        await worker.Services.GetRequiredService<IBus>().Publish(new EncounterEvent(encounters[0].Reference, EncounterEventKinds.Finished, DateTimeOffset.UtcNow));
        await recorder.WaitForAsync(r => !r.Drafted.IsEmpty, TimeSpan.FromMinutes(1), "the good event after the bad ones");

        var deadline = DateTime.UtcNow.AddSeconds(30);
        var dead = new List<RabbitMQ.Client.BasicGetResult>();
        while (dead.Count < cases.Length && DateTime.UtcNow < deadline)
        {
            dead.AddRange(await Broker.DrainAsync(ErrorQueue));
            await Task.Delay(200);
        }
        Assert.Equal(cases.Length, dead.Count);
        var reasons = dead.Select(Reason).ToList();
        foreach (var (body, reason) in cases)
        {
            var message = dead.Single(m => Encoding.UTF8.GetString(m.Body.Span) == body);
            Assert.True(Reason(message).Contains(reason, StringComparison.Ordinal), $"expected '{reason}' in: {Reason(message)}");
        }
        var documents = await FhirQueries.SearchAsync<DocumentReference>(Fhir, "_count=1000");
        Assert.Equal(encounters[0].Reference, documents.Single().Context.Encounter.Single().Reference);
        Assert.Single(await FhirQueries.SearchAsync<Provenance>(Fhir, "_count=1000"));
        Assert.DoesNotContain(reasons, r => r.Contains("Alberto", StringComparison.Ordinal));
    }

    private static string Reason(RabbitMQ.Client.BasicGetResult message)
    {
        var headers = message.BasicProperties.Headers ?? new Dictionary<string, object?>();
        string Header(string name) => headers.TryGetValue(name, out var value) && value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : $"(no {name})";
        return $"{Header("MT-Fault-ExceptionType")}: {Header("MT-Fault-Message")}";
    }

    private async Task<string> CreateEncounterWithoutPatientAsync()
    {
        using var client = FhirQueries.Client(Fhir);
        var created = await client.CreateAsync(new Encounter
        {
            Status = Encounter.EncounterStatus.Finished,
            Class = new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB"),
        });
        return $"Encounter/{created!.Id}";
    }
}
