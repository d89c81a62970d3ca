using System;
using System.Collections.Generic;
using System.Linq;
using GoCaches.Eviction;
using GoCaches.Go;
using GoCaches.Inventory;
using GoCaches.Modules;
using GoCaches.Pruning;

namespace GoCaches.Operations;

/// <summary>Prune the module cache by policy (at least one rule; see <see cref="PrunePolicy"/> for how they combine).</summary>
public sealed class PruneRequest : OperationRequest
{
    /// <summary>Gets module path patterns in GOPRIVATE syntax: only matching modules are pruned.</summary>
    public string? ModulePatterns { get; init; }

    /// <summary>Gets go.mod / go.sum / go.work / go.work.sum files, or directories holding them, absolute, whose module versions are kept.</summary>
    public IReadOnlyList<string> KeepProjects { get; init; } = [];

    /// <summary>Gets how many of the newest versions of each module are kept.</summary>
    public int? KeepNewest { get; init; }

    /// <summary>Gets the age beyond which an unused version is removed.</summary>
    public TimeSpan? UnusedFor { get; init; }

    /// <summary>Gets the size the cache is pruned down to, least recently used first (<c>5GB</c>, <c>500 MiB</c>, <c>50%</c>).</summary>
    public string? SizeLimit { get; init; }

    /// <summary>Gets the toolchains in use (<c>go1.23.5</c>); when any is given, every other toolchain module is removed.</summary>
    public IReadOnlyList<string> ToolchainsInUse { get; init; } = [];

    /// <summary>Gets a value indicating whether only extracted directories go (Go re-extracts them from the kept zips, offline).</summary>
    public bool KeepDownloadFiles { get; init; }

    /// <summary>Gets the usage record; the module cache's default record when null.</summary>
    public string? UsageRecordPath { get; init; }

    /// <summary>Gets a value indicating whether nothing is removed: the report lists what would go.</summary>
    public bool DryRun { get; init; }

    /// <summary>Gets how long a version marked for removal waits, locked, before its files go. Null: <see cref="OperationDefaults.GracePeriod"/>.</summary>
    public TimeSpan? GracePeriod { get; init; }

    /// <summary>Gets the clock for ages (tests set a fixed one).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <inheritdoc />
    internal override void Validate()
    {
        base.Validate();
        if (GracePeriod is { } grace && (grace < TimeSpan.Zero || grace > OperationDefaults.MaxGracePeriod))
        {
            throw Refused($"the grace period {grace} is not between 0 and {OperationDefaults.MaxGracePeriod}.");
        }
    }

    /// <summary>Makes the engine's policy.</summary>
    /// <param name="root">The module cache root.</param>
    /// <returns>The policy.</returns>
    internal PrunePolicy Policy(string root)
    {
        SizeSpec? size = null;
        if (!string.IsNullOrWhiteSpace(SizeLimit))
        {
            try
            {
                size = SizeParser.Parse(SizeLimit);
            }
            catch (GoModCacheException ex)
            {
                throw Refused("SizeLimit: " + ex.Message);
            }
        }

        var toolchains = ToolchainsInUse.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim()).ToList();
        return new PrunePolicy
        {
            ModulePatterns = string.IsNullOrWhiteSpace(ModulePatterns) ? null : ModulePatterns.Trim(),
            KeepProjects = KeepProjects,
            KeepNewest = KeepNewest,
            UnusedFor = UnusedFor,
            SizeLimit = size,
            ToolchainsInUse = toolchains.Count > 0 ? toolchains : null,
            KeepDownloadFiles = KeepDownloadFiles,
            UsageRecordPath = string.IsNullOrWhiteSpace(UsageRecordPath) ? UsageRecord.DefaultPath(root) : UsageRecordPath,
        };
    }

    /// <summary>Copies this request with the roots and run settings of another request (a prune that another operation starts).</summary>
    /// <param name="roots">The roots.</param>
    /// <param name="run">The request whose progress interval and cancellation apply.</param>
    /// <returns>The copy.</returns>
    internal PruneRequest With(CacheRoots roots, OperationRequest run) => new()
    {
        Roots = roots,
        Reports = Reports,
        ProgressInterval = run.ProgressInterval,
        CancellationToken = run.CancellationToken,
        ModulePatterns = ModulePatterns,
        KeepProjects = KeepProjects,
        KeepNewest = KeepNewest,
        UnusedFor = UnusedFor,
        SizeLimit = SizeLimit,
        ToolchainsInUse = ToolchainsInUse,
        KeepDownloadFiles = KeepDownloadFiles,
        UsageRecordPath = UsageRecordPath,
        DryRun = DryRun,
        GracePeriod = GracePeriod,
        Clock = Clock,
    };

    private static GoModCacheException Refused(string message) => new(message) { ErrorCode = ErrorCodes.PruneRefused };
}
