using System;
using System.Collections.Generic;
using System.Threading;

namespace GoModCache;

/// <summary>
/// What <see cref="ModuleCachePruner"/> removes. The rules combine as follows:
/// <list type="number">
/// <item><see cref="ModulePatterns"/> limits pruning to the module paths it matches (all modules when unset).</item>
/// <item>Of those, versions named by <see cref="KeepProjects"/> and the <see cref="KeepNewest"/> newest
/// versions of each module are kept.</item>
/// <item>The rest is removed when unused for longer than <see cref="UnusedFor"/>. When neither
/// <see cref="UnusedFor"/> nor <see cref="SizeLimit"/> is set, all of the rest is removed (so
/// <c>KeepProjects</c> alone prunes the cache down to what the projects need, and <c>ModulePatterns</c>
/// alone removes every matching version).</item>
/// <item>Toolchain modules (<c>golang.org/toolchain</c>) are pruned only when <see cref="ToolchainsInUse"/> is
/// set: then every toolchain not in that list (nor named by a project's <c>toolchain</c> line) is removed.</item>
/// <item>Last, when the cache is still larger than <see cref="SizeLimit"/>, the remaining candidates of
/// rule 3 are removed least recently used first until it fits.</item>
/// </list>
/// At least one rule must be set.
/// </summary>
public sealed class PrunePolicy
{
    /// <summary>Gets module path patterns in <c>GOPRIVATE</c> syntax (<see cref="ModulePathPattern"/>): only matching modules are pruned.</summary>
    public string? ModulePatterns { get; init; }

    /// <summary>Gets go.mod, go.sum, go.work or go.work.sum files, or directories holding them, whose module versions are kept (<see cref="ProjectRequirements"/>).</summary>
    public IReadOnlyList<string> KeepProjects { get; init; } = [];

    /// <summary>Gets how many of the newest versions (in semantic-version order) of each module are kept, or null.</summary>
    public int? KeepNewest { get; init; }

    /// <summary>Gets the age beyond which an unused version is removed, or null. Last use: see <see cref="LastUse.Of"/>.</summary>
    public TimeSpan? UnusedFor { get; init; }

    /// <summary>Gets the size the whole cache is pruned down to, least recently used first, or null. A percentage is of the cache's size before pruning.</summary>
    public SizeSpec? SizeLimit { get; init; }

    /// <summary>Gets the toolchains in use (<c>go1.23.5</c>, <c>v0.0.1-go1.23.5.linux-amd64</c> or <c>golang.org/toolchain@v0.0.1-go1.23.5.linux-amd64</c>); when set, every other toolchain is removed.</summary>
    public IReadOnlyList<string>? ToolchainsInUse { get; init; }

    /// <summary>Gets a value indicating whether to remove only extracted directories and keep the download files, from which Go re-extracts without network.</summary>
    public bool KeepDownloadFiles { get; init; }

    /// <summary>Gets the usage record file that adds to last-use times (<see cref="UsageRecord"/>), or null for none.</summary>
    public string? UsageRecordPath { get; init; }
}

/// <summary>How <see cref="ModuleCachePruner"/> and <see cref="ModuleCacheCleaner"/> run.</summary>
public sealed class PruneOptions
{
    /// <summary>Gets a value indicating whether to only plan and report, removing nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary>Gets a callback that receives progress at every <see cref="ProgressInterval"/> and once at the end (on a timer thread; calls never overlap).</summary>
    public Action<PruneProgress>? Progress { get; init; }

    /// <summary>Gets how often <see cref="Progress"/> is called. Default: five seconds.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets how long to wait for Go's lock on one version. Default: one minute.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets the <c>GOPATH</c> entries, when known, so that the guard can refuse GOPATH itself.</summary>
    public IReadOnlyList<string>? GoPathEntries { get; init; }

    /// <summary>Gets the wait between marking a batch of versions and removing their trees (see <see cref="EvictionOptions.GracePeriod"/>). Default: two seconds.</summary>
    public TimeSpan GracePeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Gets how long the run waits for other builds using the cache (their <see cref="CacheLease"/>s, and on Linux
    /// other go processes) before a clean is deferred to the last of them, or a prune skipped. Default: 30 seconds.
    /// </summary>
    public TimeSpan LeaseWait { get; init; } = CacheLease.DefaultWait;

    /// <summary>
    /// Gets a value indicating whether to run without the cache's lease: a prune then relies on Go's per-version locks
    /// alone, a clean on nothing (as <c>go clean -modcache</c>). For runs that must go on under builds they know about
    /// (tests of eviction itself, the benchmark's baseline). Not for shared agents: a build already compiling from a
    /// removed version fails.
    /// </summary>
    public bool IgnoreOtherBuilds { get; init; }

    /// <summary>Gets a callback for one-line messages about other builds (waiting, deferring), or null.</summary>
    public Action<string>? LeaseLog { get; init; }

    /// <summary>Gets the clock for ages (tests set a fixed one). Default: the system clock.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Gets a token that stops the run between two versions (a version is never left half-removed).</summary>
    public CancellationToken CancellationToken { get; init; }
}
