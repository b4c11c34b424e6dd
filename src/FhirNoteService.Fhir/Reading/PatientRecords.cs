using FhirNoteService.Core.Context;
using Hl7.Fhir.Model;

namespace FhirNoteService.Fhir.Reading;

/// <summary>The patient and the patient's records read so far, per resource type, and the parts that could not be read.</summary>
internal sealed class PatientRecords(string patientReference, Patient? patient, IEnumerable<Resource> read)
{
    private readonly Dictionary<string, List<Resource>> _byType = read
        .GroupBy(r => r.TypeName, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);

    private readonly List<RecordPart> _unread = [];

    public string PatientId { get; } = patientReference["Patient/".Length..];

    public Patient? Patient { get; set; } = patient;

    public IReadOnlyList<RecordPart> Unread => _unread;

    public void Replace(string resourceType, IEnumerable<Resource> resources) => _byType[resourceType] = resources.ToList();

    public void NotRead(RecordPart part, string resourceType)
    {
        _byType.Remove(resourceType);
        _unread.Add(part);
    }

    /// <summary>This patient's resources of a type; another patient's, which a lax server may return, are dropped.</summary>
    public List<T> OfType<T>(Func<T, ResourceReference?> patientOf)
        where T : Resource =>
        _byType.TryGetValue(typeof(T).Name, out var resources)
            ? resources.OfType<T>().Where(r => FhirReferences.Refers(patientOf(r), patientReference)).ToList()
            : [];
}
