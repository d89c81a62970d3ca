using System;
using System.Globalization;
using System.IO;
using GoCaches;
using GoCaches.Ci;
using GoCaches.Eviction;
using GoCaches.Inventory;
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

    /// <inheritdoc />
    private protected override void Run(System.Threading.CancellationToken cancellationToken)
    {
        TimeSpan? age = null;
        SizeSpec? size = null;
        if (!string.IsNullOrWhiteSpace(UnusedFor))
        {
            if (!GoModCachePrune.TryParseAge(UnusedFor, out var parsed))
            {
                throw new GoModCacheException($"UnusedFor '{UnusedFor}' is neither a number of days (5, 0.5) nor a time span (12:00:00).");
            }

            age = parsed;
        }

        if (!string.IsNullOrWhiteSpace(SizeLimit))
        {
            size = ParseSize("SizeLimit", SizeLimit);
        }

        var caches = Locate(null, BuildCacheRoot, needModCache: false, needBuildCache: true);

        if (caches.BuildCache == null)
        {
            Log.LogMessage(MessageImportance.High, "GoModCache: Go's build cache is off (GOCACHE=off): nothing to trim.");
            return;
        }

        BuildCacheRoot = caches.BuildCache;
        var policy = new BuildCacheTrimPolicy
        {
            UnusedFor = age ?? (size == null ? TimeSpan.FromDays(5) + TimeSpan.FromHours(1) : null),
            SizeLimit = size,
            IncludeFuzzCache = IncludeFuzzCache,
            ExpireTestResults = ExpireTestResults,
        };
        var report = new BuildCacheTrimmer(caches.BuildCache, policy, new BuildCacheTrimOptions { DryRun = DryRun, CacheIdle = CacheIdle, GoPathEntries = caches.GoPathEntries }).Run();

        BytesFreed = report.BytesFreed;
        EntriesRemoved = report.Removed.Count;
        LogReport(Log, report);
        CacheTaskSupport.Publish(
            Log,
            "GoBuildCacheTrim",
            CacheTaskSupport.Files(ReportJson, ReportMarkdown, ReportHtml, WriteJobSummary),
            report.ToJson,
            report.ToMarkdown,
            () => CacheReport.Scan("trim", null, caches.BuildCache, buildCacheBefore: new TreeSize(report.BytesBefore, report.FilesBefore, 0, 0)) with { DryRun = report.DryRun });
    }

    /// <summary>Logs a trim report the way the tasks do.</summary>
    internal static void LogReport(Microsoft.Build.Utilities.TaskLoggingHelper log, BuildCacheTrimReport report)
    {
        foreach (var f in report.Failures)
        {
            log.LogWarning(null, ErrorCodes.TrimIncomplete, null, null, 0, 0, 0, 0, $"GoBuildCacheTrim could not remove {f}");
        }

        foreach (var note in report.Notes)
        {
            log.LogMessage(MessageImportance.High, "GoModCache: " + note);
        }

        var sizes = $"{SizeParser.Format(report.BytesBefore)} → {SizeParser.Format(report.BytesAfter)}";
        var seconds = report.Duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
        log.LogMessage(
            MessageImportance.High,
            report.DryRun
                ? $"GoModCache: trimming the Go build cache {report.Root} would remove {report.Removed.Count} entries and free {SizeParser.Format(report.BytesFreed)} ({sizes}); dry run, nothing was removed ({seconds} s)."
                : $"GoModCache: trimmed the Go build cache {report.Root}: removed {report.Removed.Count} entries, freed {SizeParser.Format(report.BytesFreed)} ({sizes}){(report.KeptInUse > 0 ? $", kept {report.KeptInUse} a go command used meanwhile" : string.Empty)} ({seconds} s).");
    }

    /// <summary>Parses a size parameter; one that does not parse is the engine's refusal, named.</summary>
    /// <param name="parameter">The parameter's name.</param>
    /// <param name="text">Its text.</param>
    /// <returns>The size.</returns>
    internal static SizeSpec ParseSize(string parameter, string text)
    {
        try
        {
            return SizeParser.Parse(text);
        }
        catch (GoModCacheException ex)
        {
            throw new GoModCacheException($"{parameter}: {ex.Message}", ex);
        }
    }
}
