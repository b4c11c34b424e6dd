using FhirNoteService.Contracts;

namespace FhirNoteService.Core.Pipeline;

/// <summary>What one encounter event led to: the drafts written, or why none was needed.</summary>
public sealed record DraftingOutcome(IReadOnlyList<NoteDrafted> Drafts, string? SkipReason)
{
    public static DraftingOutcome Skipped(string reason) => new([], reason);
}
