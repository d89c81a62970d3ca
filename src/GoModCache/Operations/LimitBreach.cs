namespace GoCaches.Operations;

/// <summary>A limit a check found exceeded.</summary>
/// <param name="Limit">Which limit.</param>
/// <param name="Root">The cache (or, for free space, the module cache whose volume) it concerns.</param>
/// <param name="Bytes">The size measured (for free space: the free bytes).</param>
/// <param name="LimitBytes">The limit in bytes (for free space: the least free bytes).</param>
/// <param name="Code">The code it is reported with (<see cref="ErrorCodes"/>).</param>
/// <param name="Text">What is wrong, in words.</param>
public sealed record LimitBreach(LimitKind Limit, string Root, long Bytes, long LimitBytes, string Code, string Text)
{
    /// <inheritdoc />
    public override string ToString() => Text;
}
