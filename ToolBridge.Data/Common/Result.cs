using System.Diagnostics.CodeAnalysis;

namespace ToolBridge.Data;

/// <summary>Either a value or an <see cref="Data.Error"/>. Services return it for every operation that can fail in an expected way.</summary>
public readonly struct Result<T>
{
    private Result(T? value, Error? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }

    public Error? Error { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    public static implicit operator Result<T>(T value) => new(value, null);

    public static implicit operator Result<T>(Error error) => new(default, error);

    public override string ToString() => IsSuccess ? $"Ok({Value})" : $"Error({Error.Kind}: {Error.Message})";
}
