using System;
using GoCaches.Eviction;
using GoCaches.Pruning;
using GoCaches.Reports;

namespace GoCaches.Operations;

/// <summary>
/// The module cache emptied by the engine's locked cleaner (<see cref="ModuleCacheCleaner"/>: Go's lock on each
/// version, waiting for and deferring to other builds holding the cache's lease), once for every front end; then the
/// reports asked for and the CI outputs. Every line to log goes out as a <see cref="CacheOperationEvent"/>.
/// </summary>
public static class ModuleCacheClean
{
    /// <summary>Cleans.</summary>
    /// <param name="request">What to clean and how.</param>
    /// <param name="log">Receives the lines to log; null: none.</param>
    /// <returns>The outcome.</returns>
    /// <exception cref="GoModCacheException">The request is not valid, the root is not a module cache, or the clean stopped.</exception>
    /// <exception cref="OperationCanceledException">The request's token stopped the clean.</exception>
    public static ModuleCacheRemovalResult Run(ModuleCacheCleanRequest request, Action<CacheOperationEvent>? log = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        var events = new OperationEvents(CacheOperation.Clean, log);
        var report = ModuleCacheCleaner.Clean(request.Root, request.ToPruneOptions(events, "clean"));
        RemovalEvents.Tell(events, report, eachVersion: false);
        var result = new ModuleCacheRemovalResult(report);
        result.Reports = events.Reports(request.Reports, report.ToJson, () => report.ToMarkdown(), () => CacheReport.Scan("clean", request.Root, request.BuildCacheRoot, null, report));
        result.Published = events.Ci(request.Ci, result.CiOutputs(), request.AzureCommand);
        return result;
    }
}
