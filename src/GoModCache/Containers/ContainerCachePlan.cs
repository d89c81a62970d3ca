using GoCaches.Pruning;
using GoCaches.Trimming;

namespace GoCaches.Containers;

/// <summary>What <see cref="ContainerCacheStep.Plan"/> decided for a container build step's caches.</summary>
public sealed class ContainerCachePlan
{
    /// <summary>Gets the mode the plan is for.</summary>
    public ContainerCacheMode Mode { get; internal init; }

    /// <summary>Gets a value indicating whether the whole module cache goes (<see cref="ContainerCacheMode.Clean"/>).</summary>
    public bool CleanModCache { get; internal init; }

    /// <summary>Gets a value indicating whether the whole build cache goes (<see cref="ContainerCacheMode.Clean"/>, build cache on).</summary>
    public bool CleanBuildCache { get; internal init; }

    /// <summary>Gets the module cache prune (<see cref="ContainerCacheMode.Prune"/>: keep what the projects need), or null.</summary>
    public PrunePolicy? Prune { get; internal init; }

    /// <summary>Gets the build cache trim (<see cref="ContainerCacheMode.Prune"/>, build cache on: size limit, optional age), or null.</summary>
    public BuildCacheTrimPolicy? Trim { get; internal init; }

    /// <summary>Gets a one-line description of the plan, for logs.</summary>
    public string Description { get; internal init; } = string.Empty;
}
