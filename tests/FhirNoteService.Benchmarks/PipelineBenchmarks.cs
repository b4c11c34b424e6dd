using BenchmarkDotNet.Attributes;
using FhirNoteService.Ai.Languages;
using FhirNoteService.Ai.Models;
using FhirNoteService.Ai.Offline;
using FhirNoteService.Core.Context;
using FhirNoteService.Core.Drafts;
using FhirNoteService.Core.Facts;
using FhirNoteService.Core.Generation;
using FhirNoteService.Core.Notes;
using FhirNoteService.Fhir;
using FhirNoteService.Fhir.Writing;
using FhirNoteService.TestSupport;
using Hl7.Fhir.Serialization;
using Microsoft.Extensions.Options;

namespace FhirNoteService.Benchmarks;

/// <summary>The worker's own work per note, on a stay with 5,000 observations (the context read is bounded to 200 by default; 5,000 is the worst case).</summary>
[MemoryDiagnoser]
[ShortRunJob]
public class PipelineBenchmarks
{
    private ClinicalContext _context = null!;
    private FactSheet _facts = null!;
    private NoteRequest _request = null!;
    private GeneratedNote _note = null!;
    private GroundingResult _grounded = null!;
    private GeneratedNote _freeText = null!;
    private NoteDraft _draft = null!;
    private DraftDecision _decision = null!;
    private readonly OfflineNoteGenerator _generator = new();
    private readonly DraftBuilder _builder = new(Options.Create(new DraftOptions()), TimeProvider.System);

    [Params(200, 5000)]
    public int Observations { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _context = LargeContext.Build(Observations);
        _facts = FactExtractor.Extract(_context);
        _request = new NoteRequest(ClinicalNoteType.DischargeSummary, _facts, "en-US", PatientIdentity.From(_context.Patient));
        _note = _generator.GenerateAsync(_request, CancellationToken.None).GetAwaiter().GetResult();
        _grounded = GroundingCheck.Check(_note, _facts);
        Console.WriteLine($"// note statements: {_note.StatementCount}, facts: {_facts.Facts.Count}");
        // The same statements as a model would write them in its own words: every word is checked.
        _freeText = _note with { Sections = _note.Sections.Select(s => s with { Statements = s.Statements.Select(t => t with { Template = null }).ToList() }).ToList() };
        _decision = DraftFixtures.Decide(_context, ClinicalNoteType.DischargeSummary, _facts);
        _draft = _builder.Build(_context, ClinicalNoteType.DischargeSummary, _grounded, _facts, _decision);
    }

    [Benchmark]
    public FactSheet ExtractFacts() => FactExtractor.Extract(_context);

    [Benchmark]
    public GeneratedNote GenerateOffline() => _generator.GenerateAsync(_request, CancellationToken.None).GetAwaiter().GetResult();

    [Benchmark]
    public int BuildPrompt() => PromptBuilder.Build(_request, LanguagePacks.BuiltIn.For(_request.Language)).Sum(m => m.Text.Length);

    [Benchmark]
    public GroundingResult CheckGrounding() => GroundingCheck.Check(_note, _facts);

    /// <summary>Per note; <see cref="FreeTextStatements"/> says how many statements that is.</summary>
    [Benchmark]
    public GroundingResult CheckGroundingOfFreeText() => GroundingCheck.Check(_freeText, _facts);

    public int FreeTextStatements => _freeText.StatementCount;

    [Benchmark]
    public NoteDraft BuildDraft() => _builder.Build(_context, ClinicalNoteType.DischargeSummary, _grounded, _facts, _decision);

    [Benchmark]
    public string FingerprintContext() => ContextFingerprint.Of(_facts, ClinicalNoteType.DischargeSummary, "en-US");

    [Benchmark]
    public string SerialiseTransaction() => DraftTransaction.Build(_draft).ToJson();
}
