using FhirNoteService.Contracts;

namespace FhirNoteService.Core.Pipeline;

/// <summary>What one encounter event led to: the drafts written, and the notes that needed none, with why.</summary>
public sealed record DraftingOutcome(IReadOnlyList<NoteDrafted> Drafts, IReadOnlyList<NoteSkipped> Skipped);
