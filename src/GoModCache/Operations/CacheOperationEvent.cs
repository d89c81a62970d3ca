namespace GoCaches.Operations;

/// <summary>
/// One log line of an engine operation (<see cref="CacheSize"/>, <see cref="ModuleCachePrune"/>,
/// <see cref="ModuleCacheClean"/>, <see cref="BuildCacheTrim"/>), with what it is about, for a front end to map to its
/// own log (a Cake log level; an MSBuild importance, warning or error code).
/// </summary>
/// <param name="Operation">The operation.</param>
/// <param name="Kind">What the line tells.</param>
/// <param name="Message">The line, in the engine's words.</param>
public sealed record CacheOperationEvent(CacheOperation Operation, CacheOperationEventKind Kind, string Message)
{
    /// <summary>Gets the line.</summary>
    /// <returns>The message.</returns>
    public override string ToString() => Message;
}
