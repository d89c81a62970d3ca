using System;
using System.Globalization;
using System.IO;
using GoCaches;
using GoCaches.Ci;
using GoCaches.Eviction;
using GoCaches.Inventory;
using GoCaches.Operations;
using GoCaches.Pruning;
using GoCaches.Reports;
using GoCaches.Trimming;
using Microsoft.Build.Framework;

namespace GoModCache.MSBuild;

/// <summary>
/// Trims Go's build cache with the engine's <see cref="BuildCacheTrimmer"/>: entries (an action file and the output it
/// names) unused for longer than an age (one hour granularity: Go refreshes an entry's time at most hourly) and/or,
/// least recently used first, down to a size; optionally the fuzz cache and cached test results. With neither an age
/// nor a size: Go's own rule, 5 days and 1 hour. An invalid input or a root that is not a Go build cache is error
/// <c>GOMC060</c> and nothing is removed; a file that cannot be removed is warning <c>GOMC061</c>.
/// </summary>
public class GoBuildCacheTrim : GoCacheTask
{
    /// <summary>Gets or sets the age beyond which an unused entry goes: days (<c>5</c>, <c>0.5</c>) or a time span (<c>12:00:00</c>). Empty: none (or Go's 5 days + 1 hour when there is no size either).</summary>
    public string? UnusedFor { get; set; }

    /// <summary>Gets or sets the age: the former name of <see cref="UnusedFor"/>, kept so that projects that set it keep working.</summary>
    public string? UnusedForDays
    {
        get => UnusedFor;
        set => UnusedFor = value;
    }

    /// <summary>Gets or sets the size to trim the build cache down to, least recently used first: <c>2GB</c>, <c>500 MiB</c>, <c>50%</c>. Empty: none.</summary>
    public string? SizeLimit { get; set; }

    /// <summary>Gets or sets a value indicating whether the fuzz cache is trimmed too.</summary>
    public bool IncludeFuzzCache { get; set; }

    /// <summary>Gets or sets a value indicating whether cached test results are expired (as <c>go clean -testcache</c>).</summary>
    public bool ExpireTestResults { get; set; }

    /// <summary>Gets or sets a value indicating whether nothing is removed.</summary>
    public bool DryRun { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether no go command uses the build cache during the trim (the end of a CI job).
    /// Default false: entries used within the last hour are kept whatever the rules say, as in Go's own trim.
    /// </summary>
    public bool CacheIdle { get; set; }

    /// <summary>Gets or sets a file for the JSON report. Empty: none.</summary>
    public string? ReportJson { get; set; }

    /// <summary>Gets or sets a file for the Markdown report. Empty: none.</summary>
    public string? ReportMarkdown { get; set; }

    /// <summary>Gets or sets a file for the HTML report (a self-contained page picturing the build cache before and after). Empty: none.</summary>
    public string? ReportHtml { get; set; }

    /// <summary>Gets or sets a value indicating whether the Markdown report is appended to <c>$GITHUB_STEP_SUMMARY</c> when set. Default true.</summary>
    public bool WriteJobSummary { get; set; } = true;

    /// <summary>Gets or sets the build cache root; empty: <c>go env GOCACHE</c>. Holds the root trimmed afterwards.</summary>
    [Output]
    public string? BuildCacheRoot { get; set; }

    /// <summary>Gets the bytes freed (in a dry run: that would be).</summary>
    [Output]
    public long BytesFreed { get; private set; }

    /// <summary>Gets the number of entries removed (in a dry run: that would be).</summary>
    [Output]
    public int EntriesRemoved { get; private set; }

    /// <inheritdoc />
    private protected override string FailureCode => ErrorCodes.TrimRefused;

    /// <inheritdoc />
    private protected override string FailureSuffix => " Nothing was removed.";

    /// <summary>Gets or sets a value indicating whether the outcome is published to the CI: GitHub Actions step outputs (<c>trim-bytes-freed</c>, <c>trim-entries-removed</c>, …) and Azure Pipelines variables (<c>GOCACHE_TRIM_BYTES_FREED</c>, …). Default true.</summary>
    public bool PublishToCI { get; set; } = true;

    /// <inheritdoc />
    private protected override void Run(System.Threading.CancellationToken cancellationToken)
    {
        // The engine reads the parameters (a refusal is GOMC060 and nothing is removed) before go env runs.
        var unusedFor = OperationInput.ParseAge(nameof(UnusedFor), UnusedFor);
        var sizeLimit = OperationInput.ParseSize(nameof(SizeLimit), SizeLimit);
        var caches = Locate(null, BuildCacheRoot, needModCache: false, needBuildCache: true);
        if (caches.BuildCache == null)
        {
            Log.LogMessage(MessageImportance.High, "GoModCache: Go's build cache is off (GOCACHE=off): nothing to trim.");
            return;
        }

        BuildCacheRoot = caches.BuildCache;
        var result = BuildCacheTrim.Run(
            new BuildCacheTrimRequest
            {
                Root = caches.BuildCache,
                UnusedFor = unusedFor,
                SizeLimit = sizeLimit,
                IncludeFuzzCache = IncludeFuzzCache,
                ExpireTestResults = ExpireTestResults,
                DryRun = DryRun,
                CacheIdle = CacheIdle,
                GoPathEntries = caches.GoPathEntries,
                CancellationToken = cancellationToken,
                Reports = CacheTaskSupport.Files(ReportJson, ReportMarkdown, ReportHtml, WriteJobSummary),
                Ci = Ci(PublishToCI),
                AzureCommand = AzureCommand,
            },
            e => LogEvent(e, ErrorCodes.TrimIncomplete));
        BytesFreed = result.Report.BytesFreed;
        EntriesRemoved = result.Report.Removed.Count;
    }
}
