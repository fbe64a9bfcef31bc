namespace ToolBridge.Data.Audit;

/// <summary>The values the filters can take in a tenant's activity, as far as the reader may see it.</summary>
public sealed record ActivityFacets(IReadOnlyList<ActivityActor> Actors, IReadOnlyList<string> Actions, IReadOnlyList<string> EntityTypes);
