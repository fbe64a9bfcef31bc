namespace ToolBridge.Bench;

/// <summary>Which calls a scenario makes, with their weights; each call is drawn at random by weight.</summary>
public sealed class Mix
{
    private readonly Op[] _table;

    public Mix(params (Op Op, int Weight)[] entries)
    {
        Entries = entries;
        _table = [.. entries.SelectMany(e => Enumerable.Repeat(e.Op, e.Weight))];
    }

    /// <summary>60 % reads (a filtered list_notes, get_note, a chat's messages) and 40 % writes.</summary>
    public static Mix Mixed { get; } = new(
        (Op.ListNotes, 20), (Op.GetNote, 20), (Op.ListChatMessages, 20),
        (Op.CreateNote, 10), (Op.PatchNote, 10), (Op.ProcessTask, 10), (Op.CreateChatMessage, 10));

    public static Mix Reads { get; } = new((Op.ListNotes, 1), (Op.GetNote, 1), (Op.ListChatMessages, 1));

    public IReadOnlyList<(Op Op, int Weight)> Entries { get; }

    public Op Pick() => _table.Length == 1 ? _table[0] : _table[Random.Shared.Next(_table.Length)];

    public override string ToString()
    {
        var total = (double)Entries.Sum(e => e.Weight);
        return string.Join(", ", Entries.Select(e => Entries.Count == 1 ? e.Op.Name() : $"{e.Op.Name()} {e.Weight / total:P0}"));
    }
}
