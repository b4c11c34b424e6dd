using System.Text.Json;

namespace FhirNoteService.Messaging;

/// <summary>Property lookup as publishers name properties: in any case.</summary>
internal static class JsonProperties
{
    /// <summary>The first property of <paramref name="element"/> named <paramref name="name"/> in any case, or null.</summary>
    public static JsonElement? Find(JsonElement element, string name)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }
        return null;
    }
}
