using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace FhirNoteService.Contracts;

/// <summary>
/// Reads an <see cref="EncounterEvent"/> field by field, so that a mistyped field is reported by name
/// ("occurredAt must be an ISO 8601 date-time string, not a Number") instead of by the JSON reader's state, and never
/// by quoting the value. A field given twice is refused (which one would count is up to each reader); occurredAt is
/// a full ISO 8601 date-time with a time zone, between 1900 and a day from now. Missing fields are left empty for the
/// worker's validation to name. Property names match in any case; unknown properties are ignored.
/// </summary>
public sealed partial class EncounterEventJsonConverter : JsonConverter<EncounterEvent>
{
    private static readonly DateTimeOffset Earliest = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override EncounterEvent Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return FromJson(document.RootElement);
    }

    /// <summary>
    /// Reads an event from parsed JSON. A <see cref="JsonException"/> it throws names the field and what is wrong with
    /// it in the contract's words, never the value, so its message can serve as a reason as it is.
    /// </summary>
    public static EncounterEvent FromJson(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"an encounter event must be a JSON object, not {Describe(root.ValueKind)}");
        }
        string? reference = null, kind = null, versionId = null, sourceSystem = null;
        DateTimeOffset occurredAt = default;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            var field = property.Name.ToUpperInvariant();
            if (Fields.TryGetValue(field, out var name) && !seen.Add(field))
            {
                throw new JsonException($"{name} appears more than once; send each field once");
            }
            switch (field)
            {
                case "ENCOUNTERREFERENCE":
                    reference = Text(property);
                    break;
                case "KIND":
                    kind = Text(property);
                    break;
                case "OCCURREDAT":
                    occurredAt = Timestamp(property);
                    break;
                case "VERSIONID":
                    versionId = Text(property);
                    break;
                case "SOURCESYSTEM":
                    sourceSystem = Text(property);
                    break;
                default:
                    break;
            }
        }
        return new EncounterEvent(reference!, kind!, occurredAt, versionId, sourceSystem);
    }

    public override void Write(Utf8JsonWriter writer, EncounterEvent value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        string Name(string name) => options?.PropertyNamingPolicy?.ConvertName(name) ?? name;
        writer.WriteStartObject();
        writer.WriteString(Name(nameof(EncounterEvent.EncounterReference)), value.EncounterReference);
        writer.WriteString(Name(nameof(EncounterEvent.Kind)), value.Kind);
        // An event read without occurredAt keeps it missing, for the worker's validation to name, rather than year 1.
        if (value.OccurredAt != default)
        {
            writer.WriteString(Name(nameof(EncounterEvent.OccurredAt)), value.OccurredAt);
        }
        if (value.VersionId is not null)
        {
            writer.WriteString(Name(nameof(EncounterEvent.VersionId)), value.VersionId);
        }
        if (value.SourceSystem is not null)
        {
            writer.WriteString(Name(nameof(EncounterEvent.SourceSystem)), value.SourceSystem);
        }
        writer.WriteEndObject();
    }

    // The contract's field names, by their upper-case form: a reason names the field as the contract spells it,
    // never as the sender did.
    private static readonly Dictionary<string, string> Fields = new(StringComparer.Ordinal)
    {
        ["ENCOUNTERREFERENCE"] = "encounterReference",
        ["KIND"] = "kind",
        ["OCCURREDAT"] = "occurredAt",
        ["VERSIONID"] = "versionId",
        ["SOURCESYSTEM"] = "sourceSystem",
    };

    private static string? Text(JsonProperty property) => property.Value.ValueKind switch
    {
        JsonValueKind.String => property.Value.GetString(),
        JsonValueKind.Null => null,
        var other => throw new JsonException($"{Fields[property.Name.ToUpperInvariant()]} must be a string, not {Describe(other)}"),
    };

    private static DateTimeOffset Timestamp(JsonProperty property)
    {
        if (property.Value.ValueKind == JsonValueKind.Null)
        {
            return default;
        }
        if (property.Value.ValueKind != JsonValueKind.String)
        {
            throw new JsonException($"occurredAt must be an ISO 8601 date-time string, not {Describe(property.Value.ValueKind)}");
        }
        var text = property.Value.GetString()!;
        if (!IsoDateTime().IsMatch(text) || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var value))
        {
            throw new JsonException("occurredAt must be an ISO 8601 date-time with a time zone, such as 2024-03-01T09:30:00Z");
        }
        return value >= Earliest && value <= DateTimeOffset.UtcNow.AddDays(1)
            ? value
            : throw new JsonException("occurredAt must lie between 1900 and now");
    }

    // YYYY-MM-DDThh:mm[:ss[.fraction]] and Z or an offset: what EMRs send, and nothing a locale would read differently.
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})\z", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDateTime();

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.Number => "a number",
        JsonValueKind.String => "a string",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => kind.ToString(),
    };
}
