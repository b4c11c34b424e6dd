namespace FhirNoteService.Fhir.Audit;

/// <summary>The <c>Audit</c> settings: where the IHE BALP AuditEvents of context reads and draft writes go (off by default).</summary>
public sealed class AuditOptions
{
    public const string SectionName = "Audit";

    /// <summary>The audit repository's FHIR R4 base URL; empty: no AuditEvents are written.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>How the service names itself as the client agent (<c>AuditEvent.agent.who.identifier.value</c>).</summary>
    public string ClientId { get; set; } = "fhir-note-service";

    /// <summary>AuditEvents held while the repository is slow or down; past it new ones are dropped (and counted).</summary>
    public int Capacity { get; set; } = 10_000;

    /// <summary>AuditEvents sent in one batch Bundle.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>How long to wait before sending a batch again after the repository failed it.</summary>
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long one batch may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}
