using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using GoCaches.Leases;
using GoCaches.Pruning;

namespace GoCaches.AfterBuild;

/// <summary>
/// What to clean after a successful build (<see cref="AfterBuildCleanup.AfterSuccess"/>): the module cache (emptied by
/// the engine's locked cleaner, or pruned to the project's needs), the build cache, and the test and fuzz caches
/// (left to <c>go clean</c>). The engine validates it.
/// </summary>
public sealed class AfterBuildCleanRequest
{
    /// <summary>Gets the module cache root (<c>GOMODCACHE</c>, absolute).</summary>
    public string ModuleCacheRoot { get; init; } = string.Empty;

    /// <summary>Gets the build cache root (<c>GOCACHE</c>, absolute), or null when it is off.</summary>
    public string? BuildCacheRoot { get; init; }

    /// <summary>Gets the <c>GOPATH</c> entries, for the cache root guard.</summary>
    public IReadOnlyList<string> GoPathEntries { get; init; } = [];

    /// <summary>Gets a value indicating whether to empty the module cache (ignored when it is pruned instead).</summary>
    public bool CleanModuleCache { get; init; } = true;

    /// <summary>Gets a value indicating whether to empty the build cache.</summary>
    public bool CleanBuildCache { get; init; } = true;

    /// <summary>Gets a value indicating whether to expire the cached test results (left to <c>go clean -testcache</c>).</summary>
    public bool CleanTestCache { get; init; }

    /// <summary>Gets a value indicating whether to remove the fuzz cache (with the build cache's clean, else left to <c>go clean -fuzzcache</c>).</summary>
    public bool CleanFuzzCache { get; init; }

    /// <summary>
    /// Gets the prune that replaces the module cache's clean (the front end's prune to the project's needs), or null.
    /// It runs before the other cleans.
    /// </summary>
    public Func<PruneReport>? PruneModuleCache { get; init; }

    /// <summary>Gets a value indicating whether the module cache was already pruned (by another step) instead of cleaned.</summary>
    public bool ModuleCachePruned { get; init; }

    /// <summary>Gets how long a clean waits for other builds using a cache before leaving it to the last of them; null: <see cref="CacheLease.DefaultWait"/>.</summary>
    public TimeSpan? WaitForOtherBuilds { get; init; }

    /// <summary>Gets what receives one-line messages about waiting for and deferring to other builds.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>Gets the CI to publish the outcome to (<see cref="AfterBuildCleanResult.CiOutputs"/>); null: none.</summary>
    public Ci.CiTarget? Ci { get; init; }

    /// <summary>Gets where Azure Pipelines logging commands are printed (a front end's log); null: standard output.</summary>
    public Action<string>? AzureCommand { get; init; }

    /// <summary>Gets what stops the waits.</summary>
    public CancellationToken CancellationToken { get; init; }

    /// <summary>The longest wait a request may ask for.</summary>
    internal static readonly TimeSpan MaxWait = TimeSpan.FromHours(1);

    internal bool PrunesModuleCache => PruneModuleCache != null || ModuleCachePruned;

    /// <summary>Checks the request.</summary>
    /// <exception cref="GoModCacheException">A root is missing or not absolute, or the wait is out of range.</exception>
    internal void Validate()
    {
        if ((CleanModuleCache || PruneModuleCache != null) && !ModuleCachePruned && !IsAbsolute(ModuleCacheRoot))
        {
            throw new GoModCacheException($"The module cache root '{ModuleCacheRoot}' is not an absolute path: the clean after the build needs GOMODCACHE.");
        }

        if (BuildCacheRoot != null && !IsAbsolute(BuildCacheRoot))
        {
            throw new GoModCacheException($"The build cache root '{BuildCacheRoot}' is not an absolute path.");
        }

        if (WaitForOtherBuilds is { } wait && (wait < TimeSpan.Zero || wait > MaxWait))
        {
            throw new GoModCacheException(FormattableString.Invariant($"The wait for other builds ({wait.TotalSeconds} s) must be from 0 to {MaxWait.TotalSeconds} s."));
        }

        if (PruneModuleCache != null && ModuleCachePruned)
        {
            throw new GoModCacheException("The module cache is either pruned by the request's prune or was pruned already, not both.");
        }
    }

    private static bool IsAbsolute(string? path) => !string.IsNullOrWhiteSpace(path) && Path.IsPathFullyQualified(path);
}
