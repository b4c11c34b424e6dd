using System.Text.Json;

namespace FhirNoteService.Messaging.Intake;

/// <summary>
/// One pass over the JSON before anything builds on it: well-formed, no deeper than the limit, and no object with a
/// property given twice (readers disagree on which one counts: the worker could act on one value while a person
/// reading the dead letter sees the other). What is wrong is reported by line and byte, never by quoting the body.
/// </summary>
internal static class JsonWellFormed
{
    public static void Check(byte[] json, int maxDepth)
    {
        // The reader's own limit is set above ours, so that too deep a body is reported as that, not as broken JSON.
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = maxDepth + 2 });
        var objects = new Stack<HashSet<string>>();
        try
        {
            while (reader.Read())
            {
                if (reader.CurrentDepth >= maxDepth)
                {
                    throw EventBody.Refusal($"the body nests deeper than {maxDepth} levels (at byte {At(reader)}); an encounter event is a flat JSON object");
                }
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        objects.Push(new HashSet<string>(StringComparer.Ordinal));
                        break;
                    case JsonTokenType.EndObject:
                        objects.Pop();
                        break;
                    case JsonTokenType.String:
                        // The reader checks the bytes of a text only when it is decoded.
                        _ = reader.GetString();
                        break;
                    case JsonTokenType.PropertyName when !objects.Peek().Add(reader.GetString()!):
                        throw EventBody.Refusal($"a property appears twice in one object (at byte {At(reader)}); send each property once");
                    default:
                        break;
                }
            }
        }
        catch (JsonException broken)
        {
            throw EventBody.Refusal($"the body is not valid JSON (line {(broken.LineNumber ?? 0) + 1}, byte {(broken.BytePositionInLine ?? 0) + 1})");
        }
        catch (InvalidOperationException)
        {
            // A text (a value or a property name) whose bytes or escapes do not decode.
            throw EventBody.Refusal($"the body is not valid JSON (at byte {At(reader)}): a text is not valid UTF-8");
        }
    }

    // Offsets are counted from one, as people count.
    private static long At(Utf8JsonReader reader) => reader.TokenStartIndex + 1;
}
