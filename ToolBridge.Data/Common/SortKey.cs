using System.Linq.Expressions;

namespace ToolBridge.Data;

/// <summary>A column a grid may sort by, with the expression the database orders by.</summary>
public abstract class SortKey<TRow>(string name)
{
    public string Name { get; } = name;

    public abstract IOrderedQueryable<TRow> Order(IQueryable<TRow> rows, bool descending);

    public static SortKey<TRow> By<TKey>(string name, Expression<Func<TRow, TKey>> key) => new Typed<TKey>(name, key);

    private sealed class Typed<TKey>(string name, Expression<Func<TRow, TKey>> key) : SortKey<TRow>(name)
    {
        public override IOrderedQueryable<TRow> Order(IQueryable<TRow> rows, bool descending) =>
            descending ? rows.OrderByDescending(key) : rows.OrderBy(key);
    }
}
