using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FhirNoteService.TestSupport;

/// <summary>
/// A local HTTP server that speaks the OpenAI chat completions, Azure OpenAI and Ollama /api/chat wire formats and
/// plays scripted replies in order (then the default reply). It records every request it receives.
/// </summary>
public sealed class FakeModelServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Reply> _script = new();

    private FakeModelServer(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    public ConcurrentQueue<(string Path, string Body, DateTime At)> Requests { get; } = new();

    public Reply Default { get; set; } = Reply.Good();

    public static async Task<FakeModelServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeModelServer(app);
        app.MapPost("/v1/chat/completions", context => server.HandleAsync(context, ollama: false));
        app.MapPost("/openai/deployments/{deployment}/chat/completions", context => server.HandleAsync(context, ollama: false));
        app.MapPost("/api/chat", context => server.HandleAsync(context, ollama: true));
        await app.StartAsync();
        server.BaseUrl = new Uri(app.Urls.First() + "/");
        return server;
    }

    public void Enqueue(params Reply[] replies)
    {
        foreach (var reply in replies)
        {
            _script.Enqueue(reply);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>The facts sent in the last user message: number, kind and text.</summary>
    public static List<(int N, string Kind, string Text)> FactsIn(string requestBody)
    {
        var body = JsonNode.Parse(requestBody)!;
        var user = body["messages"]!.AsArray().Last(m => (string?)m!["role"] == "user")!;
        var content = user["content"] is JsonArray parts ? (string)parts[0]!["text"]! : (string)user["content"]!;
        return JsonNode.Parse(content)!["facts"]!.AsArray()
            .Select(f => ((int)f!["n"]!, (string)f["kind"]!, (string)f["text"]!))
            .ToList();
    }

    private async Task HandleAsync(HttpContext context, bool ollama)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        Requests.Enqueue((context.Request.Path, body, DateTime.UtcNow));
        var reply = _script.TryDequeue(out var next) ? next : Default;
        if (reply.Latency > TimeSpan.Zero)
        {
            await Task.Delay(reply.Latency, context.RequestAborted);
        }
        if (reply.Hang)
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }
        if (reply.RawBody is { } raw)
        {
            context.Response.ContentType = "text/html";
            await context.Response.WriteAsync(raw);
            return;
        }
        if (reply.Status != 200)
        {
            context.Response.StatusCode = reply.Status;
            if (reply.RetryAfterSeconds is { } seconds)
            {
                context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            await context.Response.WriteAsJsonAsync(new { error = new { message = "scripted failure", type = "server_error" } });
            return;
        }
        var content = reply.Content(body);
        if (!ollama)
        {
            await context.Response.WriteAsJsonAsync(new
            {
                id = "chatcmpl-1",
                @object = "chat.completion",
                created = 1_700_000_000,
                model = "test-model",
                choices = new[] { new { index = 0, message = new { role = "assistant", content }, finish_reason = "stop" } },
                usage = new { prompt_tokens = 10, completion_tokens = 20, total_tokens = 30 },
            });
            return;
        }
        var streaming = JsonNode.Parse(body)?["stream"] is JsonValue stream && stream.GetValue<bool>();
        var done = new { model = "test-model", created_at = "2026-01-01T00:00:00Z", message = new { role = "assistant", content = streaming ? string.Empty : content }, done = true, done_reason = "stop", prompt_eval_count = 10, eval_count = 20 };
        if (!streaming)
        {
            await context.Response.WriteAsJsonAsync(done);
            return;
        }
        context.Response.ContentType = "application/x-ndjson";
        var chunk = new { model = "test-model", created_at = "2026-01-01T00:00:00Z", message = new { role = "assistant", content }, done = false };
        await context.Response.WriteAsync(JsonSerializer.Serialize(chunk) + "\n" + JsonSerializer.Serialize(done) + "\n");
    }
}

/// <summary>One scripted reply: an answer built from the request, an HTTP error, or no answer at all.</summary>
public sealed record Reply(Func<string, string> Content, int Status = 200, int? RetryAfterSeconds = null, bool Hang = false)
{
    /// <summary>How long the server takes before replying, as a slow model would.</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>A body sent as it is with status 200 instead of a chat completion.</summary>
    public string? RawBody { get; init; }

    /// <summary>A cited statement per fact, restating the fact; optionally in Chinese, and with extra statements.</summary>
    public static Reply Good(bool chinese = false, params (string Text, int[] Facts)[] extra) => new(body =>
    {
        var facts = FakeModelServer.FactsIn(body);
        var statements = facts
            .Select(f => (Text: chinese ? $"根据记录：{f.Text}。" : $"{f.Text}.", Facts: new[] { f.N }))
            .Concat(extra)
            .Select(s => new { text = s.Text, facts = s.Facts });
        return JsonSerializer.Serialize(new { sections = new[] { new { heading = chinese ? "诊疗经过" : "Summary", statements } } });
    });

    public static Reply Text(string content) => new(_ => content);

    public static Reply Error(int status, int? retryAfterSeconds = null) => new(_ => string.Empty, status, retryAfterSeconds);

    public static Reply NoAnswer() => new(_ => string.Empty, Hang: true);

    /// <summary>Something that is not a chat completion at all, as a misrouted proxy would answer.</summary>
    public static Reply Garbage(string body = "<html><body>Welcome to nginx!</body></html>") => new(_ => string.Empty) { RawBody = body };
}
