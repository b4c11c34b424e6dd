using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using FhirNoteService.Contracts;
using FhirNoteService.Fhir.Auth;
using FhirNoteService.IntegrationTests.Infrastructure;
using FhirNoteService.TestSupport;
using FhirNoteService.Worker.Demo;
using Hl7.Fhir.Model;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace FhirNoteService.IntegrationTests.Tests;

/// <summary>
/// SMART Backend Services against a strict authorization server (<see cref="SmartAuthorizationServer"/>) in front of the
/// sandbox: every assertion verified, tokens short-lived, the FHIR endpoint closed to anyone without one.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SmartBackendServicesTests : FreshServersTest
{
    public static TheoryData<string> Algorithms => new() { "RS384", "ES384" };

    [Theory]
    [MemberData(nameof(Algorithms))]
    public async Task Drafts_WithAVerifiedAssertion_OneTokenForAllNotes_AndNoKeyOrTokenInTheLogs(string algorithm)
    {
        await using var emr = await SmartAuthorizationServer.StartAsync(Fhir.BaseUrl);
        var (settings, secrets) = Settings(emr, algorithm);
        settings["Logging:LogLevel:Default"] = "Information";
        var encounters = await SyntheaPatients.LoadAsync(Fhir.Http, "Edward_Gulgowski");
        var capture = new TelemetryCapture();
        var recorder = new BusRecorder();
        await using (var worker = await WorkerUnderTest.StartAsync(Fhir, Broker, recorder, settings: settings, configure: capture.AddTo))
        {
            var bus = worker.Services.GetRequiredService<IBus>();
            foreach (var encounter in encounters)
            {
                await bus.Publish(new EncounterEvent(encounter.Reference, EncounterEventKinds.Finished, DateTimeOffset.UtcNow));
            }
            await recorder.WaitForAsync(r => r.NoteOutcomes + r.Failed.Count >= encounters.Count, TimeSpan.FromMinutes(2), "every note");
        }

        Assert.Empty(recorder.Failed);
        Assert.Empty(emr.Refusals);
        Assert.Single(emr.Grants);
        Assert.Equal(0, emr.Unauthorized);
        Assert.Equal(encounters.Count, (await FhirQueries.SearchAsync<DocumentReference>(Fhir)).Count);
        var logs = capture.Text();
        Assert.Contains("Access token granted by 127.0.0.1", logs, StringComparison.Ordinal);
        foreach (var secret in secrets.Concat(emr.IssuedTokens))
        {
            Assert.DoesNotContain(secret, logs, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task FiveHundredNotesAtConcurrency64_OneTokenRequestPerExpiryWindow_NoRequestWithoutAValidToken()
    {
        await using var emr = await SmartAuthorizationServer.StartAsync(Fhir.BaseUrl);
        emr.TokenLifetime = TimeSpan.FromSeconds(4);
        var (settings, _) = Settings(emr, "ES384");
        settings["Fhir:Auth:RenewBefore"] = "00:00:01";
        var encounters = (await new SampleLoader(Fhir.Http).LoadAtLeastAsync(new DirectoryInfo(RepositoryPaths.Synthea), 500, CancellationToken.None)).Take(500).ToList();
        var recorder = new BusRecorder();
        var run = Stopwatch.StartNew();
        await using (var worker = await WorkerUnderTest.StartAsync(Fhir, Broker, recorder, concurrency: 64, settings: settings))
        {
            var bus = worker.Services.GetRequiredService<IBus>();
            await System.Threading.Tasks.Task.WhenAll(encounters.Select(e => bus.Publish(new EncounterEvent(e.Reference, EncounterEventKinds.Finished, DateTimeOffset.UtcNow))));
            await recorder.WaitForAsync(r => r.NoteOutcomes + r.Failed.Count >= encounters.Count, TimeSpan.FromMinutes(5), "500 notes");
        }
        run.Stop();

        Assert.Empty(recorder.Failed);
        Assert.Empty(emr.Refusals);
        Assert.Equal(0, emr.Unauthorized);
        var grants = emr.Grants.ToList();
        // A token lives 4 s and is renewed 1 s before it expires: one request per 3 s window, never two in one.
        var window = TimeSpan.FromSeconds(3);
        Assert.All(grants.Zip(grants.Skip(1)), pair => Assert.True(pair.Second - pair.First >= window - TimeSpan.FromMilliseconds(250), $"two token requests {(pair.Second - pair.First).TotalMilliseconds:F0} ms apart"));
        Assert.InRange(grants.Count, 1, (int)(run.Elapsed / window) + 1);
        var gaps = string.Join(", ", grants.Zip(grants.Skip(1)).Select(p => $"{(p.Second - p.First).TotalSeconds:F1}"));
        File.WriteAllText(
            Path.Combine(RepositoryPaths.Root, ".artifacts", "smart-token-windows.txt"),
            $"500 notes at concurrency 64 in {run.Elapsed.TotalSeconds:F1} s with 4 s tokens renewed 1 s early: {grants.Count} token request(s), {emr.Unauthorized} request(s) refused, gaps between grants (s): {gaps}\n");
    }

    [Fact]
    public async Task TokenRefusedByTheFhirServer_IsRenewedOnce_AndTheNoteIsWritten()
    {
        await using var emr = await SmartAuthorizationServer.StartAsync(Fhir.BaseUrl);
        var (settings, _) = Settings(emr, "RS384");
        var encounters = await SyntheaPatients.LoadAsync(Fhir.Http, "Edward_Gulgowski", "Liz_Conn");
        var recorder = new BusRecorder();
        await using var worker = await WorkerUnderTest.StartAsync(Fhir, Broker, recorder, concurrency: 1, settings: settings);
        var bus = worker.Services.GetRequiredService<IBus>();
        await bus.Publish(new EncounterEvent(encounters[0].Reference, EncounterEventKinds.Finished, DateTimeOffset.UtcNow));
        await recorder.WaitForAsync(r => r.NoteOutcomes + r.Failed.Count >= 1, TimeSpan.FromMinutes(1), "the first note");

        emr.RevokeAll();
        await bus.Publish(new EncounterEvent(encounters[^1].Reference, EncounterEventKinds.Finished, DateTimeOffset.UtcNow));
        await recorder.WaitForAsync(r => r.NoteOutcomes + r.Failed.Count >= 2, TimeSpan.FromMinutes(1), "the second note");

        Assert.Empty(recorder.Failed);
        Assert.Equal(1, emr.Unauthorized);
        Assert.Equal(2, emr.Grants.Count);
        Assert.Equal(2, (await FhirQueries.SearchAsync<DocumentReference>(Fhir)).Count);
    }

    [Fact]
    public async Task TokenEndpointRefusing_TheEventEndsInTheErrorQueueWithTheReason()
    {
        await using var emr = await SmartAuthorizationServer.StartAsync(Fhir.BaseUrl);
        emr.RefuseAll = true;
        var (settings, _) = Settings(emr, "ES384");
        var encounter = (await SyntheaPatients.LoadAsync(Fhir.Http, "Edward_Gulgowski"))[0].Reference;
        var recorder = new BusRecorder();
        await using var worker = await WorkerUnderTest.StartAsync(Fhir, Broker, recorder, settings: settings);
        await worker.Services.GetRequiredService<IBus>().Publish(new EncounterEvent(encounter, EncounterEventKinds.Finished, DateTimeOffset.UtcNow));
        await recorder.WaitForAsync(r => !r.Failed.IsEmpty, TimeSpan.FromMinutes(1), "the failure");

        var failed = recorder.Failed.Single();
        Assert.Equal("FhirAuthorizationRefused", failed.Kind);
        Assert.Contains("the token endpoint at 127.0.0.1 refused the service's client assertion: HTTP 401 (invalid_client)", failed.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("revoked", failed.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadKey_RefusesToStart_NamingTheSettingNotTheKey()
    {
        const string garbage = "-----BEGIN PRIVATE KEY-----\nTm90QUtleUF0QWxsSnVzdFNvbWVCeXRlcw==\n-----END PRIVATE KEY-----";
        var settings = new Dictionary<string, string>(Broker.WorkerSettings("__"))
        {
            ["Fhir__BaseUrl"] = Fhir.BaseUrl.ToString(),
            ["Fhir__Auth__Mode"] = "smart-backend-services",
            ["Fhir__Auth__ClientId"] = SmartAuthorizationServer.ClientId,
            ["Fhir__Auth__PrivateKey"] = garbage,
        };

        var (exitCode, output) = await WorkerProcess.RunCommandAsync("run", settings);

        Assert.Equal(2, exitCode);
        Assert.Contains("Fhir:Auth:PrivateKey is not a private key in PEM (PKCS#8, PKCS#1, SEC1) or JWK form", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Tm90QUtleUF0", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JwksCommand_PrintsThePublicKeyOnly()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var parameters = ec.ExportParameters(true);
        var settings = new Dictionary<string, string>
        {
            ["Fhir__BaseUrl"] = Fhir.BaseUrl.ToString(),
            ["Fhir__Auth__Mode"] = "smart-backend-services",
            ["Fhir__Auth__ClientId"] = SmartAuthorizationServer.ClientId,
            ["Fhir__Auth__PrivateKey"] = Jwk(parameters),
            ["Fhir__Auth__KeyId"] = "notes-2026",
        };

        var (exitCode, output) = await WorkerProcess.RunCommandAsync("jwks", settings);

        Assert.True(exitCode == 0, output);
        var key = JsonNode.Parse(output)!["keys"]![0]!;
        Assert.Equal("EC", (string?)key["kty"]);
        Assert.Equal("P-384", (string?)key["crv"]);
        Assert.Equal("ES384", (string?)key["alg"]);
        Assert.Equal("notes-2026", (string?)key["kid"]);
        Assert.Equal(Base64UrlEncoder.Encode(parameters.Q.X), (string?)key["x"]);
        Assert.Null(key["d"]);
        Assert.DoesNotContain(Base64UrlEncoder.Encode(parameters.D), output, StringComparison.Ordinal);
    }

    // RS384: a PKCS#8 PEM in a file (a mounted Secret); ES384: a JWK in the setting itself (an environment variable).
    // The authorization server registers the JWK Set the service publishes. Returns the worker's settings and the
    // private key texts that must never be logged.
    private static (Dictionary<string, string?> Settings, List<string> Secrets) Settings(SmartAuthorizationServer emr, string algorithm)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Fhir:BaseUrl"] = emr.BaseUrl.ToString(),
            ["Fhir:Auth:Mode"] = "smart-backend-services",
            ["Fhir:Auth:ClientId"] = SmartAuthorizationServer.ClientId,
        };
        var secrets = new List<string>();
        if (algorithm == "RS384")
        {
            using var rsa = RSA.Create(2048);
            var pem = rsa.ExportPkcs8PrivateKeyPem();
            var file = Path.Combine(Path.GetTempPath(), $"smart-key-{Guid.NewGuid():N}.pem");
            File.WriteAllText(file, pem);
            settings["Fhir:Auth:PrivateKeyFile"] = file;
            secrets.AddRange(pem.Split('\n').Where(line => line.Length > 40));
            secrets.Add(Base64UrlEncoder.Encode(rsa.ExportParameters(true).D));
        }
        else
        {
            using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP384);
            var parameters = ec.ExportParameters(true);
            settings["Fhir:Auth:PrivateKey"] = Jwk(parameters);
            secrets.Add(Base64UrlEncoder.Encode(parameters.D));
        }
        var auth = new FhirAuthOptions
        {
            Mode = FhirAuthModes.SmartBackendServices,
            ClientId = SmartAuthorizationServer.ClientId,
            PrivateKey = settings.GetValueOrDefault("Fhir:Auth:PrivateKey"),
            PrivateKeyFile = settings.GetValueOrDefault("Fhir:Auth:PrivateKeyFile"),
        };
        emr.Register(JwkSet.Of(auth), algorithm);
        return (settings, secrets);
    }

    private static string Jwk(ECParameters parameters) => new JsonObject
    {
        ["kty"] = "EC",
        ["crv"] = "P-384",
        ["x"] = Base64UrlEncoder.Encode(parameters.Q.X),
        ["y"] = Base64UrlEncoder.Encode(parameters.Q.Y),
        ["d"] = Base64UrlEncoder.Encode(parameters.D),
    }.ToJsonString();
}
