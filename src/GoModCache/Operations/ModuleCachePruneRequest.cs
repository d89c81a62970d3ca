using System;
using System.Collections.Generic;
using GoCaches.Inventory;
using GoCaches.Pruning;

namespace GoCaches.Operations;

/// <summary>What <see cref="ModuleCachePrune"/> prunes and how: the module cache, the rules (see <see cref="PrunePolicy"/>), the run.</summary>
public sealed class ModuleCachePruneRequest : RemovalRequest
{
    /// <summary>Initializes a new instance of the <see cref="ModuleCachePruneRequest"/> class.</summary>
    public ModuleCachePruneRequest()
    {
    }

    /// <summary>
    /// Initializes a new instance of the <see cref="ModuleCachePruneRequest"/> class with what every removal request shares, taken from
    /// <paramref name="shared"/> (root, dry run, wait, GOPATH entries, progress interval, token, reports, CI, Azure
    /// output), so that a front end maps its shared settings once for the prune, the clean and the trim.
    /// </summary>
    /// <param name="shared">The request whose shared parts are copied (of any removal kind).</param>
    public ModuleCachePruneRequest(RemovalRequest shared)
        : base(shared)
    {
    }

    /// <summary>Gets module path patterns in <c>GOPRIVATE</c> syntax: only matching modules are pruned; null: all.</summary>
    public string? ModulePatterns { get; init; }

    /// <summary>Gets go.mod / go.sum / go.work files, or directories holding them, whose module versions are kept (absolute paths).</summary>
    public IReadOnlyList<string> KeepProjects { get; init; } = [];

    /// <summary>Gets how many of the newest versions of each module are kept (1 or more); null: no such rule.</summary>
    public int? KeepNewest { get; init; }

    /// <summary>Gets the age beyond which an unused version goes; null: no such rule.</summary>
    public TimeSpan? UnusedFor { get; init; }

    /// <summary>Gets the size to prune the cache down to, least recently used first; null: none.</summary>
    public SizeSpec? SizeLimit { get; init; }

    /// <summary>Gets the Go toolchains in use; when any is given, every other toolchain module goes. Null: toolchains are kept.</summary>
    public IReadOnlyList<string>? ToolchainsInUse { get; init; }

    /// <summary>Gets a value indicating whether only extracted directories go and the download files stay.</summary>
    public bool KeepDownloadFiles { get; init; }

    /// <summary>Gets the usage record with last-use times; null: the cache's own.</summary>
    public string? UsageRecordPath { get; init; }

    /// <summary>Gets the build cache root, shown beside the module cache in the HTML picture; null: not shown.</summary>
    public string? BuildCacheRoot { get; init; }

    /// <summary>Gets how long a version marked for removal waits, locked, before its files go (0 to one hour); null: the engine's default (<see cref="PruneOptions.GracePeriod"/>).</summary>
    public TimeSpan? GracePeriod { get; init; }

    /// <summary>Gets the policy the request says.</summary>
    /// <returns>The policy.</returns>
    public PrunePolicy ToPolicy() => new()
    {
        ModulePatterns = string.IsNullOrWhiteSpace(ModulePatterns) ? null : ModulePatterns.Trim(),
        KeepProjects = KeepProjects,
        KeepNewest = KeepNewest,
        UnusedFor = UnusedFor,
        SizeLimit = SizeLimit,
        ToolchainsInUse = ToolchainsInUse is { Count: > 0 } t ? t : null,
        KeepDownloadFiles = KeepDownloadFiles,
        UsageRecordPath = UsageRecordPath ?? (Root.Length == 0 ? null : UsageRecord.DefaultPath(Root)),
    };

    /// <summary>Checks the request (the rules themselves the pruner checks when it plans, before it removes anything).</summary>
    /// <exception cref="GoModCacheException">No root, a path not absolute, a wait out of range.</exception>
    public void Validate()
    {
        ValidateRemoval("The prune needs the module cache root.", "module cache root");
        CheckRoot("build cache root", BuildCacheRoot);
        CheckRoot("usage record", UsageRecordPath);
        CheckWait("grace period", GracePeriod);
        foreach (var project in KeepProjects)
        {
            CheckRoot("project to keep", project);
        }
    }
}
