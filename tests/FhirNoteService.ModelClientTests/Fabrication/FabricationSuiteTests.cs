using System.Text;
using System.Text.Json;
using FhirNoteService.Ai.Languages;
using FhirNoteService.Core.Generation;
using FhirNoteService.Core.Notes;
using FhirNoteService.TestSupport;
using Xunit.Abstractions;

namespace FhirNoteService.ModelClientTests.Fabrication;

/// <summary>
/// The grounding check as an independent reviewer tries it: a stand-in OpenAI-compatible model writes notes about the
/// fixture patient and the Synthea patients, in English and Chinese, faithful statements in several wordings with one
/// fabrication planted in about 30 % of them; every note goes through the real model path (prompt, HTTP, answer
/// parsing, fact references filled in) and the grounding check. Prints a table per kind and fails when a target slips.
/// </summary>
public sealed class FabricationSuiteTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Seed = 20261202;

    // Catch targets per kind, each language; false flags at most 1 % of faithful statements.
    private static readonly Dictionary<Planted, double> Targets = new()
    {
        [Planted.WrongDose] = 0.99,
        [Planted.WrongLabValue] = 0.99,
        [Planted.WrongVital] = 0.99,
        [Planted.WrongDate] = 0.99,
        [Planted.WrongAge] = 0.99,
        [Planted.WrongSex] = 0.99,
        [Planted.WrongUnit] = 0.99,
        [Planted.SwappedValues] = 0.99,
        [Planted.WrongCitation] = 0.99,
        [Planted.InventedDrug] = 0.97,
        [Planted.InventedDiagnosis] = 0.97,
        [Planted.InventedProcedure] = 0.97,
        [Planted.Negation] = 0.95,
        [Planted.QualifierSwap] = 0.95,
    };

    private FakeModelServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeModelServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("en-US")]
    [InlineData("zh-CN")]
    public async Task GroundingCheck_PlantedFabrications_AreCaughtAndFaithfulStatementsPass(string language)
    {
        var random = new Random(Seed + language.Length);
        var writer = new StandInWriter(random, chinese: language == "zh-CN");
        var contexts = new[] { ContextFixtures.Context() }.Concat(SyntheaContexts.Load(perPatient: 14)).ToList();
        var caught = Enum.GetValues<Planted>().ToDictionary(p => p, _ => (Planted: 0, Caught: 0));
        var thrownAway = 0;
        var contractItems = 0;
        var contractMissing = 0;
        var pack = LanguagePacks.BuiltIn.For(language);
        var thin = 0;
        var flaggedFaithful = new List<string>();
        var missed = new List<string>();
        using var harness = new ModelGeneratorHarness(_server, "openai");
        foreach (var context in contexts)
        {
            var request = DraftFixtures.Request(context, ClinicalNoteType.DischargeSummary, language);
            // A draft with many statements flagged is asked for again: the note kept is whichever answer was better.
            var answers = new List<List<WrittenStatement>>();
            _server.Default = new Reply(_ =>
            {
                var answer = writer.Write(request.Facts);
                answers.Add(answer);
                return JsonSerializer.Serialize(new { sections = new[] { new { heading = "Summary", statements = answer.Select(s => new { text = s.Text, facts = s.Facts }) } } });
            });
            var note = await harness.Generator.GenerateAsync(request, CancellationToken.None);
            var kept = note.Sections.Where(s => s.Heading != pack.Labels.OmissionsHeading).SelectMany(s => s.Statements).Select(s => s.Template ?? s.Text).ToList();
            var written = answers.LastOrDefault(a => a.Select(w => w.Text).SequenceEqual(kept)) ?? answers.LastOrDefault() ?? [];
            if (answers.Count == 0)
            {
                // Too few facts for a model (Generation:MinimumFacts): the offline generator wrote it, by design.
                thin++;
                continue;
            }
            if (note.Generator.Id.Contains("offline", StringComparison.Ordinal))
            {
                thrownAway += written.All(w => w.Planted == Planted.None) ? 1 : 0;
                continue;
            }
            var required = NoteContract.Required(pack.For(request), request.Facts);
            var mentioned = note.CitedFacts.ToHashSet();
            contractItems += required.Count;
            contractMissing += required.Count(f => !mentioned.Contains(f.Number));
            var statements = GroundingCheck.Check(note, request.Facts).Note.Sections
                .Where(s => s.Heading != pack.Labels.OmissionsHeading)
                .SelectMany(s => s.Statements)
                .ToList();
            Assert.Equal(written.Count, statements.Count);
            foreach (var (plan, checkedStatement) in written.Zip(statements))
            {
                var (count, hit) = caught[plan.Planted];
                caught[plan.Planted] = (count + 1, hit + (checkedStatement.Unsupported ? 1 : 0));
                if (plan.Planted != Planted.None && !checkedStatement.Unsupported)
                {
                    missed.Add($"{plan.Planted}: {plan.Text} -> {checkedStatement.Text} | cites: {string.Join(" | ", plan.Facts.Select(n => request.Facts.Find(n)?.Statement))}");
                }
                if (plan.Planted == Planted.None && checkedStatement.Unsupported)
                {
                    flaggedFaithful.Add($"{string.Join(", ", checkedStatement.Problems ?? [])}: {plan.Text} -> {checkedStatement.Text} | cites: {string.Join(" | ", plan.Facts.Select(n => request.Facts.Find(n)?.Statement))}");
                }
            }
        }

        var table = new StringBuilder($"Fabrication suite, {language}, {contexts.Count} notes, seed {Seed}\n{"kind",-20} {"planted",8} {"caught",8} {"rate",8} {"target",8}\n");
        foreach (var (kind, (count, hit)) in caught.Where(c => c.Key != Planted.None))
        {
            table.AppendLine($"{kind,-20} {count,8} {hit,8} {Rate(hit, count),8:P1} {Targets[kind],8:P0}");
        }
        var faithful = caught[Planted.None];
        table.AppendLine($"{"false flags",-20} {faithful.Planted,8} {faithful.Caught,8} {Rate(faithful.Caught, faithful.Planted),8:P2} {0.01,8:P0}");
        table.AppendLine($"faithful drafts thrown away: {thrownAway}; records too thin for a model: {thin}");
        table.AppendLine($"contract items (what a note must mention): {contractItems}, missing from the drafts as written to the EMR: {contractMissing}");
        output.WriteLine(table.ToString());
        // .ci/run prints it after the tests, as it does the fault suite's figures.
        var artifacts = Path.Combine(RepositoryPaths.Root, ".artifacts");
        Directory.CreateDirectory(artifacts);
        await File.WriteAllTextAsync(Path.Combine(artifacts, $"fabrication-suite-{language}.txt"), table.ToString());
        foreach (var flag in flaggedFaithful.Take(40))
        {
            output.WriteLine($"false flag: {flag}");
        }
        foreach (var miss in missed.Take(40))
        {
            output.WriteLine($"missed: {miss}");
        }

        Assert.Equal(0, thrownAway);
        Assert.True(contractItems > 0 && contractMissing == 0, $"{contractMissing} of {contractItems} contract items missing");
        Assert.All(Targets, target => Assert.True(
            caught[target.Key].Planted >= 10 && Rate(caught[target.Key].Caught, caught[target.Key].Planted) >= target.Value,
            $"{target.Key}: {caught[target.Key].Caught} of {caught[target.Key].Planted} caught, target {target.Value:P0}\n{table}"));
        Assert.True(Rate(faithful.Caught, faithful.Planted) <= 0.01, $"false flags {faithful.Caught} of {faithful.Planted}\n{table}");
    }

    private static double Rate(int hit, int count) => count == 0 ? 0 : (double)hit / count;
}
