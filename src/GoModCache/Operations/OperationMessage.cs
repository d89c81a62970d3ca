namespace GoCaches.Operations;

/// <summary>One log line an operation raises.</summary>
/// <param name="Operation">The operation.</param>
/// <param name="Level">How much it matters.</param>
/// <param name="Text">The text, as both front ends print it.</param>
/// <param name="Code">The warning code (<see cref="ErrorCodes"/>), or null.</param>
public sealed record OperationMessage(CacheOperation Operation, MessageLevel Level, string Text, string? Code = null)
{
    /// <inheritdoc />
    public override string ToString() => Code == null ? Text : Code + ": " + Text;
}
