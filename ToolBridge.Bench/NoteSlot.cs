namespace ToolBridge.Bench;

/// <summary>A note that patch_note changes, with the version last seen; held by one caller at a time (see <see cref="TenantData"/>).</summary>
public sealed class NoteSlot(Guid uid)
{
    public Guid Uid { get; } = uid;

    public long Version { get; set; } = 1;
}
