using Microsoft.AspNetCore.Components;
using MudBlazor;
using ToolBridge.Data;
using ToolBridge.Web.Portal;

namespace ToolBridge.Web.Components.Shared;

/// <summary>
/// The base of the pages that show one entity type in a grid (notes, tasks, comments, chats): paging, sorting, text
/// search and the trash go to the database through the service's <c>BrowseAsync</c>; every change runs with the role the
/// user has now, reports its outcome and reloads the grid.
/// </summary>
public abstract class EntityPageBase<TItem> : TenantPageBase
{
    private static readonly GridData<TItem> NoRows = new() { Items = [], TotalItems = 0 };

    [Inject]
    protected IDialogService Dialogs { get; set; } = null!;

    protected MudDataGrid<TItem>? Grid { get; set; }

    /// <summary>The text search box.</summary>
    protected string? Search { get; set; }

    /// <summary>Showing the trash (deleted rows) instead of live ones.</summary>
    protected bool Trash { get; set; }

    /// <summary>True while a change runs; action buttons are disabled.</summary>
    protected bool Busy { get; private set; }

    /// <summary>True once the grid got its first page: the empty state shows only then, not while loading.</summary>
    protected bool PageLoaded { get; private set; }

    /// <summary>More rows match than were counted; the pager says "10,000+".</summary>
    protected bool TotalIsLowerBound { get; private set; }

    protected string PagerInfo => TotalIsLowerBound
        ? $"{{first_item}}-{{last_item}} of {GridRequest.CountLimit:N0}+"
        : "{first_item}-{last_item} of {all_items}";

    /// <summary>The grid loads itself once rendered; a tenant switch reloads it.</summary>
    protected override Task LoadAsync(TenantView view) => Grid?.ReloadServerData() ?? Task.CompletedTask;

    /// <summary>One page of the entity with the page's filters.</summary>
    protected abstract Task<Result<GridPage<TItem>>> BrowseAsync(TenantScope scope, GridRequest grid, CancellationToken cancellationToken);

    /// <summary>
    /// The grid's <c>ServerData</c>. Every page, sort, search and trash switch reads the membership again: someone
    /// removed while the page is open gets no more rows.
    /// </summary>
    protected async Task<GridData<TItem>> LoadPageAsync(GridState<TItem> state, CancellationToken cancellationToken)
    {
        if (View is null || await CurrentScopeAsync() is not { } scope)
        {
            return NoRows;
        }

        var sort = state.SortDefinitions.FirstOrDefault();
        var grid = new GridRequest
        {
            Offset = state.Page * state.PageSize,
            Count = state.PageSize,
            SortBy = sort is null ? null : System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(sort.SortBy),
            Descending = sort?.Descending ?? true,
            Trash = Trash,
        };
        var result = await BrowseAsync(scope, grid, cancellationToken);
        if (!result.IsSuccess)
        {
            Snackbar.AddError(result.Error);
            PageLoaded = true;
            return NoRows;
        }

        TotalIsLowerBound = result.Value.TotalIsLowerBound;
        PageLoaded = true;
        return new GridData<TItem> { Items = result.Value.Items, TotalItems = result.Value.Total };
    }

    protected Task SearchAsync(string? text)
    {
        Search = string.IsNullOrWhiteSpace(text) ? null : text;
        return ReloadAsync();
    }

    protected Task ShowTrashAsync(bool trash)
    {
        Trash = trash;
        return ReloadAsync();
    }

    protected Task ReloadAsync() => Grid?.ReloadServerData() ?? Task.CompletedTask;

    /// <summary>Runs a change with the role the user has now, shows its outcome and reloads the grid.</summary>
    protected async Task ChangeAsync<T>(Func<TenantScope, Task<Result<T>>> change, string success)
    {
        Busy = true;
        try
        {
            if (await CurrentScopeAsync() is { } scope)
            {
                var result = await change(scope);
                if (result.IsSuccess)
                {
                    Snackbar.Add(success, Severity.Success);
                }
                else
                {
                    Snackbar.AddError(result.Error);
                }
            }

            await ReloadAsync();
        }
        finally
        {
            Busy = false;
        }
    }

    /// <summary>Asks before deleting, then deletes.</summary>
    protected async Task DeleteAsync<T>(string what, Func<TenantScope, Task<Result<T>>> delete)
    {
        if (await ConfirmDialog.AskAsync(Dialogs, "Delete", $"Delete {what}? It moves to the trash, where it can be restored.", "Delete"))
        {
            await ChangeAsync(delete, $"Deleted {what}. Find it in the trash to restore it.");
        }
    }
}
