using System.ComponentModel.DataAnnotations;

namespace ToolBridge.Data.Search;

/// <summary>What search takes: a text and the filters the entity types share, and which types to look in.</summary>
public sealed class SearchQuery : ListQuery, IValidatableObject
{
    /// <summary>The entity types to look in (<see cref="EntityRules.EntityTypes"/>); every type when null or empty.</summary>
    public List<string>? Types { get; set; }

    /// <summary>Only items with this status (<see cref="SearchService.Statuses"/>); types without it are left out.</summary>
    public string? Status { get; set; }

    /// <summary>Only notes, tasks and chats carrying this tag.</summary>
    [MaxLength(EntityRules.TagMax, ErrorMessage = Messages.MaxLength)]
    public string? Tag { get; set; }

    /// <summary>Only items under this one: a task's subtasks, a note's or task's comments, a chat's messages.</summary>
    public Guid? ParentUid { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Types?.FirstOrDefault(t => !EntityRules.EntityTypes.Contains(t)) is { } unknown)
        {
            yield return new ValidationResult($"types must name only: {string.Join(", ", EntityRules.EntityTypes)} ({unknown} is not one)", [nameof(Types)]);
        }

        if (Status is not null && !SearchService.Statuses.Contains(Status))
        {
            yield return new ValidationResult($"status must be one of: {string.Join(", ", SearchService.Statuses)}", [nameof(Status)]);
        }
    }
}
