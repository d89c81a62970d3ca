using System;
using System.Globalization;
using System.IO;
using GoCaches;
using GoCaches.AfterBuild;
using GoCaches.Inventory;
using GoCaches.Operations;
using GoCaches.Reports;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace GoModCache.MSBuild;

/// <summary>
/// The clean after a Go build, by the engine's <see cref="AfterBuildCleanup"/> as the Cake alias <c>GoBuildAndClean</c>
/// does it. After a successful build: the module cache (<see cref="ModCache"/>) and the build cache
/// (<see cref="BuildCache"/>) are emptied by the engine's locked cleaners, which wait for other builds holding a
/// cache's lease and then leave the clean to the last of them (<see cref="ModCacheDeferred"/>,
/// <see cref="BuildCacheDeferred"/>). After a failed one (<see cref="BuildFailed"/>): nothing is cleaned, and the task
/// says where the caches were kept. The plain <c>go clean</c> is the <see cref="GoClean"/> task.
/// </summary>
public class GoCleanCaches : GoCacheTask
{
    /// <summary>Gets or sets a value indicating whether to empty the module cache.</summary>
    public bool ModCache { get; set; }

    /// <summary>Gets or sets a value indicating whether to empty the build cache.</summary>
    public bool BuildCache { get; set; }

    /// <summary>Gets or sets a value indicating whether the module cache was pruned instead (it is then not emptied).</summary>
    public bool ModCachePruned { get; set; }

    /// <summary>Gets or sets a value indicating whether the Go build failed: nothing is cleaned, the caches kept are reported.</summary>
    public bool BuildFailed { get; set; }

    /// <summary>Gets or sets a file for the HTML picture of the caches before and after the clean. Empty: none.</summary>
    public string? ReportHtml { get; set; }

    /// <summary>Gets or sets how long (seconds) a clean waits for other builds using the cache before it leaves the clean to the last of them. Empty: 30.</summary>
    public string? WaitForOtherBuildsSeconds { get; set; }

    /// <summary>Gets or sets a value indicating whether the outcome is published to the CI: GitHub Actions step outputs (<c>clean-bytes-freed</c>, <c>clean-modcache-action</c>, …) and Azure Pipelines variables (<c>GOCACHE_CLEAN_BYTES_FREED</c>, …). Default true.</summary>
    public bool PublishToCI { get; set; } = true;

    /// <summary>Gets what happened to the module cache (<see cref="AfterBuildAction"/>: Kept, Cleaned, Deferred).</summary>
    [Output]
    public string ModCacheAction { get; private set; } = nameof(AfterBuildAction.Kept);

    /// <summary>Gets what happened to the build cache (<see cref="AfterBuildAction"/>).</summary>
    [Output]
    public string BuildCacheAction { get; private set; } = nameof(AfterBuildAction.Kept);

    /// <summary>Gets a value indicating whether the module cache clean was left to another build still using the cache.</summary>
    [Output]
    public bool ModCacheDeferred { get; private set; }

    /// <summary>Gets a value indicating whether the build cache clean was left to another build still using the cache.</summary>
    [Output]
    public bool BuildCacheDeferred { get; private set; }

    /// <summary>Gets the bytes freed in the module cache.</summary>
    [Output]
    public long ModCacheBytesFreed { get; private set; }

    /// <summary>Gets the bytes freed in the build cache.</summary>
    [Output]
    public long BuildCacheBytesFreed { get; private set; }

    /// <inheritdoc />
    private protected override string FailureCode => ErrorCodes.GoFailed;

    /// <inheritdoc />
    private protected override void Run(System.Threading.CancellationToken cancellationToken)
    {
        if (BuildFailed)
        {
            ReportKept();
        }
        else
        {
            Clean();
        }
    }

    private void Clean()
    {
        if (!TryParseWait(out var wait))
        {
            return;
        }

        var caches = Locate(null, null, ModCache && !ModCachePruned, BuildCache);
        var picture = ScanBefore(caches.ModCache, caches.BuildCache);
        var result = AfterBuildCleanup.AfterSuccess(new AfterBuildCleanRequest
        {
            ModuleCacheRoot = caches.ModCache ?? string.Empty,
            BuildCacheRoot = caches.BuildCache,
            GoPathEntries = caches.GoPathEntries,
            CleanModuleCache = ModCache && !ModCachePruned,
            ModuleCachePruned = ModCache && ModCachePruned,
            CleanBuildCache = BuildCache,
            WaitForOtherBuilds = wait,
            Log = line => Log.LogMessage(MessageImportance.High, "GoModCache: " + line),
            Ci = Ci(PublishToCI),
            AzureCommand = AzureCommand,
        });
        ModCacheAction = result.ModuleCache.Action.ToString();
        BuildCacheAction = result.BuildCache.Action.ToString();
        ModCacheDeferred = result.ModuleCache.Action == AfterBuildAction.Deferred;
        BuildCacheDeferred = result.BuildCache.Action == AfterBuildAction.Deferred;
        ModCacheBytesFreed = result.ModuleCache.BytesFreed;
        BuildCacheBytesFreed = result.BuildCache.BytesFreed;
        if (result.ModuleCache.Action == AfterBuildAction.Cleaned)
        {
            Log.LogMessage(MessageImportance.High, $"GoModCache: cleaned the Go module cache {result.ModuleCache.Root}: freed {SizeParser.Format(ModCacheBytesFreed)} ({result.ModuleCacheClean!.VersionsBefore} module versions).");
        }

        if (result.BuildCache.Action == AfterBuildAction.Cleaned)
        {
            Log.LogMessage(MessageImportance.High, $"GoModCache: cleaned the Go build cache {result.BuildCache.Root}: freed {SizeParser.Format(BuildCacheBytesFreed)}.");
        }

        Log.LogMessage(MessageImportance.Normal, $"GoModCache: after the Go build: {result.ModuleCache}; {result.BuildCache}.");
        if (picture != null)
        {
            CacheTaskSupport.WriteHtml(Log, nameof(GoCleanCaches), ReportHtml, () => picture.AfterClean(
                "clean",
                result.ModuleCache.Action == AfterBuildAction.Cleaned,
                picture.ModuleCacheRoot == null ? null : Measure(picture.ModuleCacheRoot),
                picture.ModuleCacheRoot != null && Directory.Exists(picture.ModuleCacheRoot) ? ModuleCacheInventory.Scan(picture.ModuleCacheRoot).Modules.Count : 0,
                picture.BuildCacheRoot == null ? null : Measure(picture.BuildCacheRoot)));
        }
    }

    private void ReportKept()
    {
        // Best effort: a build that failed because go is missing still fails with go's own error, not this one.
        string? modCache = null;
        string? buildCache = null;
        System.Collections.Generic.IReadOnlyList<string> goPath = [];
        try
        {
            var caches = CacheRoots.Locate(null, null, true, true, GoExecutable, EnvironmentVariables, WorkingDirectory);
            (modCache, buildCache, goPath) = (caches.ModCache, caches.BuildCache, caches.GoPathEntries);
        }
        catch (GoModCacheException ex)
        {
            Log.LogMessage(MessageImportance.Low, "GoModCache: could not locate Go's caches: " + ex.Message);
        }

        var kept = AfterBuildCleanup.AfterFailure(new BuildFailureRequest { ModuleCacheRoot = modCache, BuildCacheRoot = buildCache, GoPathEntries = goPath });
        Log.LogMessage(MessageImportance.High, "GoModCache: " + kept.Message);
    }

    private bool TryParseWait(out TimeSpan? wait)
    {
        try
        {
            wait = OperationInput.ParseSeconds(nameof(WaitForOtherBuildsSeconds), WaitForOtherBuildsSeconds, "30, 0.5");
            return true;
        }
        catch (GoModCacheException ex)
        {
            wait = null;
            Log.LogError(null, ErrorCodes.InvalidSeconds, null, null, 0, 0, 0, 0, ex.Message);
            return false;
        }
    }

    private static TreeSize Measure(string root) => Directory.Exists(root) ? TreeSize.Measure(root) : TreeSize.Empty;

    private CacheReport? ScanBefore(string? modCache, string? buildCache)
    {
        if (string.IsNullOrWhiteSpace(ReportHtml) || (modCache == null && buildCache == null))
        {
            return null;
        }

        try
        {
            return CacheReport.Scan("clean", modCache, buildCache);
        }
        catch (Exception ex) when (ex is GoModCacheException or IOException or UnauthorizedAccessException)
        {
            Log.LogWarning(null, ErrorCodes.ReportNotWritten, null, null, 0, 0, 0, 0, $"GoCleanCaches could not measure the caches for the HTML report '{ReportHtml}': {ex.Message}");
            return null;
        }
    }
}
