namespace ToolBridge.Data.Notes;

public sealed class Note : EntityRow
{
    public string Title { get; set; } = "";

    public string? Content { get; set; }

    public List<string> Tags { get; set; } = [];

    public NoteStatus Status { get; set; }

    public bool Pinned { get; set; }
}
