namespace FhirNoteService.Fhir;

/// <summary>Addresses under a FHIR base URL, whether it was configured with a trailing slash or not.</summary>
public static class FhirEndpoints
{
    /// <summary><paramref name="path"/> under <paramref name="baseUrl"/>, e.g. <c>metadata</c>.</summary>
    public static Uri At(Uri baseUrl, string path)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        return new Uri($"{baseUrl.AbsoluteUri.TrimEnd('/')}/{path}");
    }

    /// <summary>What readiness asks: the capability statement's summary, small on every server and answered by any.</summary>
    public static Uri Readiness(Uri baseUrl) => At(baseUrl, "metadata?_summary=true");
}
