using GoCaches.Leases;

namespace GoCaches.Checks;

/// <summary>
/// One log line of <see cref="CacheLimitCheck"/>, with what it is about, for a front end to map to its own log
/// (a Cake log level, an MSBuild importance, warning or error code).
/// </summary>
/// <param name="Kind">What the line tells.</param>
/// <param name="Message">The line, in the engine's words.</param>
/// <param name="Cache">The cache it is about, or null (free space, both caches).</param>
/// <param name="Status">For <see cref="CacheLimitEventKind.WithinLimit"/> and <see cref="CacheLimitEventKind.LimitExceeded"/> about a cache: its figures.</param>
/// <param name="Step">For <see cref="CacheLimitEventKind.LimitExceeded"/>: what the check does about it.</param>
public sealed record CacheLimitEvent(CacheLimitEventKind Kind, string Message, CacheKind? Cache = null, CacheLimitStatus? Status = null, CacheLimitStep? Step = null)
{
    /// <summary>Gets the line.</summary>
    /// <returns>The message.</returns>
    public override string ToString() => Message;
}
