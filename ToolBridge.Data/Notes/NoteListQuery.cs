using System.ComponentModel.DataAnnotations;

namespace ToolBridge.Data.Notes;

public sealed class NoteListQuery : ListQuery
{
    [OneOf<NoteStatus>]
    public string? Status { get; set; }

    public bool? Pinned { get; set; }

    [MaxLength(EntityRules.TagMax, ErrorMessage = Messages.MaxLength)]
    public string? Tag { get; set; }
}
