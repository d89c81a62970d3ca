using System;
using System.IO;
using System.Linq;
using System.Threading;
using GoCaches;
using GoCaches.Operations;
using Microsoft.Build.Framework;

namespace GoModCache.MSBuild;

/// <summary>
/// Compares Go's module cache and build cache with size limits (<c>5GB</c>, <c>500 MiB</c>: see the README), and
/// the free space on the module cache's volume with a minimum (<c>10GB</c> or <c>10%</c>), through the engine's
/// check; over a limit it warns (<c>GOMC001</c> module cache, <c>GOMC002</c> build cache, <c>GOMC005</c> free
/// space), fails with those codes, cleans the cache with the engine's cleaner (<see cref="Action"/> = Clean), or
/// prunes the module cache down to its limit (<see cref="Action"/> = Prune; a build cache over its limit is
/// cleaned). A cache without a limit is not measured; with no limit at all go is not started.
/// </summary>
public class GoModCacheCheck : GoCacheTask
{
    /// <summary>Gets or sets the module cache limit, e.g. <c>5GB</c>. Empty: no limit.</summary>
    public string? ModCacheLimit { get; set; }

    /// <summary>Gets or sets the build cache limit, e.g. <c>2GiB</c>. Empty: no limit.</summary>
    public string? BuildCacheLimit { get; set; }

    /// <summary>Gets or sets the least free space on the module cache's volume, e.g. <c>10GB</c> or <c>10%</c>. Empty: no minimum.</summary>
    public string? MinFreeSpace { get; set; }

    /// <summary>Gets or sets what to do over a limit: <c>Warn</c> (default), <c>Fail</c>, <c>Clean</c> or <c>Prune</c>.</summary>
    public string? Action { get; set; }

    /// <summary>Gets or sets, for Prune: project files or directories whose module versions are kept.</summary>
    public ITaskItem[]? KeepProjects { get; set; }

    /// <summary>Gets or sets, for Prune: the grace period in seconds or as a time span. Empty: two seconds.</summary>
    public string? GracePeriod { get; set; }

    /// <summary>Gets or sets a value indicating whether the prune or clean the action starts removes nothing.</summary>
    public bool DryRun { get; set; }

    /// <summary>Gets or sets a file to write the report of a prune or clean the action starts to, as JSON. Empty: none.</summary>
    public string? ReportJson { get; set; }

    /// <summary>Gets or sets a file to write that report to as Markdown. Empty: none.</summary>
    public string? ReportMarkdown { get; set; }

    /// <summary>Gets or sets a value indicating whether that report is appended to the GitHub job summary (when <c>GITHUB_STEP_SUMMARY</c> is set). Default true.</summary>
    public bool WriteJobSummary { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether its figures are published as GitHub step outputs and Azure Pipelines variables.</summary>
    public bool PublishToCI { get; set; }

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

    /// <summary>Gets a value indicating whether the free space is under its minimum.</summary>
    [Output]
    public bool FreeSpaceShort { get; private set; }

    /// <summary>Gets the measured module cache size in bytes (0 when not measured).</summary>
    [Output]
    public long ModCacheBytes { get; private set; }

    /// <summary>Gets the measured build cache size in bytes (0 when not measured).</summary>
    [Output]
    public long BuildCacheBytes { get; private set; }

    /// <summary>Gets the free bytes on the module cache's volume (0 when not measured).</summary>
    [Output]
    public long FreeBytes { get; private set; }

    /// <summary>Gets what was done: <c>None</c>, <c>Warned</c>, <c>Failed</c>, <c>Cleaned</c> or <c>Pruned</c>.</summary>
    [Output]
    public string ActionTaken { get; private set; } = nameof(LimitActionTaken.None);

    /// <summary>Gets the bytes the action freed (in a dry run: would free).</summary>
    [Output]
    public long BytesFreed { get; private set; }

    /// <inheritdoc />
    protected override bool Run(GoCacheOperations operations, CancellationToken cancel)
    {
        var text = (Action ?? string.Empty).Trim();
        var action = CacheLimitAction.Warn;
        if (text.Length > 0 && (!Enum.TryParse(text, ignoreCase: true, out action) || !Enum.IsDefined(action) || char.IsDigit(text[0])))
        {
            throw new GoModCacheException($"GoCacheLimitAction '{Action}' is not one of {string.Join(", ", Enum.GetNames<CacheLimitAction>())}.") { ErrorCode = ErrorCodes.InvalidAction };
        }

        TimeSpan? grace = null;
        if (!string.IsNullOrWhiteSpace(GracePeriod))
        {
            grace = TryParseDuration(GracePeriod, TimeSpan.FromSeconds(1), out var g) && g >= TimeSpan.Zero && g <= OperationDefaults.MaxGracePeriod
                ? g
                : throw new GoModCacheException($"GracePeriod '{GracePeriod}' is not a number of seconds from 0 to 3600 (2, 0.5) or a time span.") { ErrorCode = ErrorCodes.InvalidSize };
        }

        var mod = !string.IsNullOrWhiteSpace(ModCacheLimit);
        var build = !string.IsNullOrWhiteSpace(BuildCacheLimit);
        var free = !string.IsNullOrWhiteSpace(MinFreeSpace);
        CheckRequest Request(CacheRoots roots) => new()
        {
            Roots = roots,
            ModCacheLimit = ModCacheLimit,
            BuildCacheLimit = BuildCacheLimit,
            MinFreeSpace = MinFreeSpace,
            Action = action,
            KeepProjects = (KeepProjects ?? []).Select(FullPath).ToList(),
            GracePeriod = grace,
            DryRun = DryRun,
            Reports = Reports(ReportJson, ReportMarkdown, WriteJobSummary, PublishToCI),
            ProgressInterval = ProgressInterval,
            CancellationToken = cancel,
        };

        if (!mod && !build && !free)
        {
            Log.LogMessage(MessageImportance.Low, "No Go cache limit is set (GoModCacheLimit, GoBuildCacheLimit, GoMinFreeSpace): nothing to check.");
            return true;
        }

        // A limit that does not parse is GOMC003 before go runs (even where there is no go).
        GoCacheOperations.Validate(Request(new CacheRoots(null, null)));
        var result = operations.Check(Request(Locate(ModCacheRoot, BuildCacheRoot, mod || free, build || (free && action is CacheLimitAction.Clean or CacheLimitAction.Prune))));
        ModCacheExceeded = result.ModCacheExceeded;
        BuildCacheExceeded = result.BuildCacheExceeded;
        FreeSpaceShort = result.FreeSpaceShort;
        ModCacheBytes = result.ModCacheBytes;
        BuildCacheBytes = result.BuildCacheBytes;
        FreeBytes = result.FreeBytes;
        ActionTaken = result.ActionTaken.ToString();
        BytesFreed = (result.ModCacheReport?.BytesFreed ?? 0) + (result.BuildCacheReport?.BytesFreed ?? 0);
        return result.ActionTaken != LimitActionTaken.Failed;
    }

    private static string FullPath(ITaskItem item)
    {
        var full = item.GetMetadata("FullPath");
        return string.IsNullOrEmpty(full) ? Path.GetFullPath(item.ItemSpec) : full;
    }
}
