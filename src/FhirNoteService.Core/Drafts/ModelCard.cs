using System.Globalization;
using System.Text;
using FhirNoteService.Core.Generation;
using Hl7.Fhir.Model;

namespace FhirNoteService.Core.Drafts;

/// <summary>
/// The model card of a generator (AI Transparency IG, AI-ModelCard), contained in its Device and named by the
/// Device's <c>aitransparency.modelCardDescription</c>: what it is, what it is for, how its drafts are kept to the
/// record, and its limits, in Markdown.
/// </summary>
internal static class ModelCard
{
    public static DocumentReference Of(GeneratorIdentity generator)
    {
        var markdown = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"# {generator.Name}")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"- Identifier: {generator.Id}; version {generator.Version}; kind {generator.AiKind}; from {generator.Manufacturer}.")
            .AppendLine("- Intended use: drafting clinical notes (discharge summaries, emergency department notes, progress notes) from an encounter's FHIR record, for a clinician to review, edit and sign in the EMR. Every draft is preliminary and labelled AI-asserted.")
            .AppendLine("- Inputs: numbered facts extracted from the record (age, sex and coded clinical content); never names, identifiers, addresses, contact details, birth dates or free text.")
            .AppendLine("- Grounding: clinical names, doses, values and dates are filled in from the record; what the generator writes in its own words is checked against the facts each statement cites, and what cannot be verified is flagged, with why, under Review first. What a note must mention and the draft left out is added from the record.")
            .AppendLine("- Limits: a paraphrase no check anticipates can pass; the review list says what to check first, not that the rest is right.")
            .ToString();
        return new DocumentReference
        {
            Id = "model-card",
            Meta = new Meta { Profile = [FhirCodes.AiModelCardProfile] },
            Status = DocumentReferenceStatus.Current,
            Type = new CodeableConcept(FhirCodes.AiInputsSystem, "AIModelCard"),
            Category = [new CodeableConcept(FhirCodes.AiInputsSystem, "AIModelCardMarkdownFormat", "Markdown Format")],
            Content = [new DocumentReference.ContentComponent { Attachment = new Attachment { ContentType = "text/markdown", Data = Encoding.UTF8.GetBytes(markdown) } }],
        };
    }
}
