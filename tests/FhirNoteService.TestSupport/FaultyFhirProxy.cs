using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FhirNoteService.TestSupport;

/// <summary>
/// Stands between the worker and a real FHIR server and forwards everything, except the requests a rule picks: those
/// get the rule's scripted answer instead (a 4xx with an OperationOutcome, an unparseable body, ...). Rules pick by
/// the encounter id the request is about and whether it is the context read (batch) or the draft write (transaction).
/// </summary>
public sealed class FaultyFhirProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _upstream;
    private readonly ConcurrentDictionary<string, FhirFault> _faults = new(StringComparer.Ordinal);

    private FaultyFhirProxy(WebApplication app, Uri upstream)
    {
        _app = app;
        _upstream = new HttpClient { BaseAddress = upstream, Timeout = TimeSpan.FromMinutes(2) };
    }

    public Uri BaseUrl { get; private set; } = null!;

    public static async Task<FaultyFhirProxy> StartAsync(Uri upstream)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var proxy = new FaultyFhirProxy(app, upstream);
        app.Run(proxy.HandleAsync);
        await app.StartAsync();
        proxy.BaseUrl = new Uri(app.Urls.First() + "/");
        return proxy;
    }

    /// <summary>
    /// Sees every request first (its method, path and body); when it returns true it has answered the request itself
    /// (or held it), and nothing is forwarded.
    /// </summary>
    public Func<HttpContext, string, Task<bool>>? Intercept { get; set; }

    /// <summary>Answers requests about this encounter (id only) in the given phase with the fault.</summary>
    public void Inject(string encounterId, FhirFault fault) => _faults[$"{fault.Phase}|{encounterId}"] = fault;

    public async ValueTask DisposeAsync()
    {
        _upstream.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        if (Intercept is { } intercept && await intercept(context, body))
        {
            return;
        }
        if (FaultFor(body) is { } fault)
        {
            context.Response.StatusCode = fault.Status;
            context.Response.ContentType = fault.ContentType;
            await context.Response.WriteAsync(fault.Body);
            return;
        }
        await FhirForwarding.ForwardAsync(context, _upstream, context.Request.Path.Value!, body);
    }

    private FhirFault? FaultFor(string body)
    {
        if (_faults.IsEmpty || body.Length == 0)
        {
            return null;
        }
        var phase = body.Contains("\"transaction\"", StringComparison.Ordinal) ? FhirPhase.Write : FhirPhase.Read;
        foreach (var (key, fault) in _faults)
        {
            var encounterId = key[(key.IndexOf('|', StringComparison.Ordinal) + 1)..];
            if (fault.Phase == phase && (body.Contains($"_id={encounterId}&", StringComparison.Ordinal) || body.Contains($"Encounter/{encounterId}\"", StringComparison.Ordinal)))
            {
                return fault;
            }
        }
        return null;
    }
}

/// <summary>Which request of a note a fault replaces.</summary>
public enum FhirPhase
{
    /// <summary>The context read (a batch).</summary>
    Read,

    /// <summary>The draft write (a transaction).</summary>
    Write,
}

/// <summary>A scripted FHIR answer.</summary>
public sealed record FhirFault(FhirPhase Phase, int Status, string Body, string ContentType = "application/fhir+json")
{
    /// <summary>An error status with an OperationOutcome, as FHIR servers answer.</summary>
    public static FhirFault Outcome(FhirPhase phase, int status, string code, string diagnostics) => new(
        phase,
        status,
        $$"""{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"{{code}}","diagnostics":"{{diagnostics}}"}]}""");
}
