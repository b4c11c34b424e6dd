using System.Net.Http.Headers;
using System.Text;
using FhirNoteService.TestSupport;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace FhirNoteService.IntegrationTests.Infrastructure;

/// <summary>What clinicians and the EMR do to the record between deliveries: sign or edit a note, record a diagnosis.</summary>
internal static class EmrEdits
{
    private static readonly FhirJsonDeserializer Parser = new();

    // What a clinician's signature does in the EMR: the note becomes final and gets an authenticator.
    public static void Sign(DocumentReference document)
    {
        document.DocStatus = CompositionStatus.Final;
        document.Authenticator = new ResourceReference("Practitioner/signing-clinician");
    }

    public static async Task<(string Json, ResourceReference Subject)> ReadAsync(SandboxFhirServer fhir, string reference)
    {
        var json = await fhir.Http.GetStringAsync(reference);
        return (json, Parser.Deserialize<DocumentReference>(json).Subject!);
    }

    public static async Task<(string Json, ResourceReference Subject)> ChangeAsync(SandboxFhirServer fhir, string reference, Action<DocumentReference> change)
    {
        var document = Parser.Deserialize<DocumentReference>(await fhir.Http.GetStringAsync(reference));
        change(document);
        using var content = new StringContent(document.ToJson(), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/fhir+json");
        using var response = await fhir.Http.PutAsync(reference, content);
        response.EnsureSuccessStatusCode();
        return await ReadAsync(fhir, reference);
    }

    /// <summary>Records a new diagnosis against the encounter: a changed record.</summary>
    public static async Task AddConditionAsync(SandboxFhirServer fhir, string encounter, string patient)
    {
        using var client = FhirQueries.Client(fhir);
        await client.CreateAsync(new Condition
        {
            ClinicalStatus = new CodeableConcept("http://terminology.hl7.org/CodeSystem/condition-clinical", "active"),
            Code = new CodeableConcept("http://snomed.info/sct", "195662009", "Acute viral pharyngitis"),
            Subject = new ResourceReference(patient),
            Encounter = new ResourceReference(encounter),
        });
    }
}
