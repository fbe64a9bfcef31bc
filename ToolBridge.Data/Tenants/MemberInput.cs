using System.ComponentModel.DataAnnotations;

namespace ToolBridge.Data.Tenants;

public sealed class MemberInput
{
    [Required(ErrorMessage = Messages.Required)]
    [EmailAddress(ErrorMessage = "{0} must be an email address")]
    [MaxLength(320, ErrorMessage = Messages.MaxLength)]
    public string Email { get; set; } = "";

    // An enum property accepts any integer (JSON enum converters allow numbers too): an undefined role must be
    // refused here, not fail later when it is named in the audit event.
    [EnumDataType(typeof(MemberRole), ErrorMessage = RoleMessage)]
    public MemberRole Role { get; set; } = MemberRole.Member;

    internal const string RoleMessage = "{0} must be one of: owner, admin, member, viewer";
}
