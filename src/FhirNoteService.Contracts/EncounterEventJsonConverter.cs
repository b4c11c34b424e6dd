using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FhirNoteService.Contracts;

/// <summary>
/// Reads an <see cref="EncounterEvent"/> field by field, so that a mistyped field is reported by name
/// ("occurredAt must be an ISO 8601 date-time string, not a Number") instead of by the JSON reader's state.
/// Missing fields are left empty for the worker's validation to name. Property names match in any case.
/// </summary>
public sealed class EncounterEventJsonConverter : JsonConverter<EncounterEvent>
{
    public override EncounterEvent Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"an encounter event must be a JSON object, not {Describe(root.ValueKind)}");
        }
        string? reference = null, kind = null, versionId = null, sourceSystem = null;
        DateTimeOffset occurredAt = default;
        foreach (var property in root.EnumerateObject())
        {
            switch (property.Name.ToUpperInvariant())
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
        writer.WriteString(Name(nameof(EncounterEvent.OccurredAt)), value.OccurredAt);
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

    private static string? Text(JsonProperty property) => property.Value.ValueKind switch
    {
        JsonValueKind.String => property.Value.GetString(),
        JsonValueKind.Null => null,
        var other => throw new JsonException($"{property.Name} must be a string, not {Describe(other)}"),
    };

    private static DateTimeOffset Timestamp(JsonProperty property)
    {
        if (property.Value.ValueKind == JsonValueKind.Null)
        {
            return default;
        }
        if (property.Value.ValueKind != JsonValueKind.String)
        {
            throw new JsonException($"{property.Name} must be an ISO 8601 date-time string, not {Describe(property.Value.ValueKind)}");
        }
        return DateTimeOffset.TryParse(property.Value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var value)
            ? value
            : throw new JsonException($"{property.Name} must be an ISO 8601 date-time string such as 2024-03-01T09:30:00Z");
    }

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
