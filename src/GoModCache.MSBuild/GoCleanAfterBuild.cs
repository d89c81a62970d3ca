using System.Threading;
using GoCaches.Operations;
using Microsoft.Build.Framework;

namespace GoModCache.MSBuild;

/// <summary>
/// The clean-up after a Go build, as the engine decides it (the same as Cake's <c>GoBuildAndClean</c>): after a
/// build that succeeded, cleans the caches asked for with the engine's cleaner (not the module cache when it was
/// pruned after this build) and says what was freed; after a failed build, cleans nothing and says which caches were
/// kept for debugging.
/// </summary>
public class GoCleanAfterBuild : GoCacheTask
{
    /// <summary>Gets or sets a value indicating whether the Go build succeeded. Default true.</summary>
    public bool BuildSucceeded { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether to clean the module cache.</summary>
    public bool CleanModCache { get; set; }

    /// <summary>Gets or sets a value indicating whether to clean the build cache.</summary>
    public bool CleanBuildCache { get; set; }

    /// <summary>Gets or sets a value indicating whether the module cache was pruned after this build (then it is not cleaned as a whole).</summary>
    public bool ModCachePruned { get; set; }

    /// <summary>Gets the bytes the clean-up freed in both caches.</summary>
    [Output]
    public long BytesFreed { get; private set; }

    /// <summary>Gets what was cleaned (<c>ModuleCache, BuildCache</c>, or <c>None</c>).</summary>
    [Output]
    public string Cleaned { get; private set; } = nameof(CacheKinds.None);

    /// <inheritdoc />
    protected override string DefaultErrorCode => ErrorCodes.CleanFailed;

    /// <inheritdoc />
    protected override bool Run(GoCacheOperations operations, CancellationToken cancel)
    {
        var clean = (CleanModCache ? CacheKinds.ModuleCache : CacheKinds.None) | (CleanBuildCache ? CacheKinds.BuildCache : CacheKinds.None);
        if (BuildSucceeded && clean == CacheKinds.None)
        {
            return true;
        }

        AfterBuildResult result;
        try
        {
            result = operations.AfterBuild(new AfterBuildRequest
            {
                Roots = Locate(null, null, needModCache: true, needBuildCache: true),
                BuildSucceeded = BuildSucceeded,
                Clean = clean,
                AlreadyPruned = ModCachePruned,
                ProgressInterval = ProgressInterval,
                CancellationToken = cancel,
            });
        }
        catch (GoCaches.GoModCacheException ex) when (!BuildSucceeded)
        {
            // The build has already failed with Go's error: not finding the caches is no second error.
            Log.LogMessage(MessageImportance.High, "GoModCache: the Go build failed; Go's caches were not touched (" + ex.Message + ").");
            return true;
        }

        BytesFreed = result.BytesFreed;
        Cleaned = result.Cleaned.ToString();
        return true;
    }
}
