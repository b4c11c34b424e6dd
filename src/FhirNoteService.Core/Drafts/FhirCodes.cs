namespace FhirNoteService.Core.Drafts;

/// <summary>The code systems, codes and profiles a draft must carry (see the FHIR facts in the README).</summary>
public static class FhirCodes
{
    public const string ObservationValueSystem = "http://terminology.hl7.org/CodeSystem/v3-ObservationValue";
    public const string AiAsserted = "AIAST";
    public const string DocumentCategorySystem = "http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category";
    public const string ClinicalNote = "clinical-note";
    public const string ProvenanceParticipantTypeSystem = "http://terminology.hl7.org/CodeSystem/provenance-participant-type";
    public const string Author = "author";
    public const string AiDeviceTypeSystem = "http://hl7.org/fhir/uv/aitransparency/CodeSystem/AIdeviceTypeCS";
    public const string ArtificialIntelligence = "Artificial-Intelligence";
    public const string AiKindExtension = "http://hl7.org/fhir/uv/aitransparency/StructureDefinition/aitransparency.AIKind";
    public const string FormatCodeSystem = "http://ihe.net/fhir/ihe.formatcode.fhir/CodeSystem/formatcode";
    public const string MimeTypeSufficient = "urn:ihe:iti:xds:2017:mimeTypeSufficient";
    public const string DataOperationSystem = "http://terminology.hl7.org/CodeSystem/v3-DataOperation";
    public const string UsCoreDocumentReference = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-documentreference";
    public const string UsCoreProvenance = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-provenance";
    /// <summary>valueInteger: how many statements of the draft the grounding check could not trace (0 when all could).</summary>
    public const string UnsupportedStatementsExtension = "https://fhirnoteservice.github.io/fhir/StructureDefinition/unsupported-statement-count";
    public const string AiDeviceProfile = "http://hl7.org/fhir/uv/aitransparency/StructureDefinition/AI-Device";
    public const string AiModelCardProfile = "http://hl7.org/fhir/uv/aitransparency/StructureDefinition/AI-ModelCard";
    public const string ModelCardDescriptionExtension = "http://hl7.org/fhir/uv/aitransparency/StructureDefinition/aitransparency.modelCardDescription";
    public const string AiInputsSystem = "http://hl7.org/fhir/uv/aitransparency/CodeSystem/AIinputsCS";
    public const string AiProvenanceProfile = "http://hl7.org/fhir/uv/aitransparency/StructureDefinition/AI-Provenance";

    /// <summary>valueDecimal: the share of the draft's statements the grounding check verified (AI Transparency IG).</summary>
    public const string AiConfidenceExtension = "http://hl7.org/fhir/uv/aitransparency/StructureDefinition/AIconfidence";

    /// <summary>Complex: one thing the clinician should check first (kind, text, reason*, source*); see fhir/StructureDefinition-review-item.json.</summary>
    public const string ReviewItemExtension = "https://fhirnoteservice.github.io/fhir/StructureDefinition/review-item";

    /// <summary>The codes of the review-item extension's reasons: the grounding check's reasons.</summary>
    public const string StatementProblemSystem = "https://fhirnoteservice.github.io/fhir/CodeSystem/statement-problem";
}
