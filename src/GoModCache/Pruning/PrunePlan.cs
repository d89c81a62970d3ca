using System;
using System.Collections.Generic;
using System.Linq;
using GoCaches.Inventory;

using GoCaches.Operations;

namespace GoCaches.Pruning;

/// <summary>What a prune would remove and keep, worked out before anything is removed.</summary>
public sealed class PrunePlan
{
    internal PrunePlan(string root, PrunePolicy policy, ModuleCacheInventory before, int versionsBefore, IReadOnlyList<PruneRemoval> removals, IReadOnlyList<PruneKept> kept, IReadOnlyList<string> notes, TimeSpan planningTime)
    {
        Root = root;
        Policy = policy;
        Before = before.Total;
        VersionsBefore = versionsBefore;
        Removals = removals;
        Kept = kept;
        Notes = notes;
        PlanningTime = planningTime;
    }

    /// <summary>Gets the module cache root.</summary>
    public string Root { get; }

    /// <summary>Gets the policy the plan follows.</summary>
    public PrunePolicy Policy { get; }

    /// <summary>Gets the size of the cache when it was planned.</summary>
    public TreeSize Before { get; }

    /// <summary>Gets the number of module versions (toolchains included) when it was planned.</summary>
    public int VersionsBefore { get; }

    /// <summary>Gets the versions to remove, in the order they will be removed, each with its reason.</summary>
    public IReadOnlyList<PruneRemoval> Removals { get; }

    /// <summary>Gets the versions kept, each with its reason.</summary>
    public IReadOnlyList<PruneKept> Kept { get; }

    /// <summary>Gets remarks, e.g. that a size limit cannot be reached.</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>Gets how long scanning and planning took.</summary>
    public TimeSpan PlanningTime { get; }

    /// <summary>Gets the bytes the plan frees.</summary>
    public long BytesToRemove => Removals.Sum(r => r.Bytes);

    /// <summary>Makes the dry-run report of this plan: "after" is the cache as the plan would leave it.</summary>
    /// <returns>The report.</returns>
    public PruneReport ToReport() => new()
    {
        Kind = CacheOperation.Prune,
        Root = Root,
        DryRun = true,
        BytesBefore = Before.Bytes,
        BytesAfter = Before.Bytes - BytesToRemove,
        FilesBefore = Before.Files,
        FilesAfter = Before.Files - Removals.Sum(r => r.Files),
        VersionsBefore = VersionsBefore,
        VersionsAfter = VersionsBefore - Removals.Count(r => !r.DirectoryOnly),
        Duration = PlanningTime,
        Removed = Removals,
        Kept = CountKept(Kept),
        KeptByReason = CountKeptBy(Kept),
        Notes = Notes,
    };

    internal static Dictionary<PruneKeepReason, int> CountKeptBy(IEnumerable<PruneKept> kept) =>
        kept.GroupBy(k => k.Because).ToDictionary(g => g.Key, g => g.Count());

    internal static Dictionary<string, int> CountKept(IEnumerable<PruneKept> kept) =>
        kept.GroupBy(k => k.Reason, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
}
