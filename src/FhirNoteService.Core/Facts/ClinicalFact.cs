namespace FhirNoteService.Core.Facts;

/// <summary>
/// One numbered clinical statement and the FHIR resource it came from. Facts never carry names, identifiers,
/// addresses, contact details, exact birth dates or free text: they are safe to send to a model.
/// </summary>
/// <param name="Number">1-based, unique within its <see cref="FactSheet"/>; notes cite facts by it.</param>
/// <param name="Kind">What the fact is about.</param>
/// <param name="Statement">The fact as one plain English sentence fragment, e.g. "Diagnosis: Acute bronchitis".</param>
/// <param name="Source">The relative reference of the resource it came from, e.g. <c>Condition/123</c>.</param>
/// <param name="Label">The coded concept's display, e.g. "Acute bronchitis".</param>
/// <param name="Value">The value with its unit where there is one, e.g. "120 mmHg".</param>
/// <param name="When">The clinically relevant date, where there is one.</param>
/// <param name="Detail">A coded qualifier, e.g. "status active" or "criticality high".</param>
public sealed record ClinicalFact(
    int Number,
    FactKind Kind,
    string Statement,
    string Source,
    string Label,
    string? Value = null,
    DateTimeOffset? When = null,
    string? Detail = null);
