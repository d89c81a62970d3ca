using System;
using System.Globalization;
using System.Linq;
using GoCaches.Inventory;
using GoCaches.Reports;

namespace GoCaches.Operations;

/// <summary>
/// The size report, once for every front end: measures the module cache (<see cref="ModuleCacheInventory"/>) and/or
/// the build cache (<see cref="BuildCacheInventory"/>), writes the HTML picture asked for and publishes the sizes to
/// the CI. Every line to log goes out as a <see cref="CacheOperationEvent"/>.
/// </summary>
public static class CacheSize
{
    /// <summary>Measures.</summary>
    /// <param name="request">What to measure.</param>
    /// <param name="log">Receives the lines to log; null: none.</param>
    /// <returns>What was measured.</returns>
    /// <exception cref="GoModCacheException">The request is not valid, or a cache cannot be read.</exception>
    public static CacheSizeResult Run(CacheSizeRequest request, Action<CacheOperationEvent>? log = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        var events = new OperationEvents(CacheOperation.Size, log);
        var modules = request.ModuleCacheRoot == null ? null
            : request.ModuleCacheScanAhead?.Result(request.ModuleCacheRoot, request.TreesFromZips) ?? ModuleCacheInventory.Scan(request.ModuleCacheRoot, request.TreesFromZips);
        if (modules != null)
        {
            events.Emit(CacheOperationEventKind.Measured, string.Create(
                CultureInfo.InvariantCulture,
                $"Go module cache {modules.Root}: {SizeParser.Format(modules.Total.Bytes)} in {modules.Total.Files} files; {modules.Modules.Count} module versions ({modules.Incomplete.Count()} incomplete), {modules.Toolchains.Count} toolchains{FromZips(modules)}, vcs {SizeParser.Format(modules.Vcs.Bytes)}, sumdb {SizeParser.Format(modules.SumDb.Bytes)}; measured in {modules.Duration.TotalSeconds:0.00} s."));
        }

        var build = request.BuildCacheRoot == null ? null : BuildCacheInventory.Scan(request.BuildCacheRoot);
        if (build != null)
        {
            events.Emit(CacheOperationEventKind.Measured, string.Create(
                CultureInfo.InvariantCulture,
                $"Go build cache {build.Root}: {SizeParser.Format(build.Total.Bytes)} in {build.Total.Files} files ({SizeParser.Format(build.Entries.Bytes)} in cache entries, {SizeParser.Format(build.Fuzz.Bytes)} fuzz cache); measured in {build.Duration.TotalSeconds:0.00} s."));
        }
        else if (request.BuildCacheOff)
        {
            events.Emit(CacheOperationEventKind.Measured, "Go build cache: off (GOCACHE=off).");
        }

        static string FromZips(ModuleCacheInventory m) => m.Modules.Concat(m.Toolchains).Count(v => v.SizedFromZip) is > 0 and var n
            ? string.Create(CultureInfo.InvariantCulture, $" ({n} of {m.Modules.Concat(m.Toolchains).Count(v => v.IsExtracted)} trees sized from their zips)")
            : string.Empty;

        var result = new CacheSizeResult
        {
            ModuleCache = modules,
            BuildCache = build,
            UsageRecord = modules == null ? null : UsageRecord.Load(request.UsageRecordPath ?? UsageRecord.DefaultPath(modules.Root)),
        };
        // The size has one report: the picture (no JSON or Markdown of its own).
        result.Reports = events.Reports(request.Reports?.Html == null ? null : new ReportFiles { Html = request.Reports.Html }, () => string.Empty, () => string.Empty, () => CacheReport.Create("size", modules, build, result.UsageRecord));
        result.Published = events.Ci(request.Ci, result.CiOutputs(), request.AzureCommand);
        return result;
    }
}
