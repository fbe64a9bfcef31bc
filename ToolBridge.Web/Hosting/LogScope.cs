using System.Collections;

namespace ToolBridge.Web.Hosting;

/// <summary>
/// Named values for a log scope. The JSON console writes each as a property of the scope, and the readable console
/// shows <see cref="ToString"/>.
/// </summary>
public sealed class LogScope(params (string Name, object? Value)[] values) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public static readonly LogScope Empty = new();

    private readonly KeyValuePair<string, object?>[] _values = values.Select(v => KeyValuePair.Create(v.Name, v.Value)).ToArray();

    public int Count => _values.Length;

    public KeyValuePair<string, object?> this[int index] => _values[index];

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)_values).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => string.Join(", ", _values.Select(v => $"{v.Key}:{v.Value}"));
}
