using System;
using System.IO;
using GoCaches;
using GoCaches.Ci;
using GoCaches.Eviction;
using GoCaches.Inventory;
using GoCaches.Pruning;
using GoCaches.Trimming;
using Microsoft.Build.Framework;

namespace GoModCache.MSBuild;

/// <summary>
/// Records what Go's caches hold right after the CI's cache restore (<see cref="CacheRestoreState"/>), for
/// <see cref="GoCachePrepareForSave"/>: which module versions and build cache entries were restored, and (by setting
/// back the times of recent build cache entries) which entries the job goes on to use.
/// </summary>
public class GoCacheRestored : GoCacheTask
{
    /// <summary>Gets or sets the state file. Empty: one in the CI job's temporary folder named after the cache roots.</summary>
    public string? StateFile { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether the standard library cache (<see cref="StdCacheDirectory"/>, the third CI
    /// cache) is used: its entries are copied into the build cache. Default false: turn it on only when the CI restores
    /// and saves that directory (and in <see cref="GoCachePrepareForSave"/> too).
    /// </summary>
    public bool StdCache { get; set; }

    /// <summary>Gets or sets the standard library cache directory. Empty: next to the build cache, its name with <c>-std</c> added.</summary>
    public string? StdCacheDirectory { get; set; }

    /// <summary>Gets the number of standard library cache files restored (0: the CI's restore missed it).</summary>
    [Output]
    public int StdCacheFiles { get; private set; }

    /// <summary>Gets the number of complete module versions restored.</summary>
    [Output]
    public int ModuleVersions { get; private set; }

    /// <summary>Gets the number of build cache entries restored.</summary>
    [Output]
    public int BuildEntries { get; private set; }

    /// <inheritdoc />
    private protected override string FailureCode => ErrorCodes.TrimRefused;

    /// <inheritdoc />
    private protected override void Run(System.Threading.CancellationToken cancellationToken)
    {
        var caches = Locate(null, null, needModCache: true, needBuildCache: true);
        var file = string.IsNullOrWhiteSpace(StateFile) ? CacheRestoreState.DefaultPath(caches.ModCache, caches.BuildCache) : Path.GetFullPath(StateFile);
        var std = GoCaches.Ci.StdCacheDirectory.For(StdCache, caches.BuildCache, string.IsNullOrWhiteSpace(StdCacheDirectory) ? null : Path.GetFullPath(StdCacheDirectory));
        var state = CacheRestoreState.Record(caches.ModCache, caches.BuildCache, file, stdCacheRoot: std);
        ModuleVersions = state.ModuleVersions.Count;
        BuildEntries = state.BuildEntries;
        StdCacheFiles = state.StdCacheFiles;
        if (state.StdCacheRoot != null)
        {
            Log.LogMessage(
                MessageImportance.High,
                $"GoModCache: Go standard library cache {state.StdCacheRoot}: {SizeParser.Format(state.StdCacheBytes)} ({state.StdCacheFiles} files{(state.StdCacheFiles == 0 ? ", not restored: GoCachePrepareForSave fills it" : string.Empty)}); {state.StdFilesMerged} files copied into the build cache.");
        }

        Log.LogMessage(
            MessageImportance.High,
            $"GoModCache: Go caches as restored: module cache {SizeParser.Format(state.ModCacheBytes)} ({state.ModuleVersions.Count} module versions), build cache {SizeParser.Format(state.BuildCacheBytes)} ({state.BuildEntries} entries); recorded in {file}.");
    }
}
