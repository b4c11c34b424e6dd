using System.Net;
using System.Threading.Channels;
using FhirNoteService.Core.Pipeline;
using FhirNoteService.Http;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FhirNoteService.Fhir.Audit;

/// <summary>
/// Sends the BALP AuditEvents to the audit repository (<c>Audit:BaseUrl</c>) in batch Bundles, from a bounded buffer,
/// in the background: a note never waits for it. A batch the repository could not take (down, 5xx, 429, timeout) is
/// sent again every <c>Audit:RetryInterval</c> while newer events wait in the buffer; past <c>Audit:Capacity</c> new
/// events are dropped. Every event is counted once by outcome in <c>fhirnoteservice.audit.events</c> (written,
/// rejected by the repository, dropped); a rejection or a drop is logged with a count and a status, never a resource.
/// </summary>
public sealed partial class FhirAuditTrail : BackgroundService, IAuditTrail
{
    public const string HttpClientName = "audit";

    private readonly Channel<AuditEvent> _buffer;
    private readonly AuditOptions _options;
    private readonly AuditParties? _parties;
    private readonly IHttpClientFactory _httpClients;
    private readonly NoteTelemetry _telemetry;
    private readonly ILogger<FhirAuditTrail> _logger;
    private readonly TimeProvider _time;

    public FhirAuditTrail(IOptions<AuditOptions> options, IOptions<FhirServerOptions> fhir, IHttpClientFactory httpClients, NoteTelemetry telemetry, ILogger<FhirAuditTrail> logger, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(fhir);
        _options = options.Value;
        _parties = fhir.Value.BaseUrl is { } server ? new AuditParties(_options.ClientId, Environment.MachineName, server) : null;
        _buffer = Channel.CreateBounded<AuditEvent>(new BoundedChannelOptions(_options.Capacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
        _httpClients = httpClients;
        _telemetry = telemetry;
        _logger = logger;
        _time = time ?? TimeProvider.System;
    }

    private bool Enabled => _options.BaseUrl is not null && _parties is not null;

    public void PatientQueried(string patient, IReadOnlyList<string> searches)
    {
        if (Enabled)
        {
            Buffer(BalpAuditEvents.PatientQuery(_parties!, patient, searches, _time.GetUtcNow()));
        }
    }

    public void PatientDataCreated(string patient, IReadOnlyList<string> created)
    {
        if (Enabled)
        {
            Buffer(BalpAuditEvents.PatientCreate(_parties!, patient, created, _time.GetUtcNow()));
        }
    }

    protected override async System.Threading.Tasks.Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled)
        {
            return;
        }
        var batch = new List<AuditEvent>(_options.BatchSize);
        try
        {
            while (await _buffer.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < _options.BatchSize && _buffer.Reader.TryRead(out var audit))
                {
                    batch.Add(audit);
                }
                while (!await SendAsync(batch, stoppingToken))
                {
                    await System.Threading.Tasks.Task.Delay(_options.RetryInterval, _time, stoppingToken);
                }
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await FlushAtStopAsync(batch);
        }
    }

    private void Buffer(AuditEvent audit)
    {
        if (!_buffer.Writer.TryWrite(audit))
        {
            Count(1, "dropped");
            LogDropped(_logger, _options.Capacity);
        }
    }

    // What is left when the host stops gets one more try, bounded by Audit:Timeout; what still fails is dropped.
    private async System.Threading.Tasks.Task FlushAtStopAsync(List<AuditEvent> batch)
    {
        while (_buffer.Reader.TryRead(out var audit))
        {
            batch.Add(audit);
        }
        if (batch.Count == 0)
        {
            return;
        }
        using var deadline = new CancellationTokenSource(_options.Timeout);
        try
        {
            if (await SendAsync(batch, deadline.Token))
            {
                return;
            }
        }
        catch (OperationCanceledException)
        {
        }
        Count(batch.Count, "dropped");
        LogDroppedAtStop(_logger, batch.Count);
    }

    // True when the repository answered for the whole batch (each event counted written or rejected); false to retry.
    private async Task<bool> SendAsync(List<AuditEvent> batch, CancellationToken stoppingToken)
    {
        var bundle = new Bundle { Type = Bundle.BundleType.Batch };
        foreach (var audit in batch)
        {
            bundle.Entry.Add(new Bundle.EntryComponent { Resource = audit, Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = "AuditEvent" } });
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            var client = new FhirClient(_options.BaseUrl!, _httpClients.CreateClient(HttpClientName), new FhirClientSettings
            {
                PreferredFormat = ResourceFormat.Json,
                VerifyFhirVersion = false,
                ReturnPreference = ReturnPreference.Minimal,
            });
            var answer = await client.TransactionAsync(bundle, timeout.Token);
            var rejected = answer?.Entry.Count(e => e.Response?.Status is { } status && !status.StartsWith('2')) ?? 0;
            Count(batch.Count - rejected, "written");
            if (rejected > 0)
            {
                Count(rejected, "rejected");
                LogRejected(_logger, rejected, batch.Count);
            }
            return true;
        }
        catch (FhirOperationException refused) when ((int)refused.Status >= 400 && !TransportFailure.IsTransient(refused.Status))
        {
            Count(batch.Count, "rejected");
            LogRefused(_logger, batch.Count, (int)refused.Status);
            return true;
        }
        catch (Exception failure) when (failure is FhirOperationException or HttpRequestException || failure is OperationCanceledException && !stoppingToken.IsCancellationRequested)
        {
            LogRetrying(_logger, batch.Count, failure is FhirOperationException answered ? $"HTTP {(int)answered.Status}" : failure.GetType().Name, _options.RetryInterval);
            return false;
        }
    }

    private void Count(int events, string outcome) =>
        _telemetry.AuditEvents.Add(events, new KeyValuePair<string, object?>("outcome", outcome));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Audit buffer full ({Capacity} AuditEvents waiting): an AuditEvent was dropped; is the audit repository (Audit:BaseUrl) reachable?")]
    private static partial void LogDropped(ILogger logger, int capacity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} AuditEvent(s) not sent before the service stopped; dropped")]
    private static partial void LogDroppedAtStop(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The audit repository rejected {Rejected} of {Count} AuditEvent(s) in a batch")]
    private static partial void LogRejected(ILogger logger, int rejected, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The audit repository refused a batch of {Count} AuditEvent(s) with HTTP {Status}; dropped")]
    private static partial void LogRefused(ILogger logger, int count, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The audit repository did not take a batch of {Count} AuditEvent(s) ({Problem}); sending it again in {Interval}")]
    private static partial void LogRetrying(ILogger logger, int count, string problem, TimeSpan interval);
}
