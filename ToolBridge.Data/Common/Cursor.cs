using System.Buffers.Text;
using System.Text;

namespace ToolBridge.Data;

/// <summary>
/// The opaque list cursor: which list it belongs to, the change-sequence snapshot taken when paging began,
/// and the position of the last row returned. Clients must treat it as opaque.
/// </summary>
public readonly record struct Cursor(string EntityType, long Snapshot, long After)
{
    public string Encode() => Base64Url.EncodeToString(Encoding.ASCII.GetBytes($"{EntityType}.{Snapshot}.{After}"));

    public static bool TryDecode(string value, string entityType, out Cursor cursor)
    {
        cursor = default;
        if (value.Length > 200 || !Base64Url.IsValid(value))
        {
            return false;
        }

        var parts = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(value)).Split('.');
        if (parts.Length != 3 || parts[0] != entityType
            || !long.TryParse(parts[1], out var snapshot) || !long.TryParse(parts[2], out var after)
            || snapshot < 0 || after < 1)
        {
            return false;
        }

        cursor = new Cursor(entityType, snapshot, after);
        return true;
    }
}
