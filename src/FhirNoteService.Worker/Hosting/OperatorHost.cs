using System.CommandLine;

namespace FhirNoteService.Worker.Hosting;

/// <summary>
/// The host of an operator command (<c>errors</c>, <c>backfill</c>, <c>subscribe</c>, <c>draft</c>, <c>jwks</c>): the
/// worker's settings (appsettings.json beside the binary, the environment, <c>--Section:Key=value</c>), no log output,
/// so that what the command prints is all there is.
/// </summary>
internal static class OperatorHost
{
    public static HostApplicationBuilder CreateBuilder(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [.. parseResult.UnmatchedTokens],
            ContentRootPath = ContentRoot.Path,
        });
        builder.Logging.ClearProviders();
        return builder;
    }
}
