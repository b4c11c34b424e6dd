using FhirNoteService.Worker.Demo;

namespace FhirNoteService.IntegrationTests.Tests;

public sealed class DemoCommandTests
{
    [Fact]
    public void Parse_AllOptions_AreRead()
    {
        var command = DemoCommand.Create();

        var result = command.Parse(["--fhir-base-url", "http://127.0.0.1:9999/", "--limit", "5", "--timeout", "00:01:00", "--patients", "/tmp"]);

        Assert.Empty(result.Errors);
        Assert.Equal(new Uri("http://127.0.0.1:9999/"), result.GetValue<Uri>("--fhir-base-url"));
        Assert.Equal(5, result.GetValue<int?>("--limit"));
        Assert.Equal(TimeSpan.FromMinutes(1), result.GetValue<TimeSpan>("--timeout"));
    }

    [Fact]
    public void Parse_Defaults_PointAtTheLocalSandbox()
    {
        var result = DemoCommand.Create().Parse([]);

        Assert.Empty(result.Errors);
        Assert.Equal(new Uri("http://127.0.0.1:8103/"), result.GetValue<Uri>("--fhir-base-url"));
    }

    [Fact]
    public void Parse_RelativeUrl_IsAnErrorThatNamesTheOption()
    {
        var result = DemoCommand.Create().Parse(["--fhir-base-url", "fhir/r4"]);

        Assert.Contains(result.Errors, e => e.Message == "--fhir-base-url must be an absolute http or https URL, not 'fhir/r4'");
    }
}
