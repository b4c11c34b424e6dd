using System.CommandLine;
using FhirNoteService.Fhir;
using FhirNoteService.Fhir.Auth;
using FhirNoteService.Worker.Hosting;
using Microsoft.Extensions.Options;

namespace FhirNoteService.Worker.Operations;

/// <summary>
/// <c>jwks</c>: prints the public JWK Set of the SMART Backend Services key (<c>Fhir:Auth</c> settings), to register with
/// the EMR or serve at the JWK Set URL. Only public parameters are printed. Exit 2 when the settings are not valid.
/// </summary>
internal static class JwksCommand
{
    public static Command Create()
    {
        var command = new Command("jwks", "Print the public JWK Set of the SMART Backend Services signing key, for registration with the EMR (settings: Fhir:Auth).")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var builder = OperatorHost.CreateBuilder(parseResult);
            builder.Services.AddFhirAccess();
            using var host = builder.Build();
            if (!await SettingsReport.CheckAsync(host.Services))
            {
                return SettingsReport.InvalidSettings;
            }
            var auth = host.Services.GetRequiredService<IOptions<FhirServerOptions>>().Value.Auth;
            if (auth.Mode != FhirAuthModes.SmartBackendServices)
            {
                await Console.Error.WriteLineAsync("Fhir:Auth:Mode is not smart-backend-services: there is no signing key to publish.");
                return SettingsReport.InvalidSettings;
            }
            await Console.Out.WriteLineAsync(JwkSet.Of(auth).AsMemory(), cancellationToken);
            return 0;
        });
        return command;
    }
}
