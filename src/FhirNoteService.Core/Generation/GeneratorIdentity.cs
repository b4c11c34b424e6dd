namespace FhirNoteService.Core.Generation;

/// <summary>Describes a note generator; the draft's author Device is built from it.</summary>
/// <param name="Id">Stable identifier, unique per generator and model, e.g. <c>offline-extractive/1.0</c>.</param>
/// <param name="Name">Human-readable name.</param>
/// <param name="Version">The generator's (or model's) version.</param>
/// <param name="AiKind">A code from the AI Transparency IG's AIdeviceTypeCS, e.g. <c>Rule-Based-Systems</c>.</param>
/// <param name="Manufacturer">Who makes the generator or the model.</param>
public sealed record GeneratorIdentity(string Id, string Name, string Version, string AiKind, string Manufacturer);
