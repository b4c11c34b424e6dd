using FhirNoteService.Ai;

namespace FhirNoteService.UnitTests.Ai;

public class GenerationOptionsValidatorTests
{
    private readonly GenerationOptionsValidator _validator = new();

    [Fact]
    public void Validate_Defaults_AreValid() => Assert.True(_validator.Validate(new GenerationOptions()).IsValid);

    [Fact]
    public void Validate_ModelProviderWithoutEndpointOrModel_NamesTheSettings()
    {
        var result = _validator.Validate(new GenerationOptions { Provider = "openai" });

        Assert.Contains("Generation:Endpoint and Generation:Model are required for a model provider (openai, azure-openai, ollama)", result.Errors.Select(e => e.ErrorMessage));
    }

    [Fact]
    public void Validate_UnknownProviderAndNoteType_AreNamed()
    {
        var options = new GenerationOptions { Provider = "gpt" };
        options.NoteTypes["surgery-note"] = new ModelProfileOptions { Provider = "offline" };

        var messages = _validator.Validate(options).Errors.Select(e => e.ErrorMessage).ToList();

        Assert.Contains("Generation:Provider 'gpt' is not one of: offline, openai, azure-openai, ollama", messages);
        Assert.Contains(messages, m => m.StartsWith("Generation:NoteTypes:surgery-note is not a note type", StringComparison.Ordinal));
    }
}
