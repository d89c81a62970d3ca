using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using GoCaches.Ci;
using GoCaches.Inventory;
using GoCaches.Reports;

namespace GoCaches.Operations;

/// <summary>What <see cref="CacheSize"/> measured.</summary>
public sealed class CacheSizeResult
{
    internal CacheSizeResult()
    {
    }

    /// <summary>Gets the module cache as measured, or null when not asked for.</summary>
    public ModuleCacheInventory? ModuleCache { get; internal init; }

    /// <summary>Gets the build cache as measured, or null when not asked for or off.</summary>
    public BuildCacheInventory? BuildCache { get; internal init; }

    /// <summary>Gets the usage record read for last-use times (empty when the module cache was not measured).</summary>
    public UsageRecord? UsageRecord { get; internal init; }

    /// <summary>Gets the report files written (or not).</summary>
    public IReadOnlyList<WrittenReport> Reports { get; internal set; } = [];

    /// <summary>Gets what was published to the CI, or null.</summary>
    public CiPublication? Published { get; internal set; }

    /// <summary>Gets the last use of a module version of <see cref="ModuleCache"/> (usage record, else file times).</summary>
    /// <param name="version">The version.</param>
    /// <returns>Its last use.</returns>
    public LastUse LastUseOf(CachedModuleVersion version) => LastUse.Of(version, UsageRecord);

    /// <summary>
    /// Gets the outputs published to the CI: <c>size-modcache-bytes</c>, <c>size-modcache-files</c>,
    /// <c>size-module-versions</c>, <c>size-toolchains</c> (module cache measured), <c>size-buildcache-bytes</c>,
    /// <c>size-buildcache-files</c> (build cache measured); Azure Pipelines: <c>GOCACHE_SIZE_…</c>.
    /// </summary>
    /// <returns>The outputs.</returns>
    public IReadOnlyList<CiOutput> CiOutputs()
    {
        var outputs = new List<CiOutput>();
        if (ModuleCache is { } m)
        {
            outputs.Add(CiOutput.For(CacheOperation.Size, "modcache-bytes", m.Total.Bytes));
            outputs.Add(CiOutput.For(CacheOperation.Size, "modcache-files", m.Total.Files));
            outputs.Add(CiOutput.For(CacheOperation.Size, "module-versions", m.Modules.Count));
            outputs.Add(CiOutput.For(CacheOperation.Size, "toolchains", m.Toolchains.Count));
        }

        if (BuildCache is { } b)
        {
            outputs.Add(CiOutput.For(CacheOperation.Size, "buildcache-bytes", b.Total.Bytes));
            outputs.Add(CiOutput.For(CacheOperation.Size, "buildcache-files", b.Total.Files));
        }

        return outputs;
    }

    /// <summary>Gets the sizes in one line.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => string.Join("; ", new[]
    {
        ModuleCache == null ? null : string.Create(CultureInfo.InvariantCulture, $"module cache {ModuleCache.Root}: {SizeParser.Format(ModuleCache.Total.Bytes)}, {ModuleCache.Total.Files} files, {ModuleCache.Modules.Count} module versions, {ModuleCache.Toolchains.Count} toolchains"),
        BuildCache == null ? null : string.Create(CultureInfo.InvariantCulture, $"build cache {BuildCache.Root}: {SizeParser.Format(BuildCache.Total.Bytes)}, {BuildCache.Total.Files} files"),
    }.Where(s => s != null));
}
