using FhirNoteService.Core.Drafts;
using Microsoft.Extensions.Logging;

namespace FhirNoteService.Core.Pipeline;

/// <summary>
/// What the pipeline logs. Messages carry kinds, references, counts and structural reasons only: never patient data,
/// and never an exception's message, which may quote record content.
/// </summary>
internal static partial class PipelineLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Permanent failure {Kind}, sent to the error queue: {Reason}")]
    public static partial void PermanentFailure(ILogger logger, string kind, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected {ExceptionType} while drafting, at {StackTrace}")]
    public static partial void Unexpected(ILogger logger, string exceptionType, string stackTrace);

    [LoggerMessage(Level = LogLevel.Information, Message = "No note for {Encounter}: {Reason}")]
    public static partial void NoNote(ILogger logger, string encounter, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Draft {NoteType} for {Encounter} is {DocumentReference} ({Action}, created: {Created}, statements: {Statements}, unsupported: {Unsupported})")]
    public static partial void Written(ILogger logger, string noteType, string encounter, string documentReference, DraftAction action, bool created, int statements, int unsupported);

    [LoggerMessage(Level = LogLevel.Information, Message = "Draft {NoteType} for {Encounter} unchanged: {DocumentReference} was drafted from the same record; nothing written")]
    public static partial void Unchanged(ILogger logger, string noteType, string encounter, string documentReference);

    [LoggerMessage(Level = LogLevel.Information, Message = "{NoteType} for {Encounter}: {DocumentReference} was {State} by a clinician and is left as it is (addendum drafted: {Addendum})")]
    public static partial void ClinicianNoteKept(ILogger logger, string noteType, string encounter, string documentReference, string state, bool addendum);

    [LoggerMessage(Level = LogLevel.Information, Message = "Draft series changed while drafting (attempt {Attempt}), reading it again: {Reason}")]
    public static partial void Conflict(ILogger logger, int attempt, string reason);
}
