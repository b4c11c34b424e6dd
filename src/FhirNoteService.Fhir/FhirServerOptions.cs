namespace FhirNoteService.Fhir;

/// <summary>The EMR's FHIR R4 endpoint and how much context is read from it. Section <c>Fhir</c>.</summary>
public sealed class FhirServerOptions
{
    public const string SectionName = "Fhir";

    /// <summary>The FHIR base URL, e.g. <c>https://emr.example.org/fhir/r4/</c>.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>Time allowed for one FHIR request, retries included.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The largest FHIR response accepted; a larger one fails rather than exhausting memory.</summary>
    public long MaxResponseBytes { get; set; } = 32 * 1024 * 1024;

    /// <summary>How many resources of each type the context read asks for at most.</summary>
    public ContextLimits Limits { get; set; } = new();

    /// <summary>
    /// How drafts are written and context read: <c>transaction</c> (one conditional transaction, reads in one batch; for
    /// HAPI, Azure, Firely, Medplum) or <c>single-requests</c> (no batch or transaction, no conditional create: each
    /// search and write its own request; for EMRs like Epic) or <c>no-draft-state</c> (nothing written to the EMR: the
    /// draft is published as <c>NoteDraftReady</c> for a review application; for EMRs like Oracle Health).
    /// </summary>
    public string WriteProfile { get; set; } = WriteProfiles.Transaction;

    /// <summary>How the service authenticates to the server (none, a bearer token, SMART Backend Services).</summary>
    public Auth.FhirAuthOptions Auth { get; set; } = new();
}

/// <summary>Per-type bounds of the context read (<c>_count</c> of each search).</summary>
public sealed class ContextLimits
{
    /// <summary>The newest observations of the encounter (vitals, labs) that are read.</summary>
    public int Observations { get; set; } = 200;

    public int Conditions { get; set; } = 100;

    public int MedicationRequests { get; set; } = 100;

    public int Procedures { get; set; } = 100;

    public int DiagnosticReports { get; set; } = 50;

    /// <summary>
    /// Each of the patient's allergies, conditions and medication requests read with a plain search when the server
    /// ignores <c>_revinclude:iterate</c>.
    /// </summary>
    public int PatientRecords { get; set; } = 500;
}

/// <summary>The values of <see cref="FhirServerOptions.WriteProfile"/>.</summary>
public static class WriteProfiles
{
    public const string Transaction = "transaction";
    public const string SingleRequests = "single-requests";
    public const string NoDraftState = "no-draft-state";

    public static IReadOnlyList<string> All { get; } = [Transaction, SingleRequests, NoDraftState];
}
