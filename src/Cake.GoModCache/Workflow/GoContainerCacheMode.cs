namespace Cake.GoModCache.Workflow;

/// <summary>What <see cref="GoAliases.GoContainerBuild(Cake.Core.ICakeContext, GoContainerBuildSettings)"/> does with Go's caches after the build.</summary>
public enum GoContainerCacheMode
{
    /// <summary>
    /// Remove the module and build caches in the same step (the default): the image layer keeps none of them. For
    /// single-stage and multi-stage Dockerfiles whose caches live in the layer.
    /// </summary>
    Clean,

    /// <summary>
    /// Keep the caches but bound them: prune the module cache to what the built project needs and trim the build
    /// cache to <see cref="GoContainerBuildSettings.BuildCacheSizeLimit"/> (least recently used entries first). For
    /// cache mounts (<c>RUN --mount=type=cache,target=/root/go/pkg/mod …</c>) that the builder keeps between builds.
    /// </summary>
    Prune,
}
