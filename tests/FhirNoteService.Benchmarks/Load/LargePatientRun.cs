using System.Diagnostics;
using System.Net.Http.Headers;
using FhirNoteService.Core;
using FhirNoteService.Core.Context;
using FhirNoteService.Core.Events;
using FhirNoteService.Core.Facts;
using FhirNoteService.Fhir;
using FhirNoteService.TestSupport;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FhirNoteService.Benchmarks.Load;

/// <summary>A patient with 5,000 observations in one encounter: how long the context read and fact extraction take, and what they allocate.</summary>
internal static class LargePatientRun
{
    /// <param name="ServerMilliseconds">The sandbox server's own answer to the observation search, fetched raw: the part of the read the worker does not control.</param>
    public sealed record Result(int ObservationLimit, int ObservationsRead, double Milliseconds, double AllocatedMiB, double ServerMilliseconds);

    public static async Task<IReadOnlyList<Result>> RunAsync(int observations)
    {
        await using var fhir = await SandboxFhirServer.StartAsync();
        var encounter = await LoadAsync(fhir, observations);
        var results = new List<Result>();
        foreach (var limit in new[] { 200, observations })
        {
            using var services = Services(fhir, limit);
            var reader = services.GetRequiredService<IClinicalContextReader>();
            // The first run warms up the JIT and the server; the median of the next five is reported.
            var runs = new List<Result>();
            for (var run = 0; run < 6; run++)
            {
                var allocated = GC.GetTotalAllocatedBytes(precise: true);
                var watch = Stopwatch.StartNew();
                var context = await reader.ReadAsync(encounter, CancellationToken.None);
                FactExtractor.Extract(context);
                var elapsed = watch.Elapsed.TotalMilliseconds;
                var allocatedMiB = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1048576.0;
                var server = Stopwatch.StartNew();
                await fhir.Http.GetByteArrayAsync(new Uri($"Observation?encounter={encounter.Reference}&_count={limit}&_sort=-date", UriKind.Relative));
                runs.Add(new Result(limit, context.Observations.Count, elapsed, allocatedMiB, server.Elapsed.TotalMilliseconds));
            }
            results.Add(runs.Skip(1).OrderBy(r => r.Milliseconds).ElementAt(2));
        }
        return results;
    }

    private static ServiceProvider Services(SandboxFhirServer fhir, int limit)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Fhir:BaseUrl"] = fhir.BaseUrl.ToString(),
            ["Fhir:Limits:Observations"] = limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }).Build();
        return new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddMetrics().AddNoteDrafting().AddFhirAccess().BuildServiceProvider();
    }

    private static async Task<EncounterId> LoadAsync(SandboxFhirServer fhir, int observations)
    {
        var context = LargeContext.Build(observations);
        var bundle = new Bundle { Type = Bundle.BundleType.Transaction };
        void Add(Resource resource, string fullUrl) => bundle.Entry.Add(new Bundle.EntryComponent
        {
            FullUrl = fullUrl,
            Resource = resource,
            Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = resource.TypeName },
        });
        var patientUrl = $"urn:uuid:{Guid.NewGuid()}";
        var encounterUrl = $"urn:uuid:{Guid.NewGuid()}";
        var patient = (Patient)context.Patient.DeepCopy();
        patient.Id = null;
        var encounter = (Encounter)context.Encounter.DeepCopy();
        encounter.Id = null;
        encounter.Subject = new ResourceReference(patientUrl);
        encounter.ServiceProvider = null;
        Add(patient, patientUrl);
        Add(encounter, encounterUrl);
        foreach (var observation in context.Observations)
        {
            var copy = (Observation)observation.DeepCopy();
            copy.Id = null;
            copy.Subject = new ResourceReference(patientUrl);
            copy.Encounter = new ResourceReference(encounterUrl);
            Add(copy, $"urn:uuid:{Guid.NewGuid()}");
        }
        using var content = new StringContent(bundle.ToJson());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/fhir+json");
        using var response = await fhir.Http.PostAsync(new Uri(string.Empty, UriKind.Relative), content);
        response.EnsureSuccessStatusCode();
        var answer = new FhirJsonDeserializer().Deserialize<Bundle>(await response.Content.ReadAsStringAsync());
        var location = answer.Entry[1].Response.Location;
        return EncounterId.TryParse(string.Join('/', location.Split('/').Take(2)), out var id, out var problem)
            ? id!
            : throw new InvalidOperationException(problem);
    }
}
