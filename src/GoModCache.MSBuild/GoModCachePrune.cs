using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using GoCaches;
using GoCaches.Operations;
using Microsoft.Build.Framework;

namespace GoModCache.MSBuild;

/// <summary>
/// Prunes Go's module cache by policy through the engine's prune: removes the module versions the rules select (see
/// the engine's <c>PrunePolicy</c> for how they combine) and keeps the rest, each version under Go's own lock. Every
/// input (patterns, sizes, project files, the cache root) is read and checked before anything is removed; an invalid
/// one is error <c>GOMC040</c> and nothing is removed. A version that cannot be removed is warning <c>GOMC041</c> and
/// the others still go.
/// </summary>
public class GoModCachePrune : GoCacheTask
{
    /// <summary>Gets or sets module path patterns in <c>GOPRIVATE</c> syntax (<c>github.com/acme/*,golang.org/x</c>): only matching modules are pruned.</summary>
    public string? ModulePatterns { get; set; }

    /// <summary>Gets or sets <c>go.mod</c>, <c>go.sum</c>, <c>go.work</c> or <c>go.work.sum</c> files, or directories holding them, whose module versions are kept.</summary>
    public ITaskItem[]? KeepProjects { get; set; }

    /// <summary>Gets or sets how many of the newest versions of each module are kept (a whole number, 1 or more). Empty: no such rule.</summary>
    public string? KeepNewest { get; set; }

    /// <summary>
    /// Gets or sets the age beyond which an unused version is removed: a number of days (<c>30</c>, <c>0.5</c>) or a
    /// time span (<c>12:00:00</c>, <c>7.12:00:00</c>). Empty: no such rule.
    /// </summary>
    public string? UnusedFor { get; set; }

    /// <summary>Gets or sets the size to prune the whole cache down to, least recently used first: <c>5GB</c>, <c>500 MiB</c>, or <c>50%</c> of its size before. Empty: none.</summary>
    public string? SizeLimit { get; set; }

    /// <summary>Gets or sets the Go toolchains in use (<c>go1.23.5</c>); when any is given, every other toolchain module (<c>golang.org/toolchain</c>) is removed.</summary>
    public string[]? ToolchainsInUse { get; set; }

    /// <summary>Gets or sets a value indicating whether only extracted directories go and the download files stay (Go re-extracts from them without network).</summary>
    public bool KeepDownloadFiles { get; set; }

    /// <summary>Gets or sets a value indicating whether nothing is removed: the log and the reports say what would go.</summary>
    public bool DryRun { get; set; }

    /// <summary>
    /// Gets or sets how long a version marked for removal waits, locked, before its files go, so that a go command
    /// that was already reading it can finish: seconds (<c>2</c>, <c>0.5</c>) or a time span. Empty: two seconds,
    /// waited once for the whole prune. <c>0</c> when no go command uses the cache meanwhile.
    /// </summary>
    public string? GracePeriod { get; set; }

    /// <summary>Gets or sets a file to write the report to as JSON. Empty: none.</summary>
    public string? ReportJson { get; set; }

    /// <summary>Gets or sets a file to write the report to as Markdown (e.g. for a CI job summary). Empty: none.</summary>
    public string? ReportMarkdown { get; set; }

    /// <summary>Gets or sets a value indicating whether the report is appended to the GitHub job summary (when <c>GITHUB_STEP_SUMMARY</c> is set). Default true.</summary>
    public bool WriteJobSummary { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether the figures are published as GitHub step outputs and Azure Pipelines variables.</summary>
    public bool PublishToCI { get; set; }

    /// <summary>Gets or sets the usage record with last-use times. Empty: the cache's own (<c>cache/gomodcache-usage.json</c>), when it exists.</summary>
    public string? UsageRecord { get; set; }

    /// <summary>Gets or sets the module cache root; empty: <c>go env GOMODCACHE</c>. Holds the root pruned afterwards.</summary>
    [Output]
    public string? ModCacheRoot { get; set; }

    /// <summary>Gets the bytes freed (in a dry run: that would be).</summary>
    [Output]
    public long BytesFreed { get; private set; }

    /// <summary>Gets the number of module versions removed (in a dry run: that would be).</summary>
    [Output]
    public int VersionsRemoved { get; private set; }

    /// <inheritdoc />
    protected override string DefaultErrorCode => ErrorCodes.PruneRefused;

    /// <summary>Reads an age: a number of days, or a time span as .NET writes it (<c>[d.]hh:mm[:ss]</c>).</summary>
    /// <param name="text">The text.</param>
    /// <param name="age">The age.</param>
    /// <returns>Whether the text is an age.</returns>
    internal static bool TryParseAge(string text, out TimeSpan age) => TryParseDuration(text, TimeSpan.FromDays(1), out age);

    /// <inheritdoc />
    protected override bool Run(GoCacheOperations operations, CancellationToken cancel)
    {
        int? keepNewest = null;
        if (!string.IsNullOrWhiteSpace(KeepNewest))
        {
            keepNewest = int.TryParse(KeepNewest.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : throw Refused($"KeepNewest '{KeepNewest}' is not a whole number.");
        }

        TimeSpan? unusedFor = null;
        if (!string.IsNullOrWhiteSpace(UnusedFor))
        {
            unusedFor = TryParseAge(UnusedFor, out var age) ? age : throw Refused($"UnusedFor '{UnusedFor}' is neither a number of days (30, 0.5) nor a time span (12:00:00, 7.12:00:00).");
        }

        TimeSpan? grace = null;
        if (!string.IsNullOrWhiteSpace(GracePeriod))
        {
            grace = TryParseDuration(GracePeriod, TimeSpan.FromSeconds(1), out var g) && g >= TimeSpan.Zero && g <= OperationDefaults.MaxGracePeriod
                ? g
                : throw Refused($"GracePeriod '{GracePeriod}' is not a number of seconds from 0 to 3600 (2, 0.5) nor a time span.");
        }

        var roots = Locate(ModCacheRoot, null, needModCache: true, needBuildCache: false);
        ModCacheRoot = roots.ModCache;
        var report = operations.Prune(new PruneRequest
        {
            Roots = roots,
            ModulePatterns = ModulePatterns,
            KeepProjects = (KeepProjects ?? []).Select(FullPath).ToList(),
            KeepNewest = keepNewest,
            UnusedFor = unusedFor,
            SizeLimit = SizeLimit,
            ToolchainsInUse = ToolchainsInUse ?? [],
            KeepDownloadFiles = KeepDownloadFiles,
            UsageRecordPath = string.IsNullOrWhiteSpace(UsageRecord) ? null : Path.GetFullPath(UsageRecord),
            DryRun = DryRun,
            GracePeriod = grace,
            Reports = Reports(ReportJson, ReportMarkdown, WriteJobSummary, PublishToCI),
            ProgressInterval = ProgressInterval,
            CancellationToken = cancel,
        });
        BytesFreed = report.BytesFreed;
        VersionsRemoved = report.Removed.Count;
        return true;
    }

    private static GoModCacheException Refused(string message) => new($"{message} Nothing was removed.") { ErrorCode = ErrorCodes.PruneRefused };

    private static string FullPath(ITaskItem item)
    {
        var full = item.GetMetadata("FullPath");
        return string.IsNullOrEmpty(full) ? Path.GetFullPath(item.ItemSpec) : full;
    }
}
