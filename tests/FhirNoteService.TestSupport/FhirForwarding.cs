using System.Text;
using Microsoft.AspNetCore.Http;

namespace FhirNoteService.TestSupport;

/// <summary>Forwards a FHIR request as a test proxy received it to the real server behind it, and its answer back.</summary>
internal static class FhirForwarding
{
    public static async Task ForwardAsync(HttpContext context, HttpClient upstream, string path, string body)
    {
        using var forward = new HttpRequestMessage(new HttpMethod(context.Request.Method), path.TrimStart('/') + context.Request.QueryString);
        if (body.Length > 0)
        {
            forward.Content = new StringContent(body, Encoding.UTF8, "application/fhir+json");
        }
        foreach (var name in new[] { "If-Match", "If-None-Exist", "Prefer" })
        {
            if (context.Request.Headers.TryGetValue(name, out var value))
            {
                forward.Headers.TryAddWithoutValidation(name, value.ToString());
            }
        }
        using var answer = await upstream.SendAsync(forward);
        context.Response.StatusCode = (int)answer.StatusCode;
        context.Response.ContentType = answer.Content.Headers.ContentType?.ToString() ?? "application/fhir+json";
        if (answer.Headers.ETag is { } etag)
        {
            context.Response.Headers.ETag = etag.ToString();
        }
        if (answer.Headers.Location is { } location)
        {
            context.Response.Headers.Location = location.ToString();
        }
        await context.Response.WriteAsync(await answer.Content.ReadAsStringAsync());
    }
}
