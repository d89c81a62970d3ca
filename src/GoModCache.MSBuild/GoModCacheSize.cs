using GoCaches.Operations;
using GoCaches.Reports;
using Microsoft.Build.Framework;

namespace GoModCache.MSBuild;

/// <summary>
/// Measures Go's module cache (<c>GOMODCACHE</c>) and build cache (<c>GOCACHE</c>) with the engine's
/// <see cref="CacheSize"/>: bytes, files, module versions and toolchains. The cache roots come from <c>go env</c> unless given.
/// </summary>
public class GoModCacheSize : GoCacheTask
{
    /// <summary>Gets or sets a value indicating whether to measure the build cache as well (default true).</summary>
    public bool IncludeBuildCache { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether a failure (no go, unreadable cache) is only a message and the task still succeeds.</summary>
    public bool BestEffort { get; set; }

    /// <summary>Gets or sets the module cache root; empty: <c>go env GOMODCACHE</c>. Holds the root measured afterwards.</summary>
    [Output]
    public string? ModCacheRoot { get; set; }

    /// <summary>Gets or sets the build cache root; empty: <c>go env GOCACHE</c>. Holds the root measured afterwards (empty when GOCACHE=off).</summary>
    [Output]
    public string? BuildCacheRoot { get; set; }

    /// <summary>Gets the module cache size in bytes.</summary>
    [Output]
    public long ModCacheBytes { get; private set; }

    /// <summary>Gets the number of files in the module cache.</summary>
    [Output]
    public long ModCacheFiles { get; private set; }

    /// <summary>Gets the number of module versions in the module cache (toolchains apart).</summary>
    [Output]
    public int ModuleVersions { get; private set; }

    /// <summary>Gets the number of Go toolchains (<c>golang.org/toolchain@…</c>) in the module cache.</summary>
    [Output]
    public int Toolchains { get; private set; }

    /// <summary>Gets the build cache size in bytes.</summary>
    [Output]
    public long BuildCacheBytes { get; private set; }

    /// <summary>Gets the number of files in the build cache.</summary>
    [Output]
    public long BuildCacheFiles { get; private set; }

    /// <summary>Gets or sets a file for the HTML report (a self-contained page picturing the caches measured). Empty: none.</summary>
    public string? ReportHtml { get; set; }

    /// <summary>Gets or sets a value indicating whether each complete module version is sized from its zip's central directory instead of a walk of its tree (faster; a file changed in place inside a tree is not seen). Default false.</summary>
    public bool TreesFromZips { get; set; }

    /// <summary>Gets or sets a value indicating whether the sizes are published to the CI: GitHub Actions step outputs (<c>size-modcache-bytes</c>, …) and Azure Pipelines variables (<c>GOCACHE_SIZE_MODCACHE_BYTES</c>, …). Default true.</summary>
    public bool PublishToCI { get; set; } = true;

    /// <inheritdoc />
    private protected override string FailureCode => ErrorCodes.CacheUnreadable;

    /// <inheritdoc />
    private protected override bool FailureIsMessage => BestEffort;

    /// <inheritdoc />
    private protected override void Run(System.Threading.CancellationToken cancellationToken)
    {
        var caches = Locate(ModCacheRoot, BuildCacheRoot, needModCache: true, IncludeBuildCache);
        ModCacheRoot = caches.ModCache!;
        if (IncludeBuildCache)
        {
            BuildCacheRoot = caches.BuildCache ?? string.Empty;
        }

        var result = CacheSize.Run(
            new CacheSizeRequest
            {
                ModuleCacheRoot = caches.ModCache,
                TreesFromZips = TreesFromZips,
                BuildCacheRoot = IncludeBuildCache ? caches.BuildCache : null,
                BuildCacheOff = IncludeBuildCache && caches.BuildCache == null,
                Reports = string.IsNullOrWhiteSpace(ReportHtml) ? null : new ReportFiles { Html = ReportHtml },
                Ci = Ci(PublishToCI),
                AzureCommand = AzureCommand,
            },
            e => LogEvent(e, ErrorCodes.CacheUnreadable));
        ModCacheBytes = result.ModuleCache!.Total.Bytes;
        ModCacheFiles = result.ModuleCache.Total.Files;
        ModuleVersions = result.ModuleCache.Modules.Count;
        Toolchains = result.ModuleCache.Toolchains.Count;
        BuildCacheBytes = result.BuildCache?.Total.Bytes ?? 0;
        BuildCacheFiles = result.BuildCache?.Total.Files ?? 0;
    }
}
