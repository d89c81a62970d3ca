using GoCaches.Pruning;
using GoCaches.Trimming;

namespace GoCaches.Containers;

/// <summary>What <see cref="ContainerCacheStep.RunPrune"/> did to the mounted caches.</summary>
public sealed class ContainerCacheReport
{
    /// <summary>Gets the plan that ran.</summary>
    public ContainerCachePlan Plan { get; internal init; } = null!;

    /// <summary>Gets the module cache prune's report, or null when the module cache was empty (a first build with nothing downloaded).</summary>
    public PruneReport? Prune { get; internal init; }

    /// <summary>Gets the build cache trim's report, or null when the build cache is off or empty.</summary>
    public BuildCacheTrimReport? Trim { get; internal init; }
}
