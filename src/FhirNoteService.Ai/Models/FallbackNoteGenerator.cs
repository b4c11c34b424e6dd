using FhirNoteService.Ai.Offline;
using FhirNoteService.Core.Generation;
using FhirNoteService.Core.Pipeline;
using Microsoft.Extensions.Logging;

namespace FhirNoteService.Ai.Models;

/// <summary>
/// A model draft that is empty, unparseable or mostly unsupported is regenerated once; if the second is no better,
/// the offline generator writes the note instead. Such a draft is never written as if it were fine. Transport
/// failures (timeouts, an open circuit) are not handled here: they propagate, and the message is retried later.
/// </summary>
internal sealed partial class FallbackNoteGenerator(ModelNoteGenerator model, OfflineNoteGenerator offline, NoteTelemetry telemetry, ILogger<FallbackNoteGenerator> logger) : INoteGenerator
{
    private const int Attempts = 2;

    public async Task<GeneratedNote> GenerateAsync(NoteRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            string problem;
            try
            {
                var note = await model.GenerateAsync(request, cancellationToken);
                var grounded = GroundingCheck.Check(note, request.Facts);
                if (!grounded.IsUnusable)
                {
                    return note;
                }
                problem = $"{grounded.UnsupportedCount} of {grounded.StatementCount} statements unsupported";
            }
            catch (UnusableModelAnswerException error)
            {
                problem = error.Message;
            }
            LogUnusable(logger, model.Identity.Id, request.NoteType.Key, attempt, problem);
        }
        telemetry.Fallbacks.Add(1, new KeyValuePair<string, object?>("note_type", request.NoteType.Key));
        return await offline.GenerateAsync(request, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model {Model} gave an unusable {NoteType} (attempt {Attempt}): {Problem}")]
    private static partial void LogUnusable(ILogger logger, string model, string noteType, int attempt, string problem);
}
