using System.Net;
using FhirNoteService.Core.Facts;
using FhirNoteService.Core.Pipeline;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;

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

    public static Exception Permanent(PermanentFailureKind kind, string what, FhirOperationException error) =>
        new PermanentNoteFailureException(kind, $"{what}: HTTP {(int)error.Status} ({FhirFailures.Describe(error.Outcome)})", error, error.Status);
}
