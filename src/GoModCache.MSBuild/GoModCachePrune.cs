using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using GoCaches;
using GoCaches.Inventory;
using GoCaches.Leases;
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

    /// <inheritdoc />
    private protected override void Run(CancellationToken cancellationToken)
    {
        if (!TryRules(out var keepNewest, out var unusedFor, out var sizeLimit))
        {
            return;
        }

        var gracePeriod = new PruneOptions().GracePeriod;
        if (!string.IsNullOrWhiteSpace(GracePeriodSeconds))
        {
            if (!double.TryParse(GracePeriodSeconds.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds) || seconds > 3600)
            {
                Refuse($"GracePeriodSeconds '{GracePeriodSeconds}' is not a number of seconds from 0 to 3600 (2, 0.5).");
                return;
            }

            gracePeriod = TimeSpan.FromSeconds(seconds);
        }

        var leaseWait = CacheLease.DefaultWait;
        if (!string.IsNullOrWhiteSpace(WaitForOtherBuildsSeconds))
        {
            if (!double.TryParse(WaitForOtherBuildsSeconds.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds) || seconds > 3600)
            {
                Refuse($"WaitForOtherBuildsSeconds '{WaitForOtherBuildsSeconds}' is not a number of seconds from 0 to 3600 (30, 0.5).");
                return;
            }

            leaseWait = TimeSpan.FromSeconds(seconds);
        }

        var caches = Locate(ModCacheRoot, null, needModCache: true, needBuildCache: false);
        var root = caches.ModCache!;
        ModCacheRoot = root;
        var toolchains = (ToolchainsInUse ?? []).Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim()).ToList();
        var policy = new PrunePolicy
        {
            ModulePatterns = string.IsNullOrWhiteSpace(ModulePatterns) ? null : ModulePatterns.Trim(),
            KeepProjects = (KeepProjects ?? []).Select(FullPath).ToList(),
            KeepNewest = keepNewest,
            UnusedFor = unusedFor,
            SizeLimit = sizeLimit,
            ToolchainsInUse = toolchains.Count > 0 ? toolchains : null,
            KeepDownloadFiles = KeepDownloadFiles,
            UsageRecordPath = string.IsNullOrWhiteSpace(UsageRecord) ? GoCaches.Inventory.UsageRecord.DefaultPath(root) : Path.GetFullPath(UsageRecord),
        };
        var options = new PruneOptions
        {
            DryRun = DryRun,
            GoPathEntries = caches.GoPathEntries,
            Progress = p =>
            {
                if (p.Phase != PrunePhase.Done)
                {
                    Log.LogMessage(MessageImportance.Normal, "GoModCache: prune: " + p);
                }
            },
            ProgressInterval = ProgressInterval,
            GracePeriod = gracePeriod,
            LeaseWait = leaseWait,
            LeaseLog = line => Log.LogMessage(MessageImportance.High, "GoModCache: " + line),
            CancellationToken = cancellationToken,
        };

        // Plan first, apart: whatever fails here has removed nothing (the engine's refusal is GOMC040, an unreadable cache GOMC012).
        var pruner = new ModuleCachePruner(root, policy, options);
        var plan = pruner.Plan();
        PruneReport report;
        if (DryRun)
        {
            report = plan.ToReport();
        }
        else
        {
            try
            {
                report = pruner.Execute(plan);
            }
            catch (Exception ex) when (ex is GoModCacheException or IOException or UnauthorizedAccessException)
            {
                throw new GoCacheTaskException(ErrorCodes.PruneRefused, $"GoModCachePrune stopped while removing from {root}: {ex.Message}", ex);
            }
        }

        BytesFreed = report.BytesFreed;
        VersionsRemoved = report.Removed.Count;
        LogReport(report);
        CacheTaskSupport.Publish(
            Log,
            "GoModCachePrune",
            CacheTaskSupport.Files(ReportJson, ReportMarkdown, ReportHtml, jobSummary: false),
            report.ToJson,
            () => report.ToMarkdown(),
            () => CacheReport.Scan("prune", root, null, policy.UsageRecordPath, report));
    }

    /// <summary>Reads an age: a number of days, or a time span as .NET writes it (<c>[d.]hh:mm[:ss]</c>).</summary>
    /// <param name="text">The text.</param>
    /// <param name="age">The age.</param>
    /// <returns>Whether the text is an age.</returns>
    internal static bool TryParseAge(string text, out TimeSpan age)
    {
        var s = text.Trim();
        if (double.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var days))
        {
            if (days > TimeSpan.MaxValue.TotalDays - 1)
            {
                age = default;
                return false;
            }

            age = TimeSpan.FromDays(days);
            return true;
        }

        return TimeSpan.TryParse(s, CultureInfo.InvariantCulture, out age);
    }

    private bool TryRules(out int? keepNewest, out TimeSpan? unusedFor, out SizeSpec? sizeLimit)
    {
        keepNewest = null;
        unusedFor = null;
        sizeLimit = null;
        if (!string.IsNullOrWhiteSpace(KeepNewest))
        {
            if (!int.TryParse(KeepNewest.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
            {
                return Refuse($"KeepNewest '{KeepNewest}' is not a whole number.");
            }

            keepNewest = n;
        }

        if (!string.IsNullOrWhiteSpace(UnusedFor))
        {
            if (!TryParseAge(UnusedFor, out var age))
            {
                return Refuse($"UnusedFor '{UnusedFor}' is neither a number of days (30, 0.5) nor a time span (12:00:00, 7.12:00:00).");
            }

            unusedFor = age;
        }

        if (!string.IsNullOrWhiteSpace(SizeLimit))
        {
            try
            {
                sizeLimit = SizeParser.Parse(SizeLimit);
            }
            catch (GoModCacheException ex)
            {
                return Refuse("SizeLimit: " + ex.Message);
            }
        }

        return true;
    }

    private bool Refuse(string message)
    {
        // A parameter error, logged (each one) before the engine runs.
        Log.LogError(null, ErrorCodes.PruneRefused, null, null, 0, 0, 0, 0, $"GoModCachePrune: {message} Nothing was removed.");
        return false;
    }

    private static string FullPath(ITaskItem item)
    {
        var full = item.GetMetadata("FullPath");
        return string.IsNullOrEmpty(full) ? Path.GetFullPath(item.ItemSpec) : full;
    }

    private void LogReport(PruneReport report)
    {
        var verb = report.DryRun ? "would remove" : "removed";
        foreach (var r in report.Removed)
        {
            var what = r.DirectoryOnly ? " (extracted directory only)" : string.Empty;
            Log.LogMessage(MessageImportance.Normal, $"GoModCache: {verb} {r.Module}{what}, {SizeParser.Format(r.Bytes)}: {r.Reason}.");
        }

        foreach (var f in report.Failures)
        {
            Log.LogWarning(null, ErrorCodes.PruneIncomplete, null, null, 0, 0, 0, 0, $"GoModCachePrune could not remove {f.Module}: {f.Message}");
        }

        foreach (var note in report.Notes)
        {
            Log.LogMessage(MessageImportance.High, "GoModCache: " + note);
        }

        var sizes = $"{SizeParser.Format(report.BytesBefore)} → {SizeParser.Format(report.BytesAfter)}";
        var seconds = report.Duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
        Log.LogMessage(
            MessageImportance.High,
            report.DryRun
                ? $"GoModCache: pruning the Go module cache {report.Root} would remove {Versions(report.Removed.Count)} and free {SizeParser.Format(report.BytesFreed)} ({sizes}); dry run, nothing was removed ({seconds} s)."
                : $"GoModCache: pruned the Go module cache {report.Root}: removed {Versions(report.Removed.Count)}, freed {SizeParser.Format(report.BytesFreed)} ({sizes}), {Versions(report.VersionsAfter)} left ({seconds} s)." +
                  (report.Failures.Count > 0 ? $" {report.Failures.Count} could not be removed." : string.Empty));
    }

    private static string Versions(int count) => count == 1 ? "1 module version" : count.ToString(CultureInfo.InvariantCulture) + " module versions";
}
