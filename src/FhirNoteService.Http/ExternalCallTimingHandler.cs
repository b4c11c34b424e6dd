using System.Diagnostics;
using FhirNoteService.Core.Pipeline;

namespace FhirNoteService.Http;

/// <summary>Reports each request's duration to <see cref="ExternalCallTimer"/>, so a note's own time can be told from its dependencies'.</summary>
public sealed class ExternalCallTimingHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await base.SendAsync(request, cancellationToken);
        }
        finally
        {
            ExternalCallTimer.AddExternal(Stopwatch.GetTimestamp() - started);
        }
    }
}
