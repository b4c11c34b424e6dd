using FhirNoteService.Ai.Offline;
using FhirNoteService.Core.Generation;
using FhirNoteService.Core.Pipeline;
using Microsoft.Extensions.Logging;

namespace FhirNoteService.Ai.Models;

/// <summary>
/// A model draft is asked for again only when that can help: once when the answer is empty or unparseable, and once
/// when half or more of its statements could not be verified, this time telling the model which and why. A draft
/// that parsed is never thrown away for flags the reviewer will see: the better of the two (fewer unverified
/// statements) is kept. Only when no attempt gave a usable answer does the offline generator write the note.
/// Transport failures (timeouts, an open circuit) are not handled here: they propagate, and the message is retried.
/// </summary>
internal sealed partial class FallbackNoteGenerator(ModelNoteGenerator model, OfflineNoteGenerator offline, NoteTelemetry telemetry, ILogger<FallbackNoteGenerator> logger) : INoteGenerator
{
    private const int Attempts = 2;

    public async Task<GeneratedNote> GenerateAsync(NoteRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        GroundingResult? best = null;
        IReadOnlyList<NoteStatement>? unverified = null;
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            string problem;
            try
            {
                var grounded = GroundingCheck.Check(await model.GenerateAsync(request, unverified, cancellationToken), request.Facts);
                if (grounded.StatementCount > 0 && (best is null || grounded.UnsupportedCount < best.UnsupportedCount))
                {
                    best = grounded;
                }
                if (grounded.StatementCount > 0 && !grounded.IsMostlyUnverified)
                {
                    return grounded.Note;
                }
                problem = grounded.StatementCount == 0 ? "the note is empty" : $"{grounded.UnsupportedCount} of {grounded.StatementCount} statements could not be verified";
                unverified = grounded.StatementCount == 0 ? null : grounded.Note.Sections.SelectMany(s => s.Statements).Where(s => s.Unsupported).ToList();
            }
            catch (UnusableModelAnswerException error)
            {
                problem = error.Message;
            }
            LogUnusable(logger, model.Identity.Id, request.NoteType.Key, attempt, problem);
        }
        if (best is not null)
        {
            return best.Note;
        }
        telemetry.Fallbacks.Add(1, new KeyValuePair<string, object?>("note_type", request.NoteType.Key), new KeyValuePair<string, object?>("reason", "unusable"));
        return await offline.GenerateAsync(request, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model {Model} gave a poor {NoteType} (attempt {Attempt}): {Problem}")]
    private static partial void LogUnusable(ILogger logger, string model, string noteType, int attempt, string problem);
}
