using System.Text;
using FhirNoteService.Core.Context;
using FhirNoteService.Core.Facts;
using FhirNoteService.Core.Generation;
using FhirNoteService.Core.Notes;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Options;

namespace FhirNoteService.Core.Drafts;

/// <summary>Builds the DocumentReference draft, its Provenance and the author Device for one generated note.</summary>
public sealed class DraftBuilder(IOptions<DraftOptions> options, TimeProvider clock)
{
    private readonly DraftOptions _options = options.Value;

    public NoteDraft Build(ClinicalContext context, ClinicalNoteType noteType, GroundingResult grounded, FactSheet facts, DraftDecision decision)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(noteType);
        ArgumentNullException.ThrowIfNull(grounded);
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(decision);
        if (!decision.Writes)
        {
            throw new ArgumentException($"A {decision.Action} decision writes no draft", nameof(decision));
        }
        var generator = grounded.Note.Generator;
        var now = clock.GetUtcNow();
        var device = new DraftEntry<Device>(NewUrn(), BuildDevice(generator));
        var organisation = _options.Custodian is { Length: > 0 } custodian
            ? new ResourceReference(custodian)
            : context.Encounter.ServiceProvider is { Reference: { Length: > 0 } provider } ? new ResourceReference(provider) : null;
        var text = NoteRenderer.Render(grounded.Note, facts);
        var document = new DraftEntry<DocumentReference>(
            NewUrn(),
            BuildDocument(context, noteType, grounded, facts, generator, decision, device.FullUrl, organisation, text, now));
        var sources = facts.SourcesOf(grounded.Note.CitedFacts);
        var provenance = new DraftEntry<Provenance>(NewUrn(), BuildProvenance(document.FullUrl, device.FullUrl, organisation, sources, decision.Action == DraftAction.Supersede ? decision.Current : null, now));
        return new NoteDraft(decision, device, document, provenance, Superseded(decision), grounded, facts);
    }

    // The earlier drafts change in their status only; the writer sends them with If-Match on the version they were read at.
    private static List<DocumentReference> Superseded(DraftDecision decision)
    {
        var replaced = decision.Action == DraftAction.Supersede && decision.Current is { } current ? [current] : Array.Empty<DocumentReference>();
        return replaced.Concat(decision.Strays).Select(DraftState.AsSuperseded).ToList();
    }

    private Device BuildDevice(GeneratorIdentity generator) => new()
    {
        Meta = new Meta { Profile = [FhirCodes.AiDeviceProfile] },
        Identifier = [new Identifier(_options.DeviceIdentifierSystem, generator.Id)],
        Status = Device.FHIRDeviceStatus.Active,
        Manufacturer = generator.Manufacturer,
        DeviceName = [new Device.DeviceNameComponent { Name = generator.Name, Type = DeviceNameType.ModelName }],
        Version = [new Device.VersionComponent { Value = generator.Version }],
        // The AI-Device profile fixes type to exactly this coding, without a display.
        Type = new CodeableConcept(FhirCodes.AiDeviceTypeSystem, FhirCodes.ArtificialIntelligence),
        Extension =
        [
            new Extension(FhirCodes.AiKindExtension, new CodeableConcept(FhirCodes.AiDeviceTypeSystem, generator.AiKind)),
            new Extension(FhirCodes.ModelCardDescriptionExtension, new ResourceReference("#model-card")),
        ],
        Contained = [ModelCard.Of(generator)],
    };

    private static DocumentReference BuildDocument(
        ClinicalContext context,
        ClinicalNoteType noteType,
        GroundingResult grounded,
        FactSheet facts,
        GeneratorIdentity generator,
        DraftDecision decision,
        string deviceUrl,
        ResourceReference? custodian,
        string text,
        DateTimeOffset now) => new()
        {
            Meta = new Meta
            {
                Profile = [FhirCodes.UsCoreDocumentReference],
                Security = [new Coding(FhirCodes.ObservationValueSystem, FhirCodes.AiAsserted, "Artificial Intelligence asserted")],
            },
            Extension =
            [
                new Extension(FhirCodes.UnsupportedStatementsExtension, new Integer(grounded.UnsupportedCount)),
                new Extension(FhirCodes.AiConfidenceExtension, new FhirDecimal(Confidence(grounded))),
                .. ReviewList.Of(grounded.Note, facts).Select(ReviewExtension),
            ],
            MasterIdentifier = (Identifier)decision.Version.DeepCopy(),
            Identifier = [(Identifier)decision.Series.DeepCopy()],
            Status = DocumentReferenceStatus.Current,
            DocStatus = CompositionStatus.Preliminary,
            Type = new CodeableConcept(ClinicalNoteType.LoincSystem, noteType.LoincCode, noteType.Display, noteType.Display),
            Category = [new CodeableConcept(FhirCodes.DocumentCategorySystem, FhirCodes.ClinicalNote, "Clinical Note")],
            Subject = new ResourceReference($"Patient/{context.Patient.Id}"),
            Date = now,
            Author = [new ResourceReference(deviceUrl)],
            Custodian = custodian,
            Description = Description(noteType, generator, grounded, decision),
            RelatesTo = Relations(decision),
            Content =
        [
            new DocumentReference.ContentComponent
            {
                Attachment = new Attachment
                {
                    ContentType = "text/plain; charset=utf-8",
                    Language = grounded.Note.Language,
                    Data = Encoding.UTF8.GetBytes(text),
                    Hash = DraftState.HashOf(Encoding.UTF8.GetBytes(text)),
                    Title = decision.IsAddendum ? $"Addendum: {grounded.Note.Title}" : grounded.Note.Title,
                    CreationElement = new FhirDateTime(now),
                },
                Format = new Coding(FhirCodes.FormatCodeSystem, FhirCodes.MimeTypeSufficient, "mimeType Sufficient"),
            },
        ],
            Context = new DocumentReference.ContextComponent
            {
                Encounter = [new ResourceReference($"Encounter/{context.Encounter.Id}")],
                Period = context.Encounter.Period is { } period ? (Period)period.DeepCopy() : null,
            },
        };

    private static List<DocumentReference.RelatesToComponent> Relations(DraftDecision decision)
    {
        var relations = new List<DocumentReference.RelatesToComponent>(2);
        if (decision.Action == DraftAction.Supersede && decision.Current is { } replaced)
        {
            relations.Add(new DocumentReference.RelatesToComponent { Code = DocumentRelationshipType.Replaces, Target = new ResourceReference($"DocumentReference/{replaced.Id}") });
        }
        if (decision.IsAddendum)
        {
            relations.Add(new DocumentReference.RelatesToComponent { Code = DocumentRelationshipType.Appends, Target = new ResourceReference($"DocumentReference/{decision.ClinicianNote!.Id}") });
        }
        return relations;
    }

    private static string Description(ClinicalNoteType noteType, GeneratorIdentity generator, GroundingResult grounded, DraftDecision decision)
    {
        var what = decision.IsAddendum
            ? $"AI-generated draft addendum to the clinician's {noteType.Display.ToLowerInvariant()}, from the record as it now stands,"
            : $"AI-generated draft {noteType.Display.ToLowerInvariant()}";
        var description = $"{what} by {generator.Name} {generator.Version}; preliminary, awaiting clinician review and signature.";
        return grounded.UnsupportedCount == 0
            ? description
            : $"{description} {grounded.UnsupportedCount} statement(s) could not be traced to the record and are marked UNVERIFIED.";
    }

    private static Provenance BuildProvenance(
        string documentUrl,
        string deviceUrl,
        ResourceReference? organisation,
        IEnumerable<string> sources,
        DocumentReference? revised,
        DateTimeOffset now) => new()
        {
            Meta = new Meta { Profile = [FhirCodes.UsCoreProvenance, FhirCodes.AiProvenanceProfile] },
            Target = [new ResourceReference(documentUrl)],
            Reason = [new CodeableConcept(FhirCodes.ObservationValueSystem, FhirCodes.AiAsserted, "artificial intelligence asserted")],
            Recorded = now,
            Activity = new CodeableConcept(FhirCodes.DataOperationSystem, "CREATE", "create"),
            Agent =
        [
            new Provenance.AgentComponent
            {
                Type = new CodeableConcept(FhirCodes.ProvenanceParticipantTypeSystem, FhirCodes.Author, "Author"),
                Role = [new CodeableConcept(FhirCodes.AiDeviceTypeSystem, FhirCodes.ArtificialIntelligence)],
                Who = new ResourceReference(deviceUrl),
                OnBehalfOf = organisation is null ? null : (ResourceReference)organisation.DeepCopy(),
            },
        ],
            Entity = sources
            .Select(source => new Provenance.EntityComponent { Role = Provenance.ProvenanceEntityRole.Source, What = new ResourceReference(source) })
            .Concat(revised is null ? [] : [new Provenance.EntityComponent { Role = Provenance.ProvenanceEntityRole.Revision, What = new ResourceReference($"DocumentReference/{revised.Id}") }])
            .ToList(),
        };

    // The share of statements verified, 0 to 1: the IG's AI-Confidence, here a grounding score.
    private static decimal Confidence(GroundingResult grounded) => grounded.SupportedShare;

    private static Extension ReviewExtension(ReviewItem item)
    {
        var review = new Extension { Url = FhirCodes.ReviewItemExtension };
        review.AddExtension("kind", new Code(item.Kind switch
        {
            ReviewKind.UnverifiedStatement => "unverified-statement",
            ReviewKind.MedicationStarted => "medication-started",
            _ => "new-diagnosis",
        }));
        review.AddExtension("text", new FhirString(item.Text));
        foreach (var reason in item.Reasons)
        {
            review.AddExtension("reason", new Coding(FhirCodes.StatementProblemSystem, reason.ToString()));
        }
        foreach (var source in item.Sources)
        {
            review.AddExtension("source", new ResourceReference(source));
        }
        return review;
    }

    private static string NewUrn() => $"urn:uuid:{Guid.NewGuid()}";
}
