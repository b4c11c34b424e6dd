using System.Diagnostics;
using System.Text;
using Hl7.Fhir.Model;

namespace FhirNoteService.Fhir.Audit;

/// <summary>
/// AuditEvents in the shapes of IHE Basic Audit Log Patterns 1.1: <c>PatientQuery</c> for a context read and
/// <c>PatientCreate</c> for a draft written. The service is the client agent (DICOM 110153, the requestor) and the
/// source's observer, the EMR's FHIR server the destination agent (110152); the entities are the patient, the query or
/// the created resources, and, when tracing is on, the trace id as the transaction (BALP's X-Request-Id entity):
/// the AuditEvent leads to the note's trace.
/// </summary>
internal static class BalpAuditEvents
{
    public const string PatientQueryProfile = "https://profiles.ihe.net/ITI/BALP/StructureDefinition/IHE.BasicAudit.PatientQuery";
    public const string PatientCreateProfile = "https://profiles.ihe.net/ITI/BALP/StructureDefinition/IHE.BasicAudit.PatientCreate";

    private const string Dicom = "http://dicom.nema.org/resources/ontology/DCM";
    private const string EntityTypes = "http://terminology.hl7.org/CodeSystem/audit-entity-type";
    private const string ObjectRoles = "http://terminology.hl7.org/CodeSystem/object-role";
    private const string ClientSystem = "urn:fhirnoteservice:audit-client";

    public static AuditEvent PatientQuery(AuditParties parties, string patient, IReadOnlyList<string> searches, DateTimeOffset recorded)
    {
        var audit = Base(parties, PatientQueryProfile, "search", AuditEvent.AuditEventAction.E, patient, recorded);
        audit.Entity.Add(new AuditEvent.EntityComponent
        {
            Type = new Coding(EntityTypes, "2", "System Object"),
            Role = new Coding(ObjectRoles, "24", "Query"),
            Query = Encoding.UTF8.GetBytes(string.Join('\n', searches)),
        });
        return audit;
    }

    public static AuditEvent PatientCreate(AuditParties parties, string patient, IReadOnlyList<string> created, DateTimeOffset recorded)
    {
        var audit = Base(parties, PatientCreateProfile, "create", AuditEvent.AuditEventAction.C, patient, recorded);
        audit.Entity.AddRange(created.Select(reference => new AuditEvent.EntityComponent
        {
            What = new ResourceReference(reference),
            Type = new Coding(EntityTypes, "2", "System Object"),
            Role = new Coding(ObjectRoles, "4", "Domain Resource"),
        }));
        return audit;
    }

    private static AuditEvent Base(AuditParties parties, string profile, string interaction, AuditEvent.AuditEventAction action, string patient, DateTimeOffset recorded)
    {
        var client = new ResourceReference { Identifier = new Identifier(ClientSystem, parties.ClientId), Display = "FhirNoteService" };
        var audit = new AuditEvent
        {
            Meta = new Meta { Profile = [profile] },
            Type = new Coding("http://terminology.hl7.org/CodeSystem/audit-event-type", "rest", "Restful Operation"),
            Subtype = [new Coding("http://hl7.org/fhir/restful-interaction", interaction, interaction)],
            Action = action,
            Recorded = recorded,
            Outcome = AuditEvent.AuditEventOutcome.N0,
            Agent =
            [
                new AuditEvent.AgentComponent
                {
                    Type = new CodeableConcept(Dicom, "110153", "Source Role ID"),
                    Who = client,
                    Requestor = true,
                    Network = new AuditEvent.NetworkComponent { Address = parties.ClientHost, Type = AuditEvent.AuditEventAgentNetworkType.N1 },
                },
                new AuditEvent.AgentComponent
                {
                    Type = new CodeableConcept(Dicom, "110152", "Destination Role ID"),
                    Who = new ResourceReference { Identifier = new Identifier("urn:ietf:rfc:3986", parties.Server.AbsoluteUri), Display = "FHIR server" },
                    Requestor = false,
                    Network = new AuditEvent.NetworkComponent { Address = parties.Server.AbsoluteUri, Type = AuditEvent.AuditEventAgentNetworkType.N5 },
                },
            ],
            Source = new AuditEvent.SourceComponent
            {
                Observer = client,
                Type = [new Coding("http://terminology.hl7.org/CodeSystem/security-source-type", "4", "Application Server")],
            },
            Entity =
            [
                new AuditEvent.EntityComponent
                {
                    What = new ResourceReference(patient),
                    Type = new Coding(EntityTypes, "1", "Person"),
                    Role = new Coding(ObjectRoles, "1", "Patient"),
                },
            ],
        };
        if (Activity.Current is { } activity)
        {
            audit.Entity.Add(new AuditEvent.EntityComponent
            {
                What = new ResourceReference { Identifier = new Identifier { Value = activity.TraceId.ToHexString() } },
                Type = new Coding("https://profiles.ihe.net/ITI/BALP/CodeSystem/BasicAuditEntityType", "XrequestId", "X-Request-Id"),
            });
        }
        return audit;
    }
}

/// <summary>Who talks to whom: the service (its client id and host) and the EMR's FHIR server.</summary>
internal sealed record AuditParties(string ClientId, string ClientHost, Uri Server);
