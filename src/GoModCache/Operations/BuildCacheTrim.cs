using System;
using GoCaches.Inventory;
using GoCaches.Reports;
using GoCaches.Trimming;

namespace GoCaches.Operations;

/// <summary>
/// The build cache trim, once for every front end: <see cref="BuildCacheTrimmer"/> with the request's rules (Go's own
/// 5 days and 1 hour when neither an age nor a size is given), then the reports asked for and the CI outputs. Every
/// line to log goes out as a <see cref="CacheOperationEvent"/>.
/// </summary>
public static class BuildCacheTrim
{
    /// <summary>Trims.</summary>
    /// <param name="request">What to trim and how.</param>
    /// <param name="log">Receives the lines to log; null: none.</param>
    /// <returns>The outcome; <see cref="BuildCacheTrimResult.Succeeded"/> is false when a file could not be removed.</returns>
    /// <exception cref="GoModCacheException">The request is not valid or the root is not a Go build cache (nothing was removed).</exception>
    /// <exception cref="OperationCanceledException">The request's token stopped the trim.</exception>
    public static BuildCacheTrimResult Run(BuildCacheTrimRequest request, Action<CacheOperationEvent>? log = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        var events = new OperationEvents(CacheOperation.Trim, log);
        var report = new BuildCacheTrimmer(request.Root, request.ToPolicy(), new BuildCacheTrimOptions
        {
            DryRun = request.DryRun,
            CacheIdle = request.CacheIdle,
            GoPathEntries = request.GoPathEntries,
            ModCacheRoot = request.ModCacheRoot,
            LeaseWait = request.LeaseWait,
            LeaseLog = line => events.Emit(CacheOperationEventKind.OtherBuilds, line),
            CancellationToken = request.CancellationToken,
        }).Run();
        RemovalEvents.Tell(events, report);
        var result = new BuildCacheTrimResult(report);

        // The picture shows the build cache before (the trim report's figures) and after (a scan now).
        result.Reports = events.Reports(request.Reports, report.ToJson, report.ToMarkdown, () => CacheReport.Scan("trim", null, request.Root, buildCacheBefore: new TreeSize(report.BytesBefore, report.FilesBefore, 0, 0)) with { DryRun = report.DryRun });
        result.Published = events.Ci(request.Ci, result.CiOutputs(), request.AzureCommand);
        return result;
    }
}
