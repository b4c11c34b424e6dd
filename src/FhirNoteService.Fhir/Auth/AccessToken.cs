namespace FhirNoteService.Fhir.Auth;

/// <summary>An access token and when it is to be renewed (some time before it expires).</summary>
internal sealed record AccessToken(string Value, DateTimeOffset RenewAt);
