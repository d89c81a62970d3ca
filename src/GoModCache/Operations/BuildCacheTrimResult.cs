using System.Collections.Generic;
using GoCaches.Ci;
using GoCaches.Reports;
using GoCaches.Trimming;

namespace GoCaches.Operations;

/// <summary>What <see cref="BuildCacheTrim"/> did: the report, the files written, the CI outputs published.</summary>
public sealed class BuildCacheTrimResult
{
    internal BuildCacheTrimResult(BuildCacheTrimReport report)
    {
        Report = report;
    }

    /// <summary>Gets the report: sizes before and after, the entries removed and by which rule, what failed.</summary>
    public BuildCacheTrimReport Report { get; }

    /// <summary>Gets the report files written (or not).</summary>
    public IReadOnlyList<WrittenReport> Reports { get; internal set; } = [];

    /// <summary>Gets what was published to the CI, or null.</summary>
    public CiPublication? Published { get; internal set; }

    /// <summary>Gets a value indicating whether every planned removal succeeded.</summary>
    public bool Succeeded => Report.Succeeded;

    /// <summary>
    /// Gets the outputs published to the CI: <c>trim-bytes-freed</c>, <c>trim-entries-removed</c>,
    /// <c>trim-bytes-before</c>, <c>trim-bytes-after</c>, <c>trim-dry-run</c>; Azure Pipelines <c>GOCACHE_TRIM_…</c>.
    /// </summary>
    /// <returns>The outputs.</returns>
    public IReadOnlyList<CiOutput> CiOutputs() => Outputs(Report);

    /// <summary>Gets a one-line summary.</summary>
    /// <returns>The report's summary.</returns>
    public override string ToString() => Report.ToString();

    /// <summary>Gets the CI outputs of a trim report.</summary>
    /// <param name="report">The report.</param>
    /// <returns>The outputs.</returns>
    internal static IReadOnlyList<CiOutput> Outputs(BuildCacheTrimReport report) =>
    [
        CiOutput.For(CacheOperation.Trim, "bytes-freed", report.BytesFreed),
        CiOutput.For(CacheOperation.Trim, "entries-removed", report.Removed.Count),
        CiOutput.For(CacheOperation.Trim, "bytes-before", report.BytesBefore),
        CiOutput.For(CacheOperation.Trim, "bytes-after", report.BytesAfter),
        CiOutput.For(CacheOperation.Trim, "dry-run", report.DryRun),
    ];
}
