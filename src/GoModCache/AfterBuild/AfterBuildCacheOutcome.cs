using System;
using GoCaches.Inventory;

namespace GoCaches.AfterBuild;

/// <summary>What the build-then-clean workflow did to one cache, and why.</summary>
/// <param name="Cache">The cache.</param>
/// <param name="Action">What happened to it.</param>
/// <param name="Reason">Why.</param>
/// <param name="Root">The cache directory (null for the test and fuzz caches, or a build cache that is off).</param>
/// <param name="BytesFreed">Bytes removed from it by the engine.</param>
public sealed record AfterBuildCacheOutcome(AfterBuildCache Cache, AfterBuildAction Action, AfterBuildReason Reason, string? Root, long BytesFreed)
{
    /// <summary>Gets a value indicating whether anything was done (or left to go) for this cache.</summary>
    public bool Touched => Action != AfterBuildAction.Kept;

    /// <summary>Gets the cache's name as a log line says it: <c>module cache</c>, <c>build cache</c>, <c>test cache</c>, <c>fuzz cache</c>.</summary>
    public string CacheName => Cache switch
    {
        AfterBuildCache.ModuleCache => "module cache",
        AfterBuildCache.BuildCache => "build cache",
        AfterBuildCache.TestCache => "test cache",
        _ => "fuzz cache",
    };

    /// <summary>
    /// Gets the short description of what was done: <c>module cache</c>, <c>module cache (pruned)</c>,
    /// <c>build cache (deferred to the last build)</c>, <c>module cache (prune skipped: other builds)</c>, <c>test cache</c>.
    /// </summary>
    public string Description => Action switch
    {
        AfterBuildAction.Pruned => CacheName + " (pruned)",
        AfterBuildAction.Deferred => CacheName + " (deferred to the last build)",
        AfterBuildAction.PruneSkipped => CacheName + " (prune skipped: other builds)",
        AfterBuildAction.Kept => CacheName + " (kept: " + Reason + ")",
        _ => CacheName,
    };

    /// <summary>Gets e.g. <c>module cache: Cleaned (Requested), freed 53.6 MiB</c>.</summary>
    /// <returns>The summary.</returns>
    public override string ToString() => FormattableString.Invariant($"{CacheName}: {Action} ({Reason}){(BytesFreed > 0 ? ", freed " + SizeParser.Format(BytesFreed) : string.Empty)}");
}
