using System;
using System.Collections.Generic;
using GoCaches.Inventory;
using GoCaches.Modules;

namespace GoCaches.Pruning;

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
