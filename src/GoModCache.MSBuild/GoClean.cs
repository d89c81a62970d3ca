using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using GoCaches;
using GoCaches.Eviction;
using GoCaches.Inventory;
using GoCaches.Leases;
using GoCaches.Pruning;
using GoCaches.Reports;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace GoModCache.MSBuild;

/// <summary>
/// Runs the plain <c>go clean</c> with the flags set (<c>-modcache</c>, <c>-cache</c>, <c>-testcache</c>,
/// <c>-fuzzcache</c>), so what it removes, prints and fails with is Go's own, but behind the caches' leases
/// (<see cref="GoCleanUnderLease"/>, as the Cake alias <c>GoClean</c>): a module or build cache clean waits for other
/// builds using the cache, and a cache still in use after that is left to the last of them
/// (<see cref="ModCacheDeferred"/>). With none set it does nothing and does not start go. With <see cref="Report"/> it
/// says what was freed at high importance. The engine's locked cleaner is the one of <c>GoCleanCaches</c>.
/// </summary>
public class GoClean : GoToolTask
{
    private IReadOnlyList<string>? _goArguments;

    /// <summary>Gets or sets a value indicating whether to remove the module cache (<c>-modcache</c>).</summary>
    public bool ModCache { get; set; }

    /// <summary>Gets or sets a value indicating whether to remove the build cache (<c>-cache</c>).</summary>
    public bool Cache { get; set; }

    /// <summary>Gets or sets a value indicating whether to expire cached test results (<c>-testcache</c>).</summary>
    public bool TestCache { get; set; }

    /// <summary>Gets or sets a value indicating whether to remove the fuzz corpus cache (<c>-fuzzcache</c>).</summary>
    public bool FuzzCache { get; set; }

    /// <summary>Gets or sets a value indicating whether to report what was freed at high importance.</summary>
    public bool Report { get; set; }

    /// <summary>Gets or sets a file for the HTML report of a module or build cache clean (a self-contained page picturing the caches before and after). Empty: none.</summary>
    public string? ReportHtml { get; set; }

    /// <summary>
    /// Gets or sets how long (seconds) a module or build cache clean waits for other builds using the cache before it
    /// leaves the clean to the last of them. Empty: 30.
    /// </summary>
    public string? WaitForOtherBuildsSeconds { get; set; }

    /// <summary>Gets a value indicating whether the module cache clean was left to another build still using the cache.</summary>
    [Output]
    public bool ModCacheDeferred { get; private set; }

    /// <summary>Gets a value indicating whether the build cache clean was left to another build still using the cache.</summary>
    [Output]
    public bool BuildCacheDeferred { get; private set; }

    /// <summary>Gets the bytes freed in the module cache (with <see cref="Report"/>).</summary>
    [Output]
    public long ModCacheBytesFreed { get; private set; }

    /// <summary>Gets the bytes freed in the build cache (with <see cref="Report"/>).</summary>
    [Output]
    public long BuildCacheBytesFreed { get; private set; }

    /// <inheritdoc />
    protected override string CommandDisplayName => "go clean";

    /// <inheritdoc />
    public override bool Execute()
    {
        if (!ModCache && !Cache)
        {
            return base.Execute();
        }

        // go clean itself, behind the caches' leases (the engine decides): the clean waits for other builds using a
        // cache, then leaves the clean of a cache still in use to the last of them.
        var wait = CacheLease.DefaultWait;
        if (!string.IsNullOrWhiteSpace(WaitForOtherBuildsSeconds))
        {
            if (!double.TryParse(WaitForOtherBuildsSeconds.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds) || seconds > 3600)
            {
                Log.LogError(null, ErrorCodes.InvalidAction, null, null, 0, 0, 0, 0, $"WaitForOtherBuildsSeconds '{WaitForOtherBuildsSeconds}' is not a number of seconds from 0 to 3600 (30, 0.5).");
                return false;
            }

            wait = TimeSpan.FromSeconds(seconds);
        }

        void LeaseLog(string line) => Log.LogMessage(MessageImportance.High, "GoModCache: " + line);
        var goSucceeded = true;
        try
        {
            var caches = CacheRoots.Locate(null, null, ModCache, Cache, GoExecutable, EnvironmentVariables, WorkingDirectory);
            var picture = ScanBefore(ModCache ? caches.ModCache : null, Cache ? caches.BuildCache : null);
            var request = new GoCleanRequest
            {
                ModCache = ModCache,
                Cache = Cache,
                TestCache = TestCache,
                FuzzCache = FuzzCache,
                ModuleCacheRoot = caches.ModCache,
                BuildCacheRoot = caches.BuildCache,
                GoPathEntries = caches.GoPathEntries,
                WaitForOtherBuilds = wait,
                Log = LeaseLog,
            };
            var result = GoCleanUnderLease.Run(request, arguments =>
            {
                // go itself, through ToolTask: its output and errors reach the build log as Go wrote them.
                _goArguments = arguments;
                return goSucceeded = base.Execute();
            });
            ModCacheDeferred = result.ModuleCache?.Deferred == true;
            BuildCacheDeferred = result.BuildCache?.Deferred == true;
            foreach (var cache in new[] { result.ModuleCache, result.BuildCache })
            {
                if (cache is { Deferred: false })
                {
                    var freed = cache.BytesFreed;
                    if (cache.Kind == CacheKind.ModuleCache)
                    {
                        ModCacheBytesFreed = freed;
                        Log.LogMessage(Report ? MessageImportance.High : MessageImportance.Normal, $"GoModCache: cleaned the Go module cache {cache.Root}: freed {SizeParser.Format(freed)} ({cache.VersionsBefore} module versions).");
                    }
                    else
                    {
                        BuildCacheBytesFreed = freed;
                        Log.LogMessage(Report ? MessageImportance.High : MessageImportance.Normal, $"GoModCache: cleaned the Go build cache {cache.Root}: freed {SizeParser.Format(freed)}.");
                    }
                }
            }

            if (picture != null)
            {
                CacheTaskSupport.WriteHtml(Log, "GoClean", ReportHtml, () => picture.AfterClean(
                    "clean",
                    ModCache && !ModCacheDeferred,
                    picture.ModuleCacheRoot == null ? null : Measure(picture.ModuleCacheRoot),
                    picture.ModuleCacheRoot != null && Directory.Exists(picture.ModuleCacheRoot) ? ModuleCacheInventory.Scan(picture.ModuleCacheRoot).Modules.Count : 0,
                    picture.BuildCacheRoot == null ? null : Measure(picture.BuildCacheRoot)));
            }
        }
        catch (Exception ex) when (ex is GoModCacheException or IOException or UnauthorizedAccessException)
        {
            Log.LogError(null, ErrorCodes.GoFailed, null, null, 0, 0, 0, 0, "GoClean: " + ex.Message);
            return false;
        }

        return goSucceeded && !Log.HasLoggedErrors;
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
            Log.LogWarning(null, ErrorCodes.ReportNotWritten, null, null, 0, 0, 0, 0, $"GoClean could not measure the caches for the HTML report '{ReportHtml}': {ex.Message}");
            return null;
        }
    }

    /// <inheritdoc />
    protected override bool SkipTaskExecution()
    {
        if (ModCache || Cache || TestCache || FuzzCache)
        {
            return false;
        }

        Log.LogMessage(MessageImportance.Normal, "GoClean: nothing to clean (ModCache, Cache, TestCache and FuzzCache are all false).");
        return true;
    }

    /// <inheritdoc />
    protected override string GenerateCommandLineCommands()
    {
        if (_goArguments != null)
        {
            return string.Join(' ', _goArguments);
        }

        var builder = new CommandLineBuilder();
        builder.AppendSwitch("clean");
        if (ModCache)
        {
            builder.AppendSwitch("-modcache");
        }

        if (Cache)
        {
            builder.AppendSwitch("-cache");
        }

        if (TestCache)
        {
            builder.AppendSwitch("-testcache");
        }

        if (FuzzCache)
        {
            builder.AppendSwitch("-fuzzcache");
        }

        return builder.ToString();
    }
}
