using System.Globalization;
using System.Net;
using Hl7.Fhir.Model;

namespace FhirNoteService.Fhir.Writing;

/// <summary>
/// What a server answered to a transaction, entry by entry, without trusting it to be whole: servers answer 200 with an
/// empty body under <c>Prefer: return=minimal</c>, and servers without transactions report a failed entry inside a
/// 200 while the others were committed.
/// </summary>
internal sealed class TransactionAnswer
{
    private readonly Bundle.EntryComponent?[] _entries;
    private readonly int _received;

    private TransactionAnswer(Bundle.EntryComponent?[] entries, int received)
    {
        _entries = entries;
        _received = received;
        Failures = entries.Select((e, i) => (Index: i, Status: (int?)BatchAnswer.StatusOf(e))).Where(e => e.Status >= 300).Select(e => (e.Index, e.Status!.Value)).ToList();
    }

    public static TransactionAnswer Read(Bundle? response, int entryCount)
    {
        var entries = new Bundle.EntryComponent?[entryCount];
        if (response?.Entry.Count == entryCount)
        {
            for (var i = 0; i < entryCount; i++)
            {
                entries[i] = response.Entry[i];
            }
        }
        return new TransactionAnswer(entries, response?.Entry.Count ?? 0);
    }

    /// <summary>Every entry is there with a status and, where it wrote, a location.</summary>
    public bool IsWhole => _entries.All(e => BatchAnswer.StatusOf(e) is not null && (!Succeeded(e) || IdOf(e) is not null));

    /// <summary>The entries that answered with a failure status, as (index, status).</summary>
    public IReadOnlyList<(int Index, int Status)> Failures { get; }

    public HttpStatusCode? Status(int index) => BatchAnswer.StatusOf(_entries[index]);

    /// <summary>The id the entry wrote or matched, from its location (or the resource, when the server sent it).</summary>
    public string? Id(int index) => IdOf(_entries[index]);

    public Resource? Resource(int index) => _entries[index]?.Resource;

    /// <summary>What the answer said, for messages: its statuses, or that it said nothing.</summary>
    public string Describe() =>
        _received != _entries.Length
            ? string.Create(CultureInfo.InvariantCulture, $"an answer with {_received} of {_entries.Length} entries")
            : $"entry statuses {string.Join(", ", _entries.Select(e => BatchAnswer.StatusOf(e) is { } s ? ((int)s).ToString(CultureInfo.InvariantCulture) : "none"))}";

    private static bool Succeeded(Bundle.EntryComponent? entry) => BatchAnswer.StatusOf(entry) is { } status && (int)status < 300;

    private static string? IdOf(Bundle.EntryComponent? entry)
    {
        return FhirReferences.IdFromLocation(entry?.Response?.Location) ?? entry?.Resource?.Id;
    }
}
