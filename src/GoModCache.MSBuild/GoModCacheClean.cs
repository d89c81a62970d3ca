using System.Threading;
using GoCaches.Operations;
using Microsoft.Build.Framework;

namespace GoModCache.MSBuild;

/// <summary>
/// Cleans Go's caches with the engine's cleaner, without starting go: the module cache under Go's locks (read-only
/// trees made writable, download files first, refusing anything that is not a module cache), the build, test and
/// fuzz caches as <c>go clean</c> does; says what was freed. (<see cref="GoClean"/> is the plain <c>go clean</c>.)
/// </summary>
public class GoModCacheClean : GoCacheTask
{
    /// <summary>Gets or sets a value indicating whether to clean the module cache.</summary>
    public bool ModCache { get; set; }

    /// <summary>Gets or sets a value indicating whether to clean the build cache.</summary>
    public bool BuildCache { get; set; }

    /// <summary>Gets or sets a value indicating whether to expire cached test results.</summary>
    public bool TestCache { get; set; }

    /// <summary>Gets or sets a value indicating whether to clean the fuzz cache.</summary>
    public bool FuzzCache { get; set; }

    /// <summary>Gets or sets a value indicating whether nothing is removed: the log says what would go.</summary>
    public bool DryRun { get; set; }

    /// <summary>Gets or sets a file to write the module cache report to as JSON. Empty: none.</summary>
    public string? ReportJson { get; set; }

    /// <summary>Gets or sets a file to write the module cache report to as Markdown. Empty: none.</summary>
    public string? ReportMarkdown { get; set; }

    /// <summary>Gets or sets a value indicating whether the report is appended to the GitHub job summary (when <c>GITHUB_STEP_SUMMARY</c> is set). Default true.</summary>
    public bool WriteJobSummary { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether the figures are published as GitHub step outputs and Azure Pipelines variables.</summary>
    public bool PublishToCI { get; set; }

    /// <summary>Gets or sets the module cache root; empty: <c>go env GOMODCACHE</c>.</summary>
    public string? ModCacheRoot { get; set; }

    /// <summary>Gets or sets the build cache root; empty: <c>go env GOCACHE</c>.</summary>
    public string? BuildCacheRoot { get; set; }

    /// <summary>Gets the bytes freed in the module cache.</summary>
    [Output]
    public long ModCacheBytesFreed { get; private set; }

    /// <summary>Gets the bytes freed in the build cache.</summary>
    [Output]
    public long BuildCacheBytesFreed { get; private set; }

    /// <inheritdoc />
    protected override string DefaultErrorCode => ErrorCodes.CleanFailed;

    /// <inheritdoc />
    protected override bool Run(GoCacheOperations operations, CancellationToken cancel)
    {
        var kinds = (ModCache ? CacheKinds.ModuleCache : CacheKinds.None) | (BuildCache ? CacheKinds.BuildCache : CacheKinds.None)
            | (TestCache ? CacheKinds.TestCache : CacheKinds.None) | (FuzzCache ? CacheKinds.FuzzCache : CacheKinds.None);
        if (kinds == CacheKinds.None)
        {
            Log.LogMessage(MessageImportance.Normal, "GoModCacheClean: nothing to clean (ModCache, BuildCache, TestCache and FuzzCache are all false).");
            return true;
        }

        var result = operations.Clean(new CleanRequest
        {
            Roots = Locate(ModCacheRoot, BuildCacheRoot, ModCache, kinds != CacheKinds.ModuleCache),
            Caches = kinds,
            DryRun = DryRun,
            Reports = Reports(ReportJson, ReportMarkdown, WriteJobSummary, PublishToCI),
            ProgressInterval = ProgressInterval,
            CancellationToken = cancel,
        });
        ModCacheBytesFreed = result.ModCache?.BytesFreed ?? 0;
        BuildCacheBytesFreed = result.BuildCache?.BytesFreed ?? 0;
        return true;
    }
}
