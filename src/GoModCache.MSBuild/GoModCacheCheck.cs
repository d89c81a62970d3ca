using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using GoCaches;
using GoCaches.Checks;
using GoCaches.Inventory;
using GoCaches.Leases;
using GoCaches.Operations;
using GoCaches.Reports;
using Microsoft.Build.Framework;

namespace GoModCache.MSBuild;

/// <summary>
/// Compares Go's module cache, build cache and free space with their limits (<c>5GB</c>, <c>500 MiB</c>; free space
/// also <c>10%</c>: see the README) through the engine's <see cref="CacheLimitCheck"/>, the same check as the Cake
/// alias <c>GoModCacheCheck</c>, and when one is exceeded does what <see cref="Action"/> says: warn (<c>GOMC001</c>,
/// <c>GOMC002</c>, <c>GOMC005</c>), fail the build with those codes, clean the cache with the engine's locked cleaner,
/// prune the module cache down to its limit (keeping what <see cref="KeepProjects"/> need; a build cache over its
/// limit is cleaned), or trim both down to their limits. A cache without a limit is not measured (both are when
/// <see cref="MinFreeSpace"/> is set); with no limit at all go is not started.
/// </summary>
public class GoModCacheCheck : GoCacheTask
{
    /// <summary>Gets or sets the module cache limit, e.g. <c>5GB</c>. Empty: no limit.</summary>
    public string? ModCacheSizeLimit { get; set; }

    /// <summary>Gets or sets the build cache limit, e.g. <c>2GiB</c>. Empty: no limit.</summary>
    public string? BuildCacheSizeLimit { get; set; }

    /// <summary>Gets or sets the least free space the volume holding the caches must keep: <c>10GB</c> or <c>10%</c>. Empty: none.</summary>
    public string? MinFreeSpace { get; set; }

    /// <summary>
    /// Gets or sets what to do when a limit is exceeded: <c>Warn</c> (default), <c>Fail</c>, <c>Clean</c>, <c>Prune</c> or
    /// <c>Trim</c> (the engine's <see cref="CacheLimitAction"/>, as the Cake setting). <c>Error</c> is a synonym of
    /// <c>Fail</c>, kept for projects written before the two front ends shared one vocabulary.
    /// </summary>
    public string? Action { get; set; }

    /// <summary>Gets or sets <c>go.mod</c>, <c>go.sum</c> or <c>go.work</c> files, or directories holding them, whose module versions a prune keeps.</summary>
    public ITaskItem[]? KeepProjects { get; set; }

    /// <summary>Gets or sets the prune's grace period in seconds (see <c>GoModCachePrune.GracePeriodSeconds</c>). Empty: 2.</summary>
    public string? GracePeriodSeconds { get; set; }

    /// <summary>Gets or sets how long (seconds) a clean, prune or trim waits for other builds using a cache. Empty: 30.</summary>
    public string? WaitForOtherBuildsSeconds { get; set; }

    /// <summary>Gets or sets a value indicating whether no go command uses the build cache during a trim (entries used within the last hour may go too).</summary>
    public bool CacheIdle { get; set; }

    /// <summary>Gets or sets a value indicating whether nothing is removed: the log and the reports say what the action would remove.</summary>
    public bool DryRun { get; set; }

    /// <summary>Gets or sets a file for the check's report as JSON (with the prune, clean or trim it ran). Empty: none.</summary>
    public string? ReportJson { get; set; }

    /// <summary>Gets or sets a file for the check's report as Markdown. Empty: none.</summary>
    public string? ReportMarkdown { get; set; }

    /// <summary>Gets or sets a file for the HTML report (a self-contained page picturing the caches checked, and what the action removed). Empty: none.</summary>
    public string? ReportHtml { get; set; }

    /// <summary>Gets or sets a value indicating whether the Markdown report is appended to the GitHub Actions job summary when <c>GITHUB_STEP_SUMMARY</c> is set. Default true.</summary>
    public bool WriteJobSummary { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether the outcome is published to the CI: GitHub Actions step outputs (<c>check-within-limits</c>, <c>check-bytes-freed</c>, …) and Azure Pipelines variables (<c>GOCACHE_CHECK_WITHIN_LIMITS</c>, …). Default true.</summary>
    public bool PublishToCI { get; set; } = true;

    /// <summary>Gets or sets the module cache root; empty: <c>go env GOMODCACHE</c>.</summary>
    public string? ModCacheRoot { get; set; }

    /// <summary>Gets or sets the build cache root; empty: <c>go env GOCACHE</c>.</summary>
    public string? BuildCacheRoot { get; set; }

    /// <summary>Gets a value indicating whether the module cache is over its limit.</summary>
    [Output]
    public bool ModCacheExceeded { get; private set; }

    /// <summary>Gets a value indicating whether the build cache is over its limit.</summary>
    [Output]
    public bool BuildCacheExceeded { get; private set; }

    /// <summary>Gets a value indicating whether free space is under <see cref="MinFreeSpace"/>.</summary>
    [Output]
    public bool FreeSpaceBelowMinimum { get; private set; }

    /// <summary>Gets the measured module cache size in bytes (0 when it was not measured).</summary>
    [Output]
    public long ModCacheBytes { get; private set; }

    /// <summary>Gets the measured build cache size in bytes (0 when it was not measured).</summary>
    [Output]
    public long BuildCacheBytes { get; private set; }

    /// <summary>Gets the free bytes of the volume holding the caches (0 when nothing was measured).</summary>
    [Output]
    public long FreeBytes { get; private set; }

    /// <summary>Gets the action taken (<c>Warn</c>, <c>Fail</c>, <c>Clean</c>, <c>Prune</c>, <c>Trim</c>), or empty when every limit held.</summary>
    [Output]
    public string ActionTaken { get; private set; } = string.Empty;

    /// <summary>Gets what was done, as the engine's <see cref="CacheLimitStep"/> names (<c>ModuleCachePruned</c>, <c>BuildCacheCleaned</c>, …).</summary>
    [Output]
    public string[] Steps { get; private set; } = [];

    /// <summary>Gets or sets how often a long prune or clean logs its progress (tests shorten it).</summary>
    internal TimeSpan ProgressInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Reads an action as the MSBuild property spells it: a <see cref="CacheLimitAction"/> name, any case, or <c>Error</c> for <c>Fail</c>.</summary>
    /// <param name="text">The text; empty means <c>Warn</c>.</param>
    /// <param name="action">The action.</param>
    /// <returns>Whether the text names an action.</returns>
    internal static bool TryParseAction(string? text, out CacheLimitAction action)
    {
        var word = (text ?? string.Empty).Trim();
        if (word.Length == 0)
        {
            action = CacheLimitAction.Warn;
            return true;
        }

        if (word.Equals("Error", StringComparison.OrdinalIgnoreCase))
        {
            action = CacheLimitAction.Fail;
            return true;
        }

        // Names only: Enum.TryParse alone would also take numbers and lists such as "Warn,Fail".
        var name = Enum.GetNames<CacheLimitAction>().FirstOrDefault(n => n.Equals(word, StringComparison.OrdinalIgnoreCase));
        action = name == null ? default : Enum.Parse<CacheLimitAction>(name);
        return name != null;
    }

    /// <inheritdoc />
    private protected override string FailureCode => ErrorCodes.CacheUnreadable;

    /// <inheritdoc />
    private protected override void Run(CancellationToken cancellationToken)
    {
        if (!TryParseAction(Action, out var action))
        {
            Log.LogError(null, ErrorCodes.InvalidAction, null, null, 0, 0, 0, 0, $"GoCacheLimitAction '{Action}' is not one of {string.Join(", ", Enum.GetNames<CacheLimitAction>())} (or Error, a synonym of Fail).");
            return;
        }

        // The engine reads every text parameter; each one that does not read is its own error, and nothing is checked.
        if (!TryInput(ErrorCodes.InvalidSize, string.Empty, () => OperationInput.ParseLimit("GoModCacheSizeLimit", ModCacheSizeLimit), out var modLimit)
            | !TryInput(ErrorCodes.InvalidSize, string.Empty, () => OperationInput.ParseLimit("GoBuildCacheSizeLimit", BuildCacheSizeLimit), out var buildLimit)
            | !TryInput(ErrorCodes.InvalidSize, string.Empty, () => OperationInput.ParseMinFreeSpace("GoModCacheMinFreeSpace", MinFreeSpace), out var minFree)
            | !TryInput(ErrorCodes.InvalidSeconds, "GoModCacheCheck: ", () => OperationInput.ParseSeconds("GracePeriodSeconds", GracePeriodSeconds, "2, 0.5"), out var grace)
            | !TryInput(ErrorCodes.InvalidSeconds, "GoModCacheCheck: ", () => OperationInput.ParseSeconds("WaitForOtherBuildsSeconds", WaitForOtherBuildsSeconds, "2, 0.5"), out var wait))
        {
            return;
        }

        if (modLimit == null && buildLimit == null && minFree == null)
        {
            Log.LogMessage(MessageImportance.Low, "No Go cache limit is set (GoModCacheSizeLimit, GoBuildCacheSizeLimit, GoModCacheMinFreeSpace): nothing to check.");
            return;
        }

        var caches = Locate(ModCacheRoot, BuildCacheRoot, modLimit != null || minFree != null, buildLimit != null || minFree != null);
        if (caches.BuildCache == null && buildLimit != null)
        {
            Log.LogMessage(MessageImportance.Normal, "Go's build cache is off (GOCACHE=off): GoBuildCacheSizeLimit has nothing to check.");
        }

        if (caches.ModCache == null && caches.BuildCache == null)
        {
            return;
        }

        var request = new CacheLimitCheckRequest
        {
            CancellationToken = cancellationToken,
            ModuleCacheRoot = caches.ModCache,
            BuildCacheRoot = caches.BuildCache,
            ModuleCacheLimit = modLimit,
            BuildCacheLimit = buildLimit,
            MinFreeSpace = minFree,
            Action = action,
            KeepProjects = (KeepProjects ?? []).Select(FullPath).ToList(),
            GracePeriod = grace,
            CacheIdle = CacheIdle,
            DryRun = DryRun,
            LeaseWait = wait ?? CacheLease.DefaultWait,
            GoPathEntries = caches.GoPathEntries,
            ProgressInterval = ProgressInterval,
            Reports = new ReportFiles
            {
                Json = Blank(ReportJson),
                Markdown = Blank(ReportMarkdown),
                Html = Blank(ReportHtml),
                JobSummary = ReportFiles.GitHubJobSummary(WriteJobSummary),
            },
            Ci = Ci(PublishToCI),
            AzureCommand = AzureCommand,
        };

        var result = CacheLimitCheck.Run(request, e => LogEvent(e, action));

        ModCacheBytes = result.ModuleCache?.Bytes ?? 0;
        BuildCacheBytes = result.BuildCache?.Bytes ?? 0;
        ModCacheExceeded = result.ModuleCache?.Exceeded ?? false;
        BuildCacheExceeded = result.BuildCache?.Exceeded ?? false;
        FreeSpaceBelowMinimum = result.FreeSpace.BelowMinimum;
        FreeBytes = result.FreeSpace.FreeBytes;
        ActionTaken = result.ActionTaken?.ToString() ?? string.Empty;
        Steps = result.Steps.Select(s => s.ToString()).ToArray();
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    private static string Describe(long bytes) => SizeParser.Format(bytes) + " (" + bytes.ToString("N0", CultureInfo.InvariantCulture) + " bytes)";

    private static string FullPath(ITaskItem item)
    {
        var full = item.GetMetadata("FullPath");
        return string.IsNullOrEmpty(full) ? Path.GetFullPath(item.ItemSpec) : full;
    }

    private bool TryInput<T>(string code, string prefix, Func<T> read, out T value)
    {
        try
        {
            value = read();
            return true;
        }
        catch (GoModCacheException ex)
        {
            Log.LogError(null, code, null, null, 0, 0, 0, 0, prefix + ex.Message);
            value = default!;
            return false;
        }
    }

    private string LimitText(CacheKind cache) => (cache == CacheKind.ModuleCache ? ModCacheSizeLimit : BuildCacheSizeLimit)?.Trim() ?? string.Empty;

    // The engine's events as MSBuild log entries: the limit lines keep the property's own text and the codes.
    private void LogEvent(CacheLimitEvent e, CacheLimitAction action)
    {
        switch (e.Kind)
        {
            case CacheLimitEventKind.WithinLimit when e.Status is { } status:
                Log.LogMessage(MessageImportance.Normal, $"Go {Name(status.Cache)} {status.Root}: {Describe(status.Bytes)}, within the limit of {LimitText(status.Cache)}.");
                break;
            case CacheLimitEventKind.LimitExceeded when e.Status is { } status:
                var code = status.Cache == CacheKind.ModuleCache ? ErrorCodes.ModCacheOverLimit : ErrorCodes.BuildCacheOverLimit;
                var text = $"Go {Name(status.Cache)} {status.Root} is {Describe(status.Bytes)}, over the limit of {LimitText(status.Cache)} ({status.LimitBytes!.Value.ToString("N0", CultureInfo.InvariantCulture)} bytes)";
                switch (e.Step)
                {
                    case CacheLimitStep.Failed:
                        Log.LogError(null, code, null, null, 0, 0, 0, 0, text + ". Clean it (go clean " + (status.Cache == CacheKind.ModuleCache ? "-modcache" : "-cache") + "), raise the limit, or set GoCacheLimitAction to Warn, Clean or Prune.");
                        break;
                    case CacheLimitStep.ModuleCacheCleaned or CacheLimitStep.BuildCacheCleaned:
                        Log.LogMessage(MessageImportance.High, text + (action == CacheLimitAction.Prune ? "; cleaning it (GoCacheLimitAction=Prune prunes only the module cache)." : $"; cleaning it (GoCacheLimitAction={action})."));
                        break;
                    case CacheLimitStep.ModuleCachePruned:
                        Log.LogMessage(MessageImportance.High, text + $"; pruning it down to the limit, least recently used first (GoCacheLimitAction={action}).");
                        break;
                    case CacheLimitStep.BuildCacheTrimmed:
                        Log.LogMessage(MessageImportance.High, text + $"; trimming it down to the limit, least recently used first (GoCacheLimitAction={action}).");
                        break;
                    default:
                        Log.LogWarning(null, code, null, null, 0, 0, 0, 0, text + ".");
                        break;
                }

                break;
            case CacheLimitEventKind.LimitExceeded:
                // Free space under its minimum.
                if (e.Step == CacheLimitStep.Failed)
                {
                    Log.LogError(null, ErrorCodes.FreeSpaceUnderMinimum, null, null, 0, 0, 0, 0, e.Message);
                }
                else if (e.Step == CacheLimitStep.Warned)
                {
                    Log.LogWarning(null, ErrorCodes.FreeSpaceUnderMinimum, null, null, 0, 0, 0, 0, e.Message);
                }
                else
                {
                    Log.LogMessage(MessageImportance.High, e.Message);
                }

                break;
            case CacheLimitEventKind.NotRemoved:
                Log.LogWarning(null, e.Cache == CacheKind.BuildCache ? ErrorCodes.TrimIncomplete : ErrorCodes.PruneIncomplete, null, null, 0, 0, 0, 0, "GoModCacheCheck " + e.Message);
                break;
            case CacheLimitEventKind.ReportNotWritten:
                Log.LogWarning(null, ErrorCodes.ReportNotWritten, null, null, 0, 0, 0, 0, "GoModCacheCheck: " + e.Message);
                break;
            case CacheLimitEventKind.OtherBuilds or CacheLimitEventKind.Note:
                Log.LogMessage(MessageImportance.High, "GoModCache: " + e.Message);
                break;
            case CacheLimitEventKind.Removed:
                Log.LogMessage(e.Message.StartsWith(' ') ? MessageImportance.Normal : MessageImportance.High, "GoModCache: " + e.Message.Trim());
                break;
            default:
                Log.LogMessage(MessageImportance.Normal, "GoModCache: " + e.Message);
                break;
        }
    }

    private static string Name(CacheKind cache) => cache == CacheKind.ModuleCache ? "module cache" : "build cache";
}
