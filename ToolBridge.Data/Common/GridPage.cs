namespace ToolBridge.Data;

/// <summary>One page of a grid and how many rows match in all.</summary>
/// <param name="Items">The rows of the page.</param>
/// <param name="Total">The matching rows; a lower bound when <paramref name="TotalIsLowerBound"/>.</param>
/// <param name="TotalIsLowerBound">True when more rows match than were counted (<see cref="GridRequest.CountLimit"/>).</param>
public sealed record GridPage<T>(IReadOnlyList<T> Items, int Total, bool TotalIsLowerBound = false);
