using System.Threading;
using GoCaches;
using GoCaches.Operations;
using Microsoft.Build.Framework;

namespace GoModCache.MSBuild;

/// <summary>
/// Measures Go's module cache (<c>GOMODCACHE</c>) and build cache (<c>GOCACHE</c>) with the engine's inventories:
/// bytes, files, module versions and toolchains. The cache roots come from <c>go env</c> unless given.
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

    /// <inheritdoc />
    protected override bool Run(GoCacheOperations operations, CancellationToken cancel)
    {
        CacheSizeResult result;
        try
        {
            result = operations.Size(new CacheSizeRequest { Roots = Locate(ModCacheRoot, BuildCacheRoot, needModCache: true, IncludeBuildCache), IncludeLastUse = false });
        }
        catch (GoModCacheException ex) when (BestEffort)
        {
            Log.LogMessage(MessageImportance.Normal, "Could not measure Go's caches: " + ex.Message);
            return true;
        }

        var modules = result.ModCache!;
        ModCacheRoot = modules.Root;
        ModCacheBytes = modules.Total.Bytes;
        ModCacheFiles = modules.Total.Files;
        ModuleVersions = modules.Modules.Count;
        Toolchains = modules.Toolchains.Count;
        if (IncludeBuildCache)
        {
            BuildCacheRoot = result.BuildCache?.Root ?? string.Empty;
            BuildCacheBytes = result.BuildCache?.Total.Bytes ?? 0;
            BuildCacheFiles = result.BuildCache?.Total.Files ?? 0;
        }

        return true;
    }
}
