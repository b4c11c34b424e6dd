namespace FhirNoteService.Core.Notes;

/// <summary>
/// Which encounters get which notes. Section <c>NoteRules</c>. Rules are tried in order and the first whose conditions
/// all hold decides; after the configured rules come the built-in defaults (<see cref="DefaultNoteRules"/>) unless
/// <see cref="UseDefaults"/> is off. A rule with no notes is an exclusion: matching encounters get none.
/// </summary>
public sealed class NoteRuleOptions
{
    public const string SectionName = "NoteRules";

    public List<NoteRule> Rules { get; set; } = [];

    /// <summary>Append the built-in rules (today's behaviour: stays, emergencies, visits) after the configured ones.</summary>
    public bool UseDefaults { get; set; } = true;

    /// <summary>
    /// A JSON file with more settings of this section (<c>{"NoteRules": {"Rules": [...]}}</c>), read at start: a mounted
    /// ConfigMap, changed without a rebuild. Its rules come after those given elsewhere.
    /// </summary>
    public string? File { get; set; }

    /// <summary>The rules in the order they are tried: the configured ones, then the defaults when they are used.</summary>
    public IReadOnlyList<NoteRule> RulesInOrder() => UseDefaults ? [.. Rules, .. DefaultNoteRules.All] : Rules;
}

/// <summary>One rule: conditions on the Encounter (each list matches any of its values; an empty list matches all) and the notes it gets.</summary>
public sealed class NoteRule
{
    /// <summary>How errors and logs name the rule.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary><c>Encounter.class</c> codes (v3 ActCode: AMB, EMER, IMP, ...).</summary>
    public List<string> Classes { get; set; } = [];

    /// <summary><c>Encounter.status</c> codes; empty means <c>finished</c> only.</summary>
    public List<string> Statuses { get; set; } = [];

    /// <summary><c>Encounter.type</c> codings, as <c>system|code</c> or <c>code</c>.</summary>
    public List<string> Types { get; set; } = [];

    /// <summary><c>Encounter.serviceType</c> codings, as <c>system|code</c> or <c>code</c>.</summary>
    public List<string> ServiceTypes { get; set; } = [];

    /// <summary>The department: <c>Encounter.serviceProvider</c> or a <c>Encounter.location</c>, as <c>Organization/{id}</c> or <c>Location/{id}</c>.</summary>
    public List<string> Departments { get; set; } = [];

    /// <summary>The shortest stay (<c>Encounter.period</c>) the rule applies to; a stay without both ends does not match a bound.</summary>
    public TimeSpan? MinLengthOfStay { get; set; }

    /// <summary>The longest stay the rule applies to.</summary>
    public TimeSpan? MaxLengthOfStay { get; set; }

    /// <summary>The notes a matching encounter gets.</summary>
    public List<NoteChoice> Notes { get; set; } = [];
}

/// <summary>One note a rule gives: its type, and optionally its template, language and model profile.</summary>
public sealed class NoteChoice
{
    /// <summary>A note type key: <c>discharge-summary</c>, <c>emergency-department-note</c>, <c>progress-note</c>, <c>consult-note</c>, <c>history-and-physical</c>.</summary>
    public string NoteType { get; set; } = string.Empty;

    /// <summary>The template (a file of the language pack); default: the note type's own.</summary>
    public string? Template { get; set; }

    /// <summary>The note's language (a language pack); default: <c>Drafts:Language</c>.</summary>
    public string? Language { get; set; }

    /// <summary>A model profile (<c>Generation:Profiles:{name}</c>); default: the note type's model, else the global one.</summary>
    public string? Model { get; set; }
}
