namespace FhirNoteService.Contracts;

/// <summary>The values of <see cref="EncounterEvent.Kind"/>.</summary>
public static class EncounterEventKinds
{
    public const string Created = "created";
    public const string Updated = "updated";
    public const string Finished = "finished";

    /// <summary>Every kind the worker accepts.</summary>
    public static IReadOnlyList<string> All { get; } = [Created, Updated, Finished];
}
