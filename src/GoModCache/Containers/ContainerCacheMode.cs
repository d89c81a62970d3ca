namespace GoCaches.Containers;

/// <summary>What a container build step does with Go's caches once the build succeeded.</summary>
public enum ContainerCacheMode
{
    /// <summary>
    /// Remove the module and build caches in the same step, so the image layer holds none of them (single-stage and
    /// multi-stage Dockerfiles whose caches live in the layer).
    /// </summary>
    Clean,

    /// <summary>
    /// Keep the caches but bound them: prune the module cache to the versions the projects need and trim the build
    /// cache by size (and age). For caches the builder keeps between builds (BuildKit/buildah
    /// <c>RUN --mount=type=cache</c>), which are not part of any layer and would otherwise grow without bound.
    /// </summary>
    Prune,
}
