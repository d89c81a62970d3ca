using System;
using System.IO;
using System.Linq;
using GoCaches.Pruning;
using GoCaches.Trimming;

namespace GoCaches.Containers;

/// <summary>
/// The cache half of a container build step (<c>GoContainerBuild</c>): after the go build, either clean both caches
/// (the layer keeps none of them) or, for cache mounts the builder keeps between builds, prune the module cache to
/// what the projects need and trim the build cache to a size limit, so that rebuilds stay fast and the mounts stay
/// bounded. The prune and the trim are <see cref="ModuleCachePruner"/> and <see cref="BuildCacheTrimmer"/>.
/// </summary>
public static class ContainerCacheStep
{
    /// <summary>Decides what to do with the caches.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="GoModCacheException">Prune mode without a project to keep, or an invalid limit.</exception>
    public static ContainerCachePlan Plan(ContainerCacheRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var buildOn = !string.IsNullOrWhiteSpace(request.BuildCacheRoot) && request.BuildCacheRoot != "off";
        if (request.Mode == ContainerCacheMode.Clean)
        {
            return new ContainerCachePlan
            {
                Mode = ContainerCacheMode.Clean,
                CleanModCache = true,
                CleanBuildCache = buildOn,
                Description = buildOn ? "clean the module cache and the build cache" : "clean the module cache (the build cache is off)",
            };
        }

        if (request.KeepProjects.Count == 0)
        {
            throw new GoModCacheException("The container cache mode Prune keeps what the built projects need: name at least one project folder.");
        }

        var limit = request.BuildCacheSizeLimit ?? ContainerCacheRequest.DefaultBuildCacheSizeLimit;
        if (limit.Bytes < 0 || limit.Percent < 0)
        {
            throw new GoModCacheException($"The build cache size limit {limit} is negative.");
        }

        if (request.BuildCacheUnusedFor is { } age && age <= TimeSpan.Zero)
        {
            throw new GoModCacheException($"The build cache age limit {age} is not positive.");
        }

        var projects = request.KeepProjects.Select(Path.GetFullPath).ToList();
        return new ContainerCachePlan
        {
            Mode = ContainerCacheMode.Prune,
            Prune = new PrunePolicy { KeepProjects = projects },
            Trim = buildOn ? new BuildCacheTrimPolicy { SizeLimit = limit, UnusedFor = request.BuildCacheUnusedFor } : null,
            Description = $"prune the module cache to what {string.Join(", ", projects)} need"
                + (buildOn ? $"; trim the build cache to {limit}" + (request.BuildCacheUnusedFor is { } a ? $" and entries used within {a.TotalHours:0.#} h" : string.Empty) : string.Empty),
        };
    }

    /// <summary>Runs the prune and the trim of a <see cref="ContainerCacheMode.Prune"/> plan.</summary>
    /// <param name="request">The request the plan was made from (roots, GOPATH entries, clock).</param>
    /// <param name="plan">The plan, from <see cref="Plan"/>.</param>
    /// <returns>What went.</returns>
    /// <exception cref="GoModCacheException">A root fails its guard, or the plan is a clean.</exception>
    public static ContainerCacheReport RunPrune(ContainerCacheRequest request, ContainerCachePlan plan)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.Mode != ContainerCacheMode.Prune)
        {
            throw new GoModCacheException("RunPrune runs a Prune plan; a Clean plan is carried out by the cleaners.");
        }

        PruneReport? prune = null;
        if (plan.Prune != null && !string.IsNullOrWhiteSpace(request.ModCacheRoot) && Directory.Exists(Path.Combine(request.ModCacheRoot, "cache", "download")))
        {
            // The step ends the container's build: no other go command uses the mounted caches now.
            prune = new ModuleCachePruner(request.ModCacheRoot, plan.Prune, new PruneOptions
            {
                GracePeriod = TimeSpan.Zero,
                GoPathEntries = request.GoPathEntries,
                Clock = request.Clock,
            }).Run();
        }

        BuildCacheTrimReport? trim = null;
        if (plan.Trim != null && File.Exists(Path.Combine(request.BuildCacheRoot!, "README")))
        {
            trim = new BuildCacheTrimmer(request.BuildCacheRoot!, plan.Trim, new BuildCacheTrimOptions
            {
                CacheIdle = true,
                GoPathEntries = request.GoPathEntries,
                ModCacheRoot = request.ModCacheRoot,
                Clock = request.Clock,
            }).Run();
        }

        return new ContainerCacheReport { Plan = plan, Prune = prune, Trim = trim };
    }
}
