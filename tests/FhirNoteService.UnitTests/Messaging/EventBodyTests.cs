using System.IO.Compression;
using System.Text;
using FhirNoteService.Core.Pipeline;
using FhirNoteService.Messaging.Intake;

namespace FhirNoteService.UnitTests.Messaging;

/// <summary>Reading an event from the bytes of a message: what is accepted as engines send it, and what is refused in whose words.</summary>
public sealed class EventBodyTests
{
    private const int Max = 65_536;
    private const string Plain = """{"encounterReference":"Encounter/e-1","kind":"finished","occurredAt":"2024-03-01T09:30:00Z"}""";
    private static readonly BodyLabels Json = new("application/json", null);
    private static readonly BodyLabels Envelope = new("application/vnd.masstransit+json", null);

    private static string Refusal(string body, BodyLabels? labels = null) => Refusal(Encoding.UTF8.GetBytes(body), labels);

    private static string Refusal(byte[] body, BodyLabels? labels = null)
    {
        var refused = Assert.Throws<PermanentNoteFailureException>(() => EventBody.Read(body, labels ?? Json, Max));
        Assert.Equal(PermanentFailureKind.InvalidEvent, refused.Kind);
        return refused.Message;
    }

    [Theory]
    [InlineData(null)]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("text/json; charset=\"UTF-8\"")]
    [InlineData("")]
    public void Read_PlainJsonOfAnAcceptedContentType_IsTheEvent(string? contentType)
    {
        var read = EventBody.Read(Encoding.UTF8.GetBytes(Plain), new BodyLabels(contentType, null), Max);

        Assert.Equal("Encounter/e-1", read.Event.EncounterReference);
        Assert.Null(read.Envelope);
    }

    [Fact]
    public void Read_AUtf8ByteOrderMark_IsSkipped()
    {
        var read = EventBody.Read([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Plain)], Json, Max);

        Assert.Equal("Encounter/e-1", read.Event.EncounterReference);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("GZIP")]
    [InlineData("x-gzip")]
    public void Read_GzipWithItsContentEncoding_IsDecompressed(string encoding)
    {
        var read = EventBody.Read(Gzip(Plain), new BodyLabels("application/json", encoding), Max);

        Assert.Equal("Encounter/e-1", read.Event.EncounterReference);
    }

    [Fact]
    public void Read_AGzipBomb_IsRefusedWithoutInflatingBeyondTheLimit()
    {
        Assert.Equal(
            "InvalidEvent: the event is more than 65536 bytes once decompressed; an encounter event is at most 65536 bytes (Messaging:MaxEventBytes)",
            Refusal(Gzip(new string(' ', 2_000_000)), new BodyLabels("application/json", "gzip")));
    }

    [Theory]
    [InlineData("deflate")]
    [InlineData("br")]
    public void Read_AnotherContentEncoding_IsRefused(string encoding) =>
        Assert.StartsWith("InvalidEvent: the content encoding is not one the worker reads", Refusal(Plain, new BodyLabels("application/json", encoding)), StringComparison.Ordinal);

    [Theory]
    [InlineData("text/xml")]
    [InlineData("application/x-www-form-urlencoded")]
    public void Read_AContentTypeThatIsNotJson_IsRefused(string contentType) =>
        Assert.StartsWith("InvalidEvent: the content type is not JSON", Refusal(Plain, new BodyLabels(contentType, null)), StringComparison.Ordinal);

    [Fact]
    public void Read_ACharsetOtherThanUtf8_IsRefused() =>
        Assert.StartsWith("InvalidEvent: the content type names a charset other than UTF-8", Refusal(Plain, new BodyLabels("application/json; charset=iso-8859-1", null)), StringComparison.Ordinal);

    [Fact]
    public void Read_AUtf16Body_IsToldToSendUtf8() =>
        Assert.StartsWith("InvalidEvent: the body is UTF-16", Refusal([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(Plain)]), StringComparison.Ordinal);

    [Fact]
    public void Read_MalformedJsonWithPlantedText_NamesThePositionOnly()
    {
        var reason = Refusal("""{"x":1 Zebulon Quixote 987-65-4321}""");

        Assert.Equal("InvalidEvent: the body is not valid JSON (line 1, byte 8)", reason);
    }

    [Fact]
    public void Read_InvalidUtf8InAText_IsRefusedByPosition() =>
        Assert.Equal(
            "InvalidEvent: the body is not valid JSON (at byte 6): a text is not valid UTF-8",
            Refusal([.. Encoding.UTF8.GetBytes("{\"x\":\""), 0xFF, .. Encoding.UTF8.GetBytes("\"}")]));

    [Theory]
    [InlineData("""{"a":1,"a":2}""")]
    [InlineData("""{"e":{"b":1,"b":1}}""")]
    public void Read_APropertyGivenTwice_IsRefused(string body) =>
        Assert.StartsWith("InvalidEvent: a property appears twice in one object", Refusal(body), StringComparison.Ordinal);

    [Fact]
    public void Read_NestingDeeperThanTheLimit_IsRefusedAsSuch() =>
        Assert.StartsWith("InvalidEvent: the body nests deeper than 16 levels", Refusal("{\"a\":" + new string('[', 20) + new string(']', 20) + "}"), StringComparison.Ordinal);

    [Fact]
    public void Read_AnEnvelopeOfTheEvent_KeepsOnlyItsIds()
    {
        var id = Guid.NewGuid();
        var body = $$"""{"messageId":"{{id}}","faultAddress":"rabbitmq://h/x","conversationId":"not-a-guid","messageType":["urn:message:FhirNoteService.Contracts:EncounterEvent"],"message":{{Plain}}}""";

        var read = EventBody.Read(Encoding.UTF8.GetBytes(body), Envelope, Max);

        Assert.Equal("Encounter/e-1", read.Event.EncounterReference);
        Assert.Equal(new EnvelopeIds(id, null, null), read.Envelope);
    }

    [Fact]
    public void Read_AnEnvelopeOfAnotherMessageType_IsRefusedWithoutNamingIt()
    {
        var reason = Refusal($$"""{"messageType":["urn:message:Acme:Zebulon"],"message":{{Plain}}}""", Envelope);

        Assert.Equal("InvalidEvent: the envelope's message types do not include urn:message:FhirNoteService.Contracts:EncounterEvent, the only message this worker consumes", reason);
    }

    [Fact]
    public void Read_AnEnvelopeSentAsPlainJson_IsToldSo() =>
        Assert.StartsWith(
            "InvalidEvent: the body is a MassTransit envelope sent as application/json",
            Refusal($$"""{"messageType":["urn:message:FhirNoteService.Contracts:EncounterEvent"],"message":{{Plain}}}"""),
            StringComparison.Ordinal);

    [Theory]
    [InlineData("", "InvalidEvent: the message body is empty; an encounter event is a JSON object")]
    [InlineData("null", "InvalidEvent: an encounter event must be a JSON object, not null")]
    [InlineData("[]", "InvalidEvent: an encounter event must be a JSON object, not an array")]
    [InlineData("""{"encounterReference":7}""", "InvalidEvent: encounterReference must be a string, not a number")]
    public void Read_NotAnEventObject_IsRefusedInTheServicesWords(string body, string reason) => Assert.Equal(reason, Refusal(body));

    private static byte[] Gzip(string text)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.SmallestSize))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }
        return compressed.ToArray();
    }
}
