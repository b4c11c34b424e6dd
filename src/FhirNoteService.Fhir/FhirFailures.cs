using System.Net;
using FhirNoteService.Core.Facts;
using FhirNoteService.Core.Pipeline;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Utility;

namespace FhirNoteService.Fhir;

/// <summary>Describes permanent FHIR errors from their OperationOutcome.</summary>
internal static class FhirFailures
{
    /// <summary>The outcome's issue codes and element paths, which describe the problem without echoing data.</summary>
    public static string Describe(OperationOutcome? outcome) =>
        outcome is null || outcome.Issue.Count == 0
            ? "no OperationOutcome"
            : string.Join("; ", outcome.Issue.Take(5).Select(i =>
                $"{FhirText.Code(i.Severity)} {FhirText.Code(i.Code)}"
                + (i.Expression.Any() ? $" at {string.Join(", ", i.Expression)}" : string.Empty)));

    /// <summary>A failed parse as its Firely error codes (e.g. JSON122), which name the kind of problem without its value.</summary>
    public static string Describe(DeserializationFailedException error) =>
        $"{error.Exceptions.Count} parse error(s): "
        + string.Join(", ", error.Exceptions.Take(5).Select(e => e is CodedException coded ? coded.ErrorCode : e.GetType().Name).Distinct(StringComparer.Ordinal));

    public static Exception Permanent(PermanentFailureKind kind, string what, FhirOperationException error) =>
        new PermanentNoteFailureException(kind, $"{what}: HTTP {(int)error.Status} ({FhirFailures.Describe(error.Outcome)})", error);
}
