using System;
using System.Collections.Generic;
using System.ComponentModel;
using Cake.Core.IO;

namespace Cake.GoModCache.Caches;

/// <summary>Settings for the cache size aliases: where Go's caches are comes from <c>go env</c> with these settings.</summary>
public class GoCacheSizeSettings : GoSettings
{
    /// <summary>Gets or sets the usage record to read last-use times from; the module cache's default record when null.</summary>
    public FilePath? UsageRecord { get; set; }

    /// <summary>
    /// Gets or sets a file to write a picture of the caches to, as one self-contained HTML page (a treemap of the
    /// module cache by module and version, the build cache beside it, tables, a last-use histogram), or null.
    /// </summary>
    public FilePath? ReportHtml { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether each complete module version is sized from its zip's central directory
    /// (files and bytes as Go's unzip writes them, one read a version) instead of a walk of its tree: much faster, most
    /// of all with a cold page cache. A tree whose top-level names differ from its zip's, a version marked unfinished,
    /// and a zip that cannot be read are walked; a file changed in place inside a (read-only) tree is not seen, and a
    /// version's last use takes its directory's access time for its files'. Default false: every file is stat-ed.
    /// </summary>
    public bool TreesFromZips { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether the sizes are published the way the CI that runs the script expects
    /// (default true): GitHub Actions step outputs <c>size-modcache-bytes</c>, <c>size-buildcache-bytes</c>, …; Azure
    /// Pipelines variables <c>GOCACHE_SIZE_MODCACHE_BYTES</c>, … (README lists them all).
    /// </summary>
    public bool PublishToCI { get; set; } = true;
}

/// <summary>Where a cache report goes, besides the typed result and the Cake log.</summary>
public abstract class GoCacheReportSettings : GoSettings
{
    /// <summary>
    /// Gets or sets how long a clean or prune waits for other builds using the module cache before a clean is left to
    /// the last of them (a prune then keeps what their projects need, or removes nothing). Null: 30 seconds.
    /// </summary>
    public TimeSpan? WaitForOtherBuilds { get; set; }

    /// <summary>Gets or sets a file to write the report to as JSON, or null.</summary>
    public FilePath? ReportJson { get; set; }

    /// <summary>Gets or sets a file to write the report to as Markdown, or null.</summary>
    public FilePath? ReportMarkdown { get; set; }

    /// <summary>
    /// Gets or sets a file to write a picture of the caches to, as one self-contained HTML page (a treemap of the
    /// module cache by module and version with what was removed, or would be, marked; the build cache beside it;
    /// tables, a last-use histogram, totals before and after), or null.
    /// </summary>
    public FilePath? ReportHtml { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether the Markdown report, with a Mermaid pie of the largest modules, is
    /// appended to the GitHub Actions job summary (<c>$GITHUB_STEP_SUMMARY</c>) when that variable is set. Default true.
    /// </summary>
    public bool WriteJobSummary { get; set; } = true;

    /// <summary>
    /// Gets or sets a value indicating whether the outcome is published the way the CI that runs the script expects
    /// (default true): GitHub Actions step outputs (<c>$GITHUB_OUTPUT</c>, e.g. <c>prune-bytes-freed</c>,
    /// <c>save-needed</c>) and Azure Pipelines variables (<c>GOCACHE_PRUNE_BYTES_FREED</c>, <c>GOCACHE_SAVE_NEEDED</c>);
    /// README lists every operation's names.
    /// </summary>
    public bool PublishToCI { get; set; } = true;

    /// <summary>Gets or sets how often a long prune or clean logs its progress. Default five seconds.</summary>
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>Settings for <c>GoModCachePrune</c>: the policies (combinable; at least one) and how to run.</summary>
public class GoModCachePruneSettings : GoCacheReportSettings
{
    /// <summary>Gets or sets module path patterns in GOPRIVATE syntax (<c>github.com/acme/*,golang.org/x</c>): only matching modules are pruned.</summary>
    public string? ModulePatterns { get; set; }

    /// <summary>Gets go.mod / go.sum / go.work / go.work.sum files, or directories holding them, whose module versions are kept.</summary>
    public IList<string> KeepProjects { get; } = new List<string>();

    /// <summary>Gets or sets how many of the newest versions of each module are kept.</summary>
    public int? KeepNewest { get; set; }

    /// <summary>Gets or sets the age beyond which an unused version is removed.</summary>
    public TimeSpan? UnusedFor { get; set; }

    /// <summary>Gets or sets the size the cache is pruned down to, least recently used first (<c>5GB</c>, <c>500 MiB</c>, <c>50%</c>).</summary>
    public string? SizeLimit { get; set; }

    /// <summary>Gets the toolchains in use (<c>go1.23.5</c>); when any is given, every other toolchain module is removed.</summary>
    public IList<string> ToolchainsInUse { get; } = new List<string>();

    /// <summary>Gets or sets a value indicating whether other toolchains are removed even when <see cref="ToolchainsInUse"/> is empty (then: the toolchain of the go being run).</summary>
    public bool PruneToolchains { get; set; }

    /// <summary>Gets or sets a value indicating whether only extracted directories go (Go re-extracts them from the kept zips, offline).</summary>
    public bool KeepDownloadFiles { get; set; }

    /// <summary>Gets or sets a value indicating whether nothing is removed: the report lists what would go and how much it frees.</summary>
    public bool DryRun { get; set; }

    /// <summary>Gets or sets the usage record; the module cache's default record when null.</summary>
    public FilePath? UsageRecord { get; set; }

    /// <summary>
    /// Gets or sets how long a version marked for removal waits, locked, before its files go, so that a go command
    /// that was already reading it can finish (Go's readers take no lock). Null: two seconds, waited once for the
    /// whole prune. <see cref="TimeSpan.Zero"/> when no go command uses the cache meanwhile (the end of a CI job).
    /// </summary>
    public TimeSpan? GracePeriod { get; set; }
}

/// <summary>Settings for <c>GoModCacheClean</c>: the whole module cache, safely.</summary>
public class GoModCacheCleanSettings : GoCacheReportSettings
{
    /// <summary>Gets or sets a value indicating whether nothing is removed: the report lists what would go.</summary>
    public bool DryRun { get; set; }
}

/// <summary>
/// What <c>GoModCacheCheck</c> does when a limit is exceeded: the engine's <c>GoCaches.Checks.CacheLimitAction</c>,
/// member for member (the MSBuild property <c>GoCacheLimitAction</c> takes the same names).
/// </summary>
public enum GoCacheLimitAction
{
    /// <summary>Log a warning.</summary>
    Warn,

    /// <summary>Fail the task (after the reports are written).</summary>
    Fail,

    /// <summary>Clean the cache that is over its limit (both when free space is short) with the engine's locked cleaners: they wait for, or defer to, other builds using it.</summary>
    Clean,

    /// <summary>Prune the module cache down to its limit, least recently used first (the build cache is cleaned).</summary>
    Prune,

    /// <summary>Prune the module cache and trim the build cache down to their limits, least recently used first.</summary>
    Trim,
}

/// <summary>Settings for <c>GoModCacheCheck</c>.</summary>
public class GoModCacheCheckSettings : GoCacheReportSettings
{
    /// <summary>Gets or sets the module cache size limit (<c>5GB</c>, <c>500 MiB</c>), or null (MSBuild: <c>GoModCacheSizeLimit</c>).</summary>
    public string? ModCacheSizeLimit { get; set; }

    /// <summary>Gets or sets the build cache size limit, or null (MSBuild: <c>GoBuildCacheSizeLimit</c>).</summary>
    public string? BuildCacheSizeLimit { get; set; }

    /// <summary>Gets or sets the module cache size limit: the former name of <see cref="ModCacheSizeLimit"/>, kept so that scripts keep working.</summary>
    [Obsolete("Use ModCacheSizeLimit (one word per concept with the MSBuild property GoModCacheSizeLimit).")]
    [EditorBrowsable(EditorBrowsableState.Never)]
    public string? ModCacheLimit
    {
        get => ModCacheSizeLimit;
        set => ModCacheSizeLimit = value;
    }

    /// <summary>Gets or sets the build cache size limit: the former name of <see cref="BuildCacheSizeLimit"/>, kept so that scripts keep working.</summary>
    [Obsolete("Use BuildCacheSizeLimit (one word per concept with the MSBuild property GoBuildCacheSizeLimit).")]
    [EditorBrowsable(EditorBrowsableState.Never)]
    public string? BuildCacheLimit
    {
        get => BuildCacheSizeLimit;
        set => BuildCacheSizeLimit = value;
    }

    /// <summary>Gets or sets the least free space the volume holding the module cache must keep (<c>10GB</c> or <c>10%</c>), or null.</summary>
    public string? MinFreeSpace { get; set; }

    /// <summary>Gets or sets what to do when a limit is exceeded. Default <see cref="GoCacheLimitAction.Warn"/>.</summary>
    public GoCacheLimitAction Action { get; set; } = GoCacheLimitAction.Warn;

    /// <summary>Gets go.mod / go.sum / go.work files, or directories holding them, whose module versions a <see cref="GoCacheLimitAction.Prune"/> or <see cref="GoCacheLimitAction.Trim"/> keeps.</summary>
    public IList<string> KeepProjects { get; } = new List<string>();

    /// <summary>
    /// Gets or sets how long a version a prune marked for removal waits, locked, before its files go (see
    /// <see cref="GoModCachePruneSettings.GracePeriod"/>). Null: two seconds.
    /// </summary>
    public TimeSpan? GracePeriod { get; set; }

    /// <summary>Gets or sets a value indicating whether no go command uses the build cache during a <see cref="GoCacheLimitAction.Trim"/> (entries used within the last hour may go too).</summary>
    public bool CacheIdle { get; set; }

    /// <summary>Gets or sets a value indicating whether nothing is removed: the result and the reports say what the action would remove.</summary>
    public bool DryRun { get; set; }
}
