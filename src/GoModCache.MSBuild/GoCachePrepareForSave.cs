using System;
using System.IO;
using System.Linq;
using GoCaches;
using GoCaches.Ci;
using GoCaches.Eviction;
using GoCaches.Go;
using GoCaches.Inventory;
using GoCaches.Operations;
using GoCaches.Pruning;
using GoCaches.Trimming;
using Microsoft.Build.Framework;

namespace GoModCache.MSBuild;

/// <summary>
/// The step before the CI's cache save (<see cref="CachePrepareForSave"/>): prunes the module cache to what
/// <see cref="KeepProjects"/> need (and the other prune rules), trims the build cache to the entries the job used since
/// <see cref="GoCacheRestored"/> (and/or by age and size), and says whether a save is worth it
/// (<see cref="SaveNeeded"/>; also appended to <c>$GITHUB_OUTPUT</c> as <c>save-needed</c>, <c>save-modcache</c>,
/// <c>save-buildcache</c>, <c>saved-bytes</c>).
/// </summary>
public class GoCachePrepareForSave : GoCacheTask
{
    /// <summary>Gets or sets go.mod / go.sum / go.work files, or directories holding them, whose module versions are kept.</summary>
    public ITaskItem[]? KeepProjects { get; set; }

    /// <summary>Gets or sets module path patterns (GOPRIVATE syntax): only matching modules are pruned.</summary>
    public string? ModulePatterns { get; set; }

    /// <summary>Gets or sets how many of the newest versions of each module are kept.</summary>
    public string? KeepNewest { get; set; }

    /// <summary>Gets or sets the age (days or a time span) beyond which an unused module version goes.</summary>
    public string? UnusedFor { get; set; }

    /// <summary>Gets or sets the module cache age: the former name of <see cref="UnusedFor"/>, kept so that projects that set it keep working.</summary>
    public string? UnusedForDays
    {
        get => UnusedFor;
        set => UnusedFor = value;
    }

    /// <summary>Gets or sets the size the module cache is pruned down to.</summary>
    public string? SizeLimit { get; set; }

    /// <summary>Gets or sets the age (days or a time span) beyond which an unused build cache entry goes.</summary>
    public string? BuildCacheUnusedFor { get; set; }

    /// <summary>Gets or sets the build cache age: the former name of <see cref="BuildCacheUnusedFor"/>, kept so that projects that set it keep working.</summary>
    public string? BuildCacheUnusedForDays
    {
        get => BuildCacheUnusedFor;
        set => BuildCacheUnusedFor = value;
    }

    /// <summary>Gets or sets the size the build cache is trimmed down to.</summary>
    public string? BuildCacheSizeLimit { get; set; }

    /// <summary>Gets or sets a value indicating whether build cache entries the job did not use since the restore go. Default true.</summary>
    public bool TrimUnusedSinceRestore { get; set; } = true;

    /// <summary>
    /// Gets or sets a value indicating whether the standard library cache is used (as in <see cref="GoCacheRestored"/>):
    /// filled when the CI restored it empty (the compiled standard library packages that
    /// <see cref="StdPackageDirectories"/> import, from <c>go list -export -deps ./...</c>), and its entries leave the
    /// build cache so that the build cache's save carries none. Default false.
    /// </summary>
    public bool StdCache { get; set; }

    /// <summary>Gets or sets the standard library cache directory. Empty: next to the build cache, its name with <c>-std</c> added.</summary>
    public string? StdCacheDirectory { get; set; }

    /// <summary>Gets or sets the Go module directories (or files in them) the standard library cache is filled for. Empty: those of <see cref="KeepProjects"/>, else the working directory.</summary>
    public ITaskItem[]? StdPackageDirectories { get; set; }

    /// <summary>
    /// Gets or sets the build flags the job built with: sets separated by <c>|</c>, flags by spaces (e.g.
    /// <c>-trimpath|-test</c>; <c>-test</c> for what <c>go test</c> compiled). The standard library packages are listed
    /// once per set. Empty: one plain set.
    /// </summary>
    public string? StdBuildFlags { get; set; }

    /// <summary>Gets or sets the state file <see cref="GoCacheRestored"/> wrote. Empty: its default.</summary>
    public string? StateFile { get; set; }

    /// <summary>Gets or sets a value indicating whether nothing is removed.</summary>
    public bool DryRun { get; set; }

    /// <summary>Gets or sets a file for the JSON report. Empty: none.</summary>
    public string? ReportJson { get; set; }

    /// <summary>Gets or sets a file for the Markdown report. Empty: none.</summary>
    public string? ReportMarkdown { get; set; }

    /// <summary>Gets or sets a value indicating whether the Markdown report is appended to <c>$GITHUB_STEP_SUMMARY</c> and the decision to <c>$GITHUB_OUTPUT</c> when they are set. Default true.</summary>
    public bool PublishToCI { get; set; } = true;

    /// <summary>Gets a value indicating whether either cache is worth saving.</summary>
    [Output]
    public bool SaveNeeded { get; private set; }

    /// <summary>Gets a value indicating whether the module cache is worth saving.</summary>
    [Output]
    public bool ModCacheSaveNeeded { get; private set; }

    /// <summary>Gets a value indicating whether the build cache is worth saving.</summary>
    [Output]
    public bool BuildCacheSaveNeeded { get; private set; }

    /// <summary>Gets a value indicating whether the standard library cache is worth saving (restored empty, now filled).</summary>
    [Output]
    public bool StdCacheSaveNeeded { get; private set; }

    /// <summary>Gets what the caches to save weigh, in bytes.</summary>
    [Output]
    public long SavedBytes { get; private set; }

    /// <inheritdoc />
    private protected override string FailureCode => ErrorCodes.TrimRefused;

    /// <inheritdoc />
    private protected override void Run(System.Threading.CancellationToken cancellationToken)
    {
        int? keepNewest;
        TimeSpan? modAge, buildAge;
        SizeSpec? modSize, buildSize;
        try
        {
            keepNewest = OperationInput.ParseCount(nameof(KeepNewest), KeepNewest);
            modAge = OperationInput.ParseAge(nameof(UnusedFor), UnusedFor);
            buildAge = OperationInput.ParseAge(nameof(BuildCacheUnusedFor), BuildCacheUnusedFor);
            modSize = OperationInput.ParseSize(nameof(SizeLimit), SizeLimit);
            buildSize = OperationInput.ParseSize(nameof(BuildCacheSizeLimit), BuildCacheSizeLimit);
        }
        catch (GoModCacheException ex)
        {
            throw Fail(ErrorCodes.TrimRefused, $"GoCachePrepareForSave: {ex.Message} Nothing was removed.");
        }

        var caches = Locate(null, null, needModCache: true, needBuildCache: true);
        var keep = (KeepProjects ?? []).Select(FullPath).ToList();
        var modRules = keep.Count > 0 || !string.IsNullOrWhiteSpace(ModulePatterns) || keepNewest != null || modAge != null || modSize != null;
        var report = CachePrepareForSave.Run(
            new CachePrepareForSaveRequest
            {
                ModCacheRoot = caches.ModCache,
                BuildCacheRoot = caches.BuildCache,
                Prune = !modRules ? null : new PrunePolicy
                {
                    KeepProjects = keep,
                    ModulePatterns = string.IsNullOrWhiteSpace(ModulePatterns) ? null : ModulePatterns.Trim(),
                    KeepNewest = keepNewest,
                    UnusedFor = modAge,
                    SizeLimit = modSize,
                    UsageRecordPath = caches.ModCache == null ? null : UsageRecord.DefaultPath(caches.ModCache),
                },
                Trim = buildAge == null && buildSize == null ? null : new BuildCacheTrimPolicy { UnusedFor = buildAge, SizeLimit = buildSize },
                TrimUnusedSinceRestore = TrimUnusedSinceRestore,
                StateFile = string.IsNullOrWhiteSpace(StateFile) ? null : Path.GetFullPath(StateFile),
                DryRun = DryRun,
                GoPathEntries = caches.GoPathEntries,
                Reports = CacheTaskSupport.Files(ReportJson, ReportMarkdown, null, PublishToCI),
                Ci = Ci(PublishToCI),
                AzureCommand = AzureCommand,
                Std = StdCacheRequest.For(
                    StdCache,
                    caches.BuildCache,
                    string.IsNullOrWhiteSpace(StdCacheDirectory) ? null : Path.GetFullPath(StdCacheDirectory),
                    () => GoCommand.Locate(string.IsNullOrWhiteSpace(GoExecutable) ? null : GoExecutable, CacheRoots.ParseEnvironment(EnvironmentVariables), string.IsNullOrWhiteSpace(WorkingDirectory) ? null : WorkingDirectory),
                    (StdPackageDirectories ?? []).Select(FullPath),
                    keep,
                    string.IsNullOrWhiteSpace(StdBuildFlags) ? [] : StdBuildFlags.Split('|')),
            },
            e => LogEvent(e, ErrorCodes.TrimIncomplete));
        SaveNeeded = report.SaveNeeded;
        ModCacheSaveNeeded = report.ModCacheSaveNeeded;
        BuildCacheSaveNeeded = report.BuildCacheSaveNeeded;
        StdCacheSaveNeeded = report.StdCacheSaveNeeded;
        SavedBytes = report.ModCacheBytes + report.BuildCacheBytes + (report.StdCacheSaveNeeded ? report.StdCacheBytes : 0);
    }

    private static string FullPath(ITaskItem item) => item.GetMetadata("FullPath") is { Length: > 0 } f ? f : Path.GetFullPath(item.ItemSpec);
}
