using GoCaches.Inventory;
using GoCaches.Leases;

namespace GoCaches.Checks;

/// <summary>One cache as <see cref="CacheLimitCheck"/> measured it, against its limit.</summary>
/// <param name="Cache">Which cache.</param>
/// <param name="Root">Its root.</param>
/// <param name="Bytes">Its size when checked.</param>
/// <param name="Files">Its files when checked.</param>
/// <param name="LimitBytes">Its limit in bytes, or null when it has none.</param>
/// <param name="TargetBytes">The size a prune or trim aimed for (the limit, or what free space needs), or null when none ran.</param>
public sealed record CacheLimitStatus(CacheKind Cache, string Root, long Bytes, long Files, long? LimitBytes, long? TargetBytes = null)
{
    /// <summary>Gets a value indicating whether the cache is over its limit.</summary>
    public bool Exceeded => LimitBytes is { } limit && Bytes > limit;

    /// <summary>Gets the status in words: <c>module cache /root: 1.2 GiB (limit 1 GiB, exceeded)</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        $"{CacheLimitCheck.Name(Cache)} {Root}: {SizeParser.Format(Bytes)}" +
        (LimitBytes is { } limit ? $" (limit {SizeParser.Format(limit)}{(Exceeded ? ", exceeded" : string.Empty)})" : string.Empty);
}
