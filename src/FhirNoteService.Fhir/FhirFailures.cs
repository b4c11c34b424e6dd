using System.Net;
using FhirNoteService.Core.Facts;
using FhirNoteService.Core.Pipeline;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;

namespace FhirNoteService.Fhir;

/// <summary>Sorts FHIR errors into transient ones (left to propagate and be retried) and permanent ones.</summary>
internal static class FhirFailures
{
    public static bool IsTransient(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout;

    /// <summary>The outcome's issue codes and element paths, which describe the problem without echoing data.</summary>
    public static string Describe(OperationOutcome? outcome) =>
        outcome is null || outcome.Issue.Count == 0
            ? "no OperationOutcome"
            : string.Join("; ", outcome.Issue.Take(5).Select(i =>
                $"{FhirText.Code(i.Severity)} {FhirText.Code(i.Code)}"
                + (i.Expression.Any() ? $" at {string.Join(", ", i.Expression)}" : string.Empty)));

    public static Exception Permanent(PermanentFailureKind kind, string what, FhirOperationException error) =>
        new PermanentNoteFailureException(kind, $"{what}: HTTP {(int)error.Status} ({FhirFailures.Describe(error.Outcome)})", error);
}
