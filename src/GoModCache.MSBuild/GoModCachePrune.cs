using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using GoCaches;
using GoCaches.Inventory;
using GoCaches.Leases;
using GoCaches.Operations;
using GoCaches.Pruning;
using GoCaches.Reports;
using Microsoft.Build.Framework;

namespace GoModCache.MSBuild;

/// <summary>
/// Prunes Go's module cache by policy with the engine's <see cref="ModuleCachePruner"/>: removes the module
/// versions the rules select (see <see cref="PrunePolicy"/> for how they combine) and keeps the rest, each version
/// under Go's own lock. Every input (patterns, sizes, project files, the cache root) is read and checked before
/// anything is removed; an invalid one is error <c>GOMC040</c> and nothing is removed. A version that cannot be
/// removed is warning <c>GOMC041</c> and the others still go.
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

    /// <summary>Gets or sets the age: the former name of <see cref="UnusedFor"/>, kept so that projects that set it keep working.</summary>
    public string? UnusedForDays
    {
        get => UnusedFor;
        set => UnusedFor = value;
    }

    /// <summary>Gets or sets the size to prune the whole cache down to, least recently used first: <c>5GB</c>, <c>500 MiB</c>, or <c>50%</c> of its size before. Empty: none.</summary>
    public string? SizeLimit { get; set; }

    /// <summary>Gets or sets the Go toolchains in use (<c>go1.23.5</c>); when any is given, every other toolchain module (<c>golang.org/toolchain</c>) is removed.</summary>
    public string[]? ToolchainsInUse { get; set; }

    /// <summary>Gets or sets a value indicating whether only extracted directories go and the download files stay (Go re-extracts from them without network).</summary>
    public bool KeepDownloadFiles { get; set; }

    /// <summary>Gets or sets a value indicating whether nothing is removed: the log and the reports say what would go.</summary>
    public bool DryRun { get; set; }

    /// <summary>
    /// Gets or sets how many seconds a version marked for removal waits, locked, before its files go, so that a go
    /// command that was already reading it can finish (<c>2</c>, <c>0.5</c>). Empty: two seconds, waited once for the
    /// whole prune. <c>0</c> when no go command uses the cache meanwhile.
    /// </summary>
    public string? GracePeriodSeconds { get; set; }

    /// <summary>
    /// Gets or sets how long (seconds) the prune waits for other builds using the module cache before it removes
    /// nothing (see <see cref="ModuleCachePruner.Execute(PrunePlan)"/>). Empty: 30.
    /// </summary>
    public string? WaitForOtherBuildsSeconds { get; set; }

    /// <summary>Gets or sets a file to write the report to as JSON. Empty: none.</summary>
    public string? ReportJson { get; set; }

    /// <summary>Gets or sets a file to write the report to as Markdown (e.g. for a CI job summary). Empty: none.</summary>
    public string? ReportMarkdown { get; set; }

    /// <summary>
    /// Gets or sets a file to write a picture of the module cache to, as one self-contained HTML page (a treemap by
    /// module and version with what the prune removed, or would, marked; tables, a last-use histogram, totals
    /// before and after). Empty: none.
    /// </summary>
    public string? ReportHtml { get; set; }

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

    /// <summary>Gets or sets how often a long prune logs its progress (tests shorten it).</summary>
    internal TimeSpan ProgressInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <inheritdoc />
    private protected override string FailureCode => ErrorCodes.PruneRefused;

    /// <inheritdoc />
    private protected override string FailureSuffix => " Nothing was removed.";

    /// <summary>Gets or sets a value indicating whether the outcome is published to the CI: GitHub Actions step outputs (<c>prune-bytes-freed</c>, <c>prune-versions-removed</c>, …) and Azure Pipelines variables (<c>GOCACHE_PRUNE_BYTES_FREED</c>, …). Default true.</summary>
    public bool PublishToCI { get; set; } = true;

    /// <inheritdoc />
    private protected override void Run(CancellationToken cancellationToken)
    {
        // The engine reads the parameters (a refusal is GOMC040 and nothing is removed) before go env runs.
        var keepNewest = OperationInput.ParseCount(nameof(KeepNewest), KeepNewest);
        var unusedFor = OperationInput.ParseAge(nameof(UnusedFor), UnusedFor);
        var sizeLimit = OperationInput.ParseSize(nameof(SizeLimit), SizeLimit);
        var gracePeriod = OperationInput.ParseSeconds(nameof(GracePeriodSeconds), GracePeriodSeconds, "2, 0.5");
        var leaseWait = OperationInput.ParseSeconds(nameof(WaitForOtherBuildsSeconds), WaitForOtherBuildsSeconds, "30, 0.5");
        var caches = Locate(ModCacheRoot, null, needModCache: true, needBuildCache: false);
        ModCacheRoot = caches.ModCache!;
        var result = ModuleCachePrune.Run(
            new ModuleCachePruneRequest
            {
                Root = caches.ModCache!,
                ModulePatterns = ModulePatterns,
                KeepProjects = (KeepProjects ?? []).Select(FullPath).ToList(),
                KeepNewest = keepNewest,
                UnusedFor = unusedFor,
                SizeLimit = sizeLimit,
                ToolchainsInUse = (ToolchainsInUse ?? []).Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim()).ToList(),
                KeepDownloadFiles = KeepDownloadFiles,
                UsageRecordPath = string.IsNullOrWhiteSpace(UsageRecord) ? null : Path.GetFullPath(UsageRecord),
                DryRun = DryRun,
                GracePeriod = gracePeriod,
                LeaseWait = leaseWait ?? CacheLease.DefaultWait,
                GoPathEntries = caches.GoPathEntries,
                ProgressInterval = ProgressInterval,
                CancellationToken = cancellationToken,
                Reports = CacheTaskSupport.Files(ReportJson, ReportMarkdown, ReportHtml, jobSummary: false),
                Ci = Ci(PublishToCI),
                AzureCommand = AzureCommand,
            },
            e => LogEvent(e, ErrorCodes.PruneIncomplete));
        BytesFreed = result.Report.BytesFreed;
        VersionsRemoved = result.Report.Removed.Count;
    }

    /// <summary>Reads an age: a number of days, or a time span as .NET writes it (<c>[d.]hh:mm[:ss]</c>); the engine's <see cref="OperationInput.TryParseAge"/>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="age">The age.</param>
    /// <returns>Whether the text is an age.</returns>
    internal static bool TryParseAge(string text, out TimeSpan age) => OperationInput.TryParseAge(text, out age);

    private static string FullPath(ITaskItem item)
    {
        var full = item.GetMetadata("FullPath");
        return string.IsNullOrEmpty(full) ? Path.GetFullPath(item.ItemSpec) : full;
    }
}
