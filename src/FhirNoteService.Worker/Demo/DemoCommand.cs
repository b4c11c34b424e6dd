using System.CommandLine;

namespace FhirNoteService.Worker.Demo;

/// <summary><c>demo</c>: the whole job on embedded defaults, against a running sandbox FHIR server.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var fhir = new Option<Uri>("--fhir-base-url")
        {
            Description = "FHIR base URL of the sandbox (or test) server to load patients into and write drafts to",
            DefaultValueFactory = _ => new Uri("http://127.0.0.1:8103/"),
            CustomParser = result =>
            {
                var text = result.Tokens.Single().Value;
                if (Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
                {
                    return url;
                }
                result.AddError($"--fhir-base-url must be an absolute http or https URL, not '{text}'");
                return null;
            },
        };
        var patients = new Option<DirectoryInfo?>("--patients")
        {
            Description = $"Folder of FHIR transaction Bundles to load (default: ../shared/data/synthea, else samples/patients; env {SampleBundles.PathVariable})",
        };
        var limit = new Option<int?>("--limit") { Description = "Publish at most this many encounter events" };
        var timeout = new Option<TimeSpan>("--timeout")
        {
            Description = "Give up waiting for drafts after this long",
            DefaultValueFactory = _ => TimeSpan.FromMinutes(10),
        };
        var command = new Command("demo", "Load sample patients into the FHIR server, publish an event per finished encounter on the in-memory bus, draft every note (offline, or with the model Generation:* names: appsettings.json, environment, --Generation:Key=value) and print a summary and one draft.")
        {
            fhir,
            patients,
            limit,
            timeout,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parseResult, cancellationToken) =>
        {
            var settings = new DemoSettings(
                parseResult.GetValue(fhir)!,
                SampleBundles.Locate(parseResult.GetValue(patients)),
                parseResult.GetValue(limit),
                parseResult.GetValue(timeout),
                [.. parseResult.UnmatchedTokens]);
            return new DemoRunner(settings, Console.Out).RunAsync(cancellationToken);
        });
        return command;
    }
}

/// <summary>The demo's settings, from its command line.</summary>
/// <param name="FhirBaseUrl">The sandbox (or test) FHIR server.</param>
/// <param name="Patients">The folder of transaction Bundles to load.</param>
/// <param name="Limit">At most this many encounter events, or all.</param>
/// <param name="Timeout">How long to wait for the drafts.</param>
/// <param name="Arguments">Settings given as --Section:Key=value, e.g. --Generation:Provider=openai.</param>
internal sealed record DemoSettings(Uri FhirBaseUrl, DirectoryInfo Patients, int? Limit, TimeSpan Timeout, string[] Arguments);
