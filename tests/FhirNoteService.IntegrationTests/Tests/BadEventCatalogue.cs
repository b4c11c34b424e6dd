using System.IO.Compression;
using System.Text;
using FhirNoteService.IntegrationTests.Infrastructure;

namespace FhirNoteService.IntegrationTests.Tests;

/// <summary>A message that must be dead-lettered with <paramref name="Reason"/> ("…" stands for any text).</summary>
internal sealed record BadMessage(string Name, RawMessage Message, string Reason);

/// <summary>
/// Events as a buggy integration engine or an attacker with publish rights sends them: malformed, mistyped, oversized,
/// nested, duplicated, mislabelled, compressed wrongly, envelopes of other types, fault and response addresses of the
/// sender's choosing, and patient data and control characters planted where a parser would quote them.
/// </summary>
internal static class BadEventCatalogue
{
    /// <summary>Planted in bodies, ids and headers: none of it may appear in a reason, a log line or the CLI's output.</summary>
    public static readonly string[] Planted = ["Zebulon Quixote", "987-65-4321", "1961-07-04", "forged entry", "\u001b[2J"];

    /// <summary>Exchanges and queues named by planted fault and response addresses: none may exist afterwards.</summary>
    public const string AttackerName = "attacker";

    private const string Phi = "Zebulon Quixote 987-65-4321 1961-07-04";
    private const string Invalid = "InvalidEvent: ";
    private const string NotJson = Invalid + "the body is not valid JSON (line …, byte …)";
    private const string NotOfTheForm = Invalid + "the encounter reference is not of the form 'Encounter/{id}'";
    private const string AnyOccurredAt = Invalid + "occurredAt must be an ISO 8601 date-time with a time zone";

    public static IEnumerable<BadMessage> Cases(string vhost, string withoutSubject, string aboutAGroup, string patientGone)
    {
        var now = DateTimeOffset.UtcNow.ToString("O");
        string Event(string reference, string kind = "finished") => $$"""{"encounterReference":"{{reference}}","kind":"{{kind}}","occurredAt":"{{now}}"}""";
        string At(string occurredAt) => $$"""{"encounterReference":"Encounter/1","kind":"finished","occurredAt":"{{occurredAt}}"}""";
        string Envelope(string messageType, string message, string extra = "") =>
            $$"""{"messageId":"{{Guid.NewGuid()}}","messageType":["{{messageType}}"],{{extra}}"message":{{message}}}""";
        const string OurType = "urn:message:FhirNoteService.Contracts:EncounterEvent";
        var attackerAddress = $"rabbitmq://127.0.0.1/{vhost}/{AttackerName}-faults";
        BadMessage Json(string name, string body, string reason) => new(name, new RawMessage(Encoding.UTF8.GetBytes(body)), reason);

        // The event contract.
        yield return Json("malformed JSON", "{ this is not json", NotJson);
        yield return Json("empty body", string.Empty, Invalid + "the message body is empty");
        yield return Json("JSON array", "[1, 2, 3]", Invalid + "an encounter event must be a JSON object, not an array");
        yield return Json("JSON string", "\"Encounter/1\"", Invalid + "an encounter event must be a JSON object, not a string");
        yield return Json("JSON null", "null", Invalid + "an encounter event must be a JSON object, not null");
        yield return Json("oversized", $$"""{"encounterReference":"Encounter/big","kind":"finished","occurredAt":"{{now}}","padding":"{{new string('x', 100_000)}}"}""", Invalid + "the event is … bytes; an encounter event is at most 65536 bytes");
        yield return Json("nested too deep", new string('[', 300) + new string(']', 300), Invalid + "the body nests deeper than 16 levels");
        yield return Json("reference of the wrong type", $$"""{"encounterReference":42,"kind":"finished","occurredAt":"{{now}}"}""", Invalid + "encounterReference must be a string, not a number");
        yield return Json("occurredAt of the wrong type", $$"""{"encounterReference":"Encounter/1","kind":"finished","occurredAt":42}""", Invalid + "occurredAt must be an ISO 8601 date-time string, not a number");
        yield return Json("occurredAt not a date", At("yesterday"), AnyOccurredAt);
        yield return Json("kind of the wrong type", $$"""{"encounterReference":"Encounter/1","kind":{"v":1},"occurredAt":"{{now}}"}""", Invalid + "kind must be a string, not an object");
        yield return Json("missing reference", $$"""{"kind":"finished","occurredAt":"{{now}}"}""", Invalid + "the encounter reference is missing");
        yield return Json("empty reference", Event(string.Empty), Invalid + "the encounter reference is missing");
        yield return Json("missing kind", $$"""{"encounterReference":"Encounter/1","occurredAt":"{{now}}"}""", Invalid + "the event kind is missing");
        yield return Json("missing occurredAt", """{"encounterReference":"Encounter/1","kind":"finished"}""", Invalid + "occurredAt is missing");
        yield return Json("unknown kind", Event("Encounter/1", "exploded"), Invalid + "the event kind must be one of: created, updated, finished");
        yield return Json("kind in capitals", Event("Encounter/1", "FINISHED"), Invalid + "the event kind must be one of: created, updated, finished");
        yield return Json("reference to another type", Event("Patient/1"), Invalid + "the reference points to a Patient, not to an Encounter");
        yield return Json("absolute URL to a foreign server", Event("https://elsewhere.example/fhir/Encounter/1"), Invalid + "the encounter reference is an absolute URL");
        yield return Json("path traversal", Event("Encounter/../Patient/1"), NotOfTheForm);
        yield return Json("id longer than FHIR allows", Event("Encounter/" + new string('a', 65)), NotOfTheForm);
        yield return Json("a reference with a query", Event("Encounter/1?_format=xml"), NotOfTheForm);
        yield return Json("a percent-encoded id", Event("Encounter/%2e%2e"), NotOfTheForm);
        yield return Json("a full-width id", Event("Encounter/１２３"), NotOfTheForm);
        yield return Json("versionId too long", $$"""{"encounterReference":"Encounter/1","kind":"finished","occurredAt":"{{now}}","versionId":"{{new string('9', 65)}}"}""", Invalid + "versionId is longer than 64 characters");
        yield return Json("a field given twice in two cases", $$"""{"encounterReference":"Encounter/a","kind":"finished","occurredAt":"{{now}}","EncounterReference":"Encounter/b"}""", Invalid + "encounterReference appears more than once; send each field once");
        yield return Json("a field given twice", $$"""{"encounterReference":"Encounter/a","kind":"finished","occurredAt":"{{now}}","encounterReference":"Encounter/b"}""", Invalid + "a property appears twice in one object (at byte …); send each property once");
        yield return Json("a duplicate key in a nested object", $$"""{"extra":{"a":1,"a":2},"encounterReference":"Encounter/a","kind":"finished","occurredAt":"{{now}}"}""", Invalid + "a property appears twice in one object");
        yield return Json("occurredAt of year 1", At("0001-01-01T00:00:00Z"), Invalid + "occurredAt must lie between 1900 and now");
        yield return Json("occurredAt of year 9999", At("9999-12-31T10:00:00Z"), Invalid + "occurredAt must lie between 1900 and now");
        yield return Json("occurredAt in US notation", At("12/31/2024"), AnyOccurredAt);
        yield return Json("occurredAt in words", At("Tuesday, 31 December 2024 10:00"), AnyOccurredAt);
        yield return Json("occurredAt a time only", At("10:00"), AnyOccurredAt);
        yield return Json("occurredAt without a time zone", At("2024-12-31T10:00:00"), AnyOccurredAt);
        yield return Json("occurredAt on a day that does not exist", At("2024-02-30T10:00:00Z"), AnyOccurredAt);
        yield return Json("occurredAt a huge number", $$"""{"encounterReference":"Encounter/1","kind":"finished","occurredAt":1e309}""", Invalid + "occurredAt must be an ISO 8601 date-time string, not a number");
        yield return Json("a versioned reference", Event("Encounter/1/_history/999"), Invalid + "the encounter reference names a version (_history)");
        yield return Json("the id '..'", Event("Encounter/.."), NotOfTheForm);
        yield return Json("the id '.'", Event("Encounter/."), NotOfTheForm);
        yield return Json("the id '-'", Event("Encounter/-"), NotOfTheForm);
        yield return Json("a reference with spaces around it", Event(" Encounter/1 "), NotOfTheForm);
        yield return Json("another EMR's event", $$"""{"encounterReference":"Encounter/1","kind":"finished","occurredAt":"{{now}}","sourceSystem":"other-emr"}""", Invalid + "sourceSystem names an EMR this worker is not configured for (Events:SourceSystem is not set");
        yield return Json("whitespace only", "   \n  ", NotJson);
        yield return Json("trailing text after the object", Event("Encounter/1") + " and more", NotJson);
        yield return Json("two objects", Event("Encounter/1") + Event("Encounter/2"), NotJson);
        yield return Json("a comment", "{/* hi */" + Event("Encounter/1")[1..], NotJson);

        // Patient data and control characters where a parser message would quote them.
        yield return Json("a literal followed by planted patient data", "{\"x\":1 " + Phi + "}", NotJson);
        yield return Json("patient data in an unterminated string", $$"""{"encounterReference":"{{Phi}}""", NotJson);
        yield return Json("a clear-screen escape and a forged log line", "{\"x\":\"\u001b[2J\n12:00:00 info: forged entry " + Phi + "\"}", NotJson);
        yield return Json("60 KB of planted patient data after a literal", "{\"x\":1 " + string.Concat(Enumerable.Repeat(Phi + " ", 1500)) + "}", NotJson);
        yield return Json("patient data as the reference", Event(Phi), NotOfTheForm);
        yield return Json("patient data as the kind", Event("Encounter/1", Phi), Invalid + "the event kind must be one of");
        yield return Json("patient data as sourceSystem", $$"""{"encounterReference":"Encounter/1","kind":"finished","occurredAt":"{{now}}","sourceSystem":"{{Phi}}"}""", Invalid + "sourceSystem names an EMR this worker is not configured for");
        yield return Json("patient data as a property name", $$"""{"{{Phi}}":1}""", Invalid + "the encounter reference is missing; the event kind is missing; occurredAt is missing");
        yield return Json("escaped control characters in the reference", Event("Encounter/1\\u001b[2J\\nforged entry"), NotOfTheForm);
        yield return new BadMessage("bytes that are not UTF-8", new RawMessage([.. Encoding.UTF8.GetBytes("{\"encounterReference\":\"Encounter/"), 0xFF, 0xFE, .. Encoding.UTF8.GetBytes("\"}")]), Invalid + "the body is not valid JSON (at byte …): a text is not valid UTF-8");
        yield return new BadMessage("a NUL byte", new RawMessage([.. Encoding.UTF8.GetBytes("{\"x\":"), 0x00, .. Encoding.UTF8.GetBytes("1}")]), NotJson);
        yield return new BadMessage(
            "a message id with a newline and an escape",
            new RawMessage(Encoding.UTF8.GetBytes("{\"x\":1 " + Phi + "}"), MessageId: "id\n12:00:00 info: forged entry\u001b[2J"),
            NotJson);

        // Content types, encodings and byte order marks.
        yield return new BadMessage("XML content type", new RawMessage(Encoding.UTF8.GetBytes(Event("Encounter/1")), "text/xml"), Invalid + "the content type is not JSON");
        yield return new BadMessage("a binary content type", new RawMessage(Encoding.UTF8.GetBytes(Event("Encounter/1")), "application/octet-stream"), Invalid + "the content type is not JSON");
        yield return new BadMessage("a UTF-16 charset", new RawMessage(Encoding.Unicode.GetBytes(Event("Encounter/1")), "application/json; charset=utf-16"), Invalid + "the content type names a charset other than UTF-8");
        yield return new BadMessage("a UTF-16 body", new RawMessage([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(Event("Encounter/1"))]), Invalid + "the body is UTF-16");
        yield return new BadMessage("a byte order mark and nothing else", new RawMessage([0xEF, 0xBB, 0xBF]), Invalid + "the message body is empty");
        yield return new BadMessage("deflate encoding", new RawMessage(Encoding.UTF8.GetBytes(Event("Encounter/1")), ContentEncoding: "deflate"), Invalid + "the content encoding is not one the worker reads");
        yield return new BadMessage("gzip encoding on a body that is not gzip", new RawMessage(Encoding.UTF8.GetBytes(Event("Encounter/1")), ContentEncoding: "gzip"), Invalid + "the body is not valid gzip");
        yield return new BadMessage("a gzip bomb", new RawMessage(Gzip(new string(' ', 2_000_000)), ContentEncoding: "gzip"), Invalid + "the event is more than 65536 bytes once decompressed");
        yield return new BadMessage("gzip of malformed JSON", new RawMessage(Gzip("{\"x\":1 " + Phi + "}"), ContentEncoding: "gzip"), NotJson);

        // Envelopes.
        yield return new BadMessage("an envelope sent as plain JSON", new RawMessage(Encoding.UTF8.GetBytes(Envelope(OurType, Event("Encounter/1")))), Invalid + "the body is a MassTransit envelope sent as application/json");
        yield return Envelope2("an envelope of an unknown message type", Envelope("urn:message:Acme.Billing:InvoicePaid", Event("Encounter/1")), Invalid + "the envelope's message types do not include urn:message:FhirNoteService.Contracts:EncounterEvent");
        yield return Envelope2("an envelope of a renamed contract namespace", Envelope("urn:message:FhirNoteService.Contracts.V2:EncounterEvent", Event("Encounter/1")), Invalid + "the envelope's message types do not include");
        yield return Envelope2("a plain event sent as an envelope", Event("Encounter/1"), Invalid + "the envelope has no messageType list");
        yield return Envelope2("an envelope whose message is a string", Envelope(OurType, "\"" + Phi + "\""), Invalid + "the envelope has no message object");
        yield return Envelope2("an envelope with an invalid event", Envelope(OurType, Event("Encounter/1", "exploded")), Invalid + "the event kind must be one of");

        // Fault and response addresses of the sender's choosing, on events that fail.
        var faultAddresses = $"\"faultAddress\":\"{attackerAddress}\",\"responseAddress\":\"rabbitmq://127.0.0.1/{vhost}/{AttackerName}-responses\",\"requestId\":\"{Guid.NewGuid()}\",";
        yield return Envelope2("an envelope naming fault and response addresses", Envelope(OurType, Event("Encounter/no-such-1"), faultAddresses), "EncounterNotFound: Encounter/no-such-1 does not exist on the FHIR server");
        yield return Envelope2("an envelope naming a fault address, with a bad body", Envelope(OurType, Event("Encounter/1", "exploded"), faultAddresses), Invalid + "the event kind must be one of");
        yield return new BadMessage(
            "plain JSON with an MT-Fault-Address header",
            new RawMessage(Encoding.UTF8.GetBytes(Event("Encounter/no-such-2")), Headers: new Dictionary<string, object?> { ["MT-Fault-Address"] = attackerAddress }),
            "EncounterNotFound: Encounter/no-such-2 does not exist on the FHIR server");
        yield return new BadMessage(
            "plain JSON with a request id and an MT-Response-Address header",
            new RawMessage(Encoding.UTF8.GetBytes(Event("Encounter/no-such-3")), Headers: new Dictionary<string, object?>
            {
                ["RequestId"] = Guid.NewGuid().ToString(),
                ["MT-Response-Address"] = $"rabbitmq://127.0.0.1/{vhost}/{AttackerName}-responses",
            }),
            "EncounterNotFound: Encounter/no-such-3 does not exist on the FHIR server");
        yield return new BadMessage(
            "planted patient data in headers",
            new RawMessage(Encoding.UTF8.GetBytes(Event("Encounter/no-such-4")), Headers: new Dictionary<string, object?> { ["X-Patient"] = Phi, ["MT-Host-MachineName"] = Phi }),
            "EncounterNotFound: Encounter/no-such-4 does not exist on the FHIR server");

        // Events the FHIR server cannot serve.
        yield return Json("unknown encounter", Event("Encounter/does-not-exist"), "EncounterNotFound: Encounter/does-not-exist does not exist on the FHIR server");
        yield return Json("encounter without patient", Event(withoutSubject), $"EncounterWithoutPatient: {withoutSubject} has no subject Patient");
        yield return Json("encounter about a group", Event(aboutAGroup), $"EncounterWithoutPatient: {aboutAGroup} has no subject Patient");
        yield return Json("encounter whose patient is gone", Event(patientGone), $"EncounterWithoutPatient: the patient of {patientGone} could not be read");
    }

    /// <summary>Events that integration engines send in a form the worker must accept: each must become a draft.</summary>
    public static IEnumerable<(string Name, RawMessage Message)> GoodButUnusual(IReadOnlyList<string> encounters, string vhost)
    {
        string Event(int i) => $$"""{"encounterReference":"{{encounters[i]}}","kind":"finished","occurredAt":"{{DateTimeOffset.UtcNow:O}}"}""";
        yield return ("a UTF-8 byte order mark", new RawMessage([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Event(0))]));
        yield return ("gzip with content_encoding gzip", new RawMessage(Gzip(Event(1)), ContentEncoding: "gzip"));
        yield return ("a charset parameter and the charset as the encoding", new RawMessage(Encoding.UTF8.GetBytes(Event(2)), "application/json; charset=UTF-8", "utf-8"));
        var envelope = $$"""{"messageId":"{{Guid.NewGuid()}}","faultAddress":"rabbitmq://127.0.0.1/{{vhost}}/{{AttackerName}}-faults","messageType":["urn:message:FhirNoteService.Contracts:EncounterEvent"],"message":{{Event(3)}}}""";
        yield return ("an envelope naming a fault address", new RawMessage(Encoding.UTF8.GetBytes(envelope), "application/vnd.masstransit+json"));
    }

    private static BadMessage Envelope2(string name, string body, string reason) =>
        new(name, new RawMessage(Encoding.UTF8.GetBytes(body), "application/vnd.masstransit+json"), reason);

    private static byte[] Gzip(string text)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }
        return compressed.ToArray();
    }
}
