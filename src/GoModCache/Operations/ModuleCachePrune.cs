using System;
using System.IO;
using GoCaches.Pruning;
using GoCaches.Reports;

namespace GoCaches.Operations;

/// <summary>
/// The prune of the module cache by policy, once for every front end: plans with <see cref="ModuleCachePruner"/>
/// (whatever fails there has removed nothing), removes (or, in a dry run, only reports), writes the reports asked for
/// and publishes the outcome to the CI. Every line to log goes out as a <see cref="CacheOperationEvent"/>.
/// </summary>
public static class ModuleCachePrune
{
    /// <summary>Prunes.</summary>
    /// <param name="request">What to prune and how.</param>
    /// <param name="log">Receives the lines to log (progress comes on a timer thread; calls never overlap); null: none.</param>
    /// <returns>The outcome; <see cref="ModuleCacheRemovalResult.Succeeded"/> is false when a version could not be removed.</returns>
    /// <exception cref="GoModCacheException">The request or its rules are not valid, or the cache cannot be read (nothing was removed); or the prune stopped while removing.</exception>
    /// <exception cref="OperationCanceledException">The request's token stopped the prune.</exception>
    public static ModuleCacheRemovalResult Run(ModuleCachePruneRequest request, Action<CacheOperationEvent>? log = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        var events = new OperationEvents(CacheOperation.Prune, log);
        var policy = request.ToPolicy();
        var pruner = new ModuleCachePruner(request.Root, policy, request.ToPruneOptions(events, "prune", request.GracePeriod));

        // Plan first, apart: whatever fails here has removed nothing.
        var plan = pruner.Plan();
        PruneReport report;
        if (request.DryRun)
        {
            report = plan.ToReport();
        }
        else
        {
            try
            {
                report = pruner.Execute(plan);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new GoModCacheException($"The prune stopped while removing from {request.Root}: {ex.Message}", ex);
            }
        }

        RemovalEvents.Tell(events, report, eachVersion: true);
        var result = new ModuleCacheRemovalResult(report);

        // The picture shows the cache as it was: after a real run, the cache left plus what the report removed.
        result.Reports = events.Reports(request.Reports, report.ToJson, () => report.ToMarkdown(), () => CacheReport.Scan("prune", request.Root, request.BuildCacheRoot, policy.UsageRecordPath, report));
        result.Published = events.Ci(request.Ci, result.CiOutputs(), request.AzureCommand);
        return result;
    }
}
