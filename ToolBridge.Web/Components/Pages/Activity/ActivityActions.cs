namespace ToolBridge.Web.Components.Pages.Activity;

/// <summary>
/// How the activity log words an action: derived from the action's own name (<c>type.verb</c>, as the services write
/// it), so a new action reads without anyone adding it to a table. <c>ActivityActionsTests</c> checks every action the
/// services can write against the words people should read.
/// </summary>
public static class ActivityActions
{
    private static readonly string[] Prefixes = ["un", "re"];

    /// <summary>
    /// The words before the item and those after it: <c>note.create</c> → ("created note", ""),
    /// <c>chat_message.mark_read</c> → ("marked chat message", "read"), <c>member.role_changed</c> → ("changed role of member", "").
    /// </summary>
    public static (string Before, string After) Phrase(string action)
    {
        var dot = action.IndexOf('.');
        if (dot <= 0 || dot == action.Length - 1)
        {
            return (action, "");
        }

        var noun = Noun(action[..dot]);
        var words = action[(dot + 1)..].Split('_', StringSplitOptions.RemoveEmptyEntries);
        return words switch
        {
            [var verb] => ($"{Past(verb)} {noun}", ""),

            // "role_changed": what changed, then whose. (Other two-part actions are a verb and its complement: "mark_delivered".)
            [.. var what, "changed"] => ($"changed {string.Join(' ', what)} of {noun}", ""),

            // "mark_read": the verb, the item, then the rest.
            [var verb, .. var rest] => ($"{Past(verb)} {noun}", string.Join(' ', rest)),
            _ => (action, ""),
        };
    }

    /// <summary>The whole phrase without the item: "created note", "marked chat message read".</summary>
    public static string Text(string action)
    {
        var (before, after) = Phrase(action);
        return after.Length == 0 ? before : $"{before} {after}";
    }

    /// <summary><c>chat_message</c> → "chat message".</summary>
    public static string Noun(string entityType) => entityType.Replace('_', ' ');

    /// <summary>
    /// The past tense of an action's verb, by the rules of English spelling: "create" → "created", "pin" → "pinned",
    /// "unpin" → "unpinned", "reopen" → "reopened", "start" → "started"; a verb already in the past stays.
    /// </summary>
    public static string Past(string verb)
    {
        if (verb.EndsWith("ed", StringComparison.Ordinal))
        {
            return verb;
        }

        if (verb.EndsWith('e'))
        {
            return verb + "d";
        }

        if (verb.Length > 1 && verb[^1] == 'y' && !IsVowel(verb[^2]))
        {
            return verb[..^1] + "ied";
        }

        // One stressed syllable ending consonant-vowel-consonant doubles its last letter: pin → pinned, unpin → unpinned.
        var stem = Prefixes.FirstOrDefault(p => verb.Length > p.Length + 2 && verb.StartsWith(p, StringComparison.Ordinal)) is { } prefix ? verb[prefix.Length..] : verb;
        var doubles = stem.Length >= 3 && Syllables(stem) == 1 && !IsVowel(stem[^3]) && IsVowel(stem[^2]) && !IsVowel(stem[^1]) && stem[^1] is not ('w' or 'x' or 'y');
        return doubles ? verb + verb[^1] + "ed" : verb + "ed";
    }

    private static int Syllables(string word) => word.Where((c, i) => IsVowel(c) && (i == 0 || !IsVowel(word[i - 1]))).Count();

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u';
}
