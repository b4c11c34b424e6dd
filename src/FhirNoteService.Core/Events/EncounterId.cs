using System.Text.RegularExpressions;

namespace FhirNoteService.Core.Events;

/// <summary>The logical id of an Encounter on the EMR's FHIR server, parsed from a relative reference.</summary>
public sealed partial record EncounterId
{
    private EncounterId(string value) => Value = value;

    /// <summary>The logical id, e.g. <c>123</c>.</summary>
    public string Value { get; }

    /// <summary>The relative reference, e.g. <c>Encounter/123</c>.</summary>
    public string Reference => $"Encounter/{Value}";

    /// <summary>Parses <c>Encounter/{id}</c>; anything else yields a reason that names the problem.</summary>
    public static bool TryParse(string? reference, out EncounterId? encounter, out string? problem)
    {
        encounter = null;
        problem = null;
        if (string.IsNullOrWhiteSpace(reference))
        {
            problem = "the encounter reference is missing";
            return false;
        }
        if (reference.Contains("://", StringComparison.Ordinal))
        {
            problem = "the encounter reference is an absolute URL; send a relative reference 'Encounter/{id}' and name the EMR in sourceSystem";
            return false;
        }
        if (reference.Contains("/_history", StringComparison.Ordinal))
        {
            problem = "the encounter reference names a version (_history); send 'Encounter/{id}' and the version in versionId";
            return false;
        }
        var match = RelativeReference().Match(reference);
        if (!match.Success)
        {
            problem = "the encounter reference is not of the form 'Encounter/{id}'";
            return false;
        }
        if (match.Groups["type"].Value != "Encounter")
        {
            problem = $"the reference points to a {match.Groups["type"].Value}, not to an Encounter";
            return false;
        }
        encounter = new EncounterId(match.Groups["id"].Value);
        return true;
    }

    public override string ToString() => Reference;

    // FHIR ids: up to 64 characters of letters, digits, '-' and '.', here with at least one letter or digit, so that
    // no id reads as a path ('.', '..') or as nothing ('-'). Nothing around it: no spaces, no version.
    [GeneratedRegex(@"^(?<type>[A-Z][A-Za-z]{1,63})/(?<id>(?=[A-Za-z0-9\-\.]*[A-Za-z0-9])[A-Za-z0-9\-\.]{1,64})\z", RegexOptions.CultureInvariant)]
    private static partial Regex RelativeReference();
}
