using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using FhirNoteService.TestSupport;

namespace FhirNoteService.IntegrationTests.Infrastructure;

/// <summary>
/// The real binary in its <c>receive</c> role, with three sources: <c>emr</c> (FHIR Subscription), <c>grid</c> (Event
/// Grid) and <c>cloud</c> (CloudEvents), each with its own token, and posting helpers that send as those senders do.
/// </summary>
internal sealed class ReceiverUnderTest : IAsyncDisposable
{
    public const string EmrToken = "emr-token-0123456789abcdef0123456789";
    public const string GridToken = "grid-token-0123456789abcdef0123456789";
    public const string CloudToken = "cloud-token-0123456789abcdef0123456789";

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private ReceiverUnderTest(WorkerProcess process) => Process = process;

    public WorkerProcess Process { get; }

    public static async Task<ReceiverUnderTest> StartAsync(RabbitMqBroker broker, SandboxFhirServer fhir, IDictionary<string, string>? extra = null, string logName = "receiver")
    {
        var settings = new Dictionary<string, string>(broker.WorkerSettings("__"))
        {
            ["Fhir__BaseUrl"] = fhir.BaseUrl.ToString(),
            ["Receiver__Sources__emr__Kind"] = "FhirSubscription",
            ["Receiver__Sources__emr__Token"] = EmrToken,
            ["Receiver__Sources__grid__Kind"] = "EventGrid",
            ["Receiver__Sources__grid__Token"] = GridToken,
            ["Receiver__Sources__cloud__Kind"] = "CloudEvents",
            ["Receiver__Sources__cloud__Token"] = CloudToken,
            ["Subscriptions__FirstContactCatchUp"] = "00:00:00",
            ["Subscriptions__CatchUpOverlap"] = "00:00:00",
            ["Subscriptions__GapGrace"] = "00:00:01",
            ["Subscriptions__CheckInterval"] = "00:00:00.200",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }
        // One log per receiver, so that what a test finds there is its own.
        File.Delete(Path.Combine(RepositoryPaths.Root, ".artifacts", $"{logName}.log"));
        return new ReceiverUnderTest(await WorkerProcess.StartAsync(settings, logName, command: "receive"));
    }

    public Task<HttpResponseMessage> PostSubscriptionAsync(string body, string token = EmrToken, string contentType = "application/fhir+json; charset=utf-8") =>
        PostAsync("emr", body, token, contentType);

    public Task<HttpResponseMessage> PostEventGridAsync(string body, string token = GridToken) => PostAsync("grid", body, token, "application/json");

    public Task<HttpResponseMessage> PostCloudEventAsync(string body, bool batch = false) =>
        PostAsync("cloud", body, CloudToken, batch ? "application/cloudevents-batch+json; charset=utf-8" : "application/cloudevents+json; charset=utf-8");

    public async Task<HttpResponseMessage> PostAsync(string source, string body, string token, string contentType)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Process.BaseUrl, $"events/{source}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Content = new StringContent(body, Encoding.UTF8);
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return await _http.SendAsync(request);
    }

    public async Task<HttpResponseMessage> OptionsAsync(string source, string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, new Uri(Process.BaseUrl, $"events/{source}"));
        request.Headers.Add("WebHook-Request-Origin", origin);
        return await _http.SendAsync(request);
    }

    public static string Seconds(double seconds) => TimeSpan.FromSeconds(seconds).ToString("c", CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await Process.DisposeAsync();
    }
}
