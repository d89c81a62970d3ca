using System.Collections.Generic;
using GoCaches.Ci;
using GoCaches.Pruning;
using GoCaches.Reports;

namespace GoCaches.Operations;

/// <summary>What <see cref="ModuleCachePrune"/> or <see cref="ModuleCacheClean"/> did: the report, the files written, the CI outputs published.</summary>
public sealed class ModuleCacheRemovalResult
{
    internal ModuleCacheRemovalResult(PruneReport report)
    {
        Report = report;
    }

    /// <summary>Gets the operation: <see cref="CacheOperation.Prune"/> or <see cref="CacheOperation.Clean"/>.</summary>
    public CacheOperation Operation => Report.Kind;

    /// <summary>Gets the report: sizes before and after, what was removed and why, what was kept and why, what failed.</summary>
    public PruneReport Report { get; }

    /// <summary>Gets the report files written (or not).</summary>
    public IReadOnlyList<WrittenReport> Reports { get; internal set; } = [];

    /// <summary>Gets what was published to the CI, or null.</summary>
    public CiPublication? Published { get; internal set; }

    /// <summary>Gets a value indicating whether every planned removal succeeded.</summary>
    public bool Succeeded => Report.Succeeded;

    /// <summary>
    /// Gets the outputs published to the CI, named after the operation (<c>prune-</c> or <c>clean-</c>; Azure Pipelines
    /// <c>GOCACHE_PRUNE_…</c>, <c>GOCACHE_CLEAN_…</c>): <c>bytes-freed</c>, <c>versions-removed</c>, <c>bytes-before</c>,
    /// <c>bytes-after</c>, <c>dry-run</c>, <c>postponed</c>.
    /// </summary>
    /// <returns>The outputs.</returns>
    public IReadOnlyList<CiOutput> CiOutputs() => Outputs(Report);

    /// <summary>Gets a one-line summary.</summary>
    /// <returns>The report's summary.</returns>
    public override string ToString() => Report.ToString();

    /// <summary>Gets the CI outputs of a prune or clean report.</summary>
    /// <param name="report">The report.</param>
    /// <returns>The outputs.</returns>
    internal static IReadOnlyList<CiOutput> Outputs(PruneReport report) =>
    [
        CiOutput.For(report.Kind, "bytes-freed", report.BytesFreed),
        CiOutput.For(report.Kind, "versions-removed", report.Removed.Count),
        CiOutput.For(report.Kind, "bytes-before", report.BytesBefore),
        CiOutput.For(report.Kind, "bytes-after", report.BytesAfter),
        CiOutput.For(report.Kind, "dry-run", report.DryRun),
        CiOutput.For(report.Kind, "postponed", report.Postponed),
    ];
}
