using System;
using Cake.Core.IO;
using GoCaches.Operations;

namespace Cake.GoModCache.Caches;

/// <summary>Where a cache report goes, besides the typed result and the Cake log.</summary>
public abstract class GoCacheReportSettings : GoSettings
{
    /// <summary>Gets or sets a file to write the report to as JSON, or null.</summary>
    public FilePath? ReportJson { get; set; }

    /// <summary>Gets or sets a file to write the report to as Markdown, or null.</summary>
    public FilePath? ReportMarkdown { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether the Markdown report is appended to the GitHub Actions job summary
    /// (<c>$GITHUB_STEP_SUMMARY</c>) when that variable is set. Default true.
    /// </summary>
    public bool WriteJobSummary { get; set; } = true;

    /// <summary>
    /// Gets or sets a value indicating whether the figures are published for later CI steps: GitHub Actions step
    /// outputs <c>bytes-freed</c> and <c>versions-removed</c>, Azure Pipelines variables <c>GOMODCACHE_BYTES_FREED</c>
    /// and <c>GOMODCACHE_VERSIONS_REMOVED</c>. Default false.
    /// </summary>
    public bool PublishToCI { get; set; }

    /// <summary>Gets or sets how often a long prune or clean logs its progress. Default five seconds.</summary>
    public TimeSpan ProgressInterval { get; set; } = OperationDefaults.ProgressInterval;
}
