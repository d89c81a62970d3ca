namespace Cake.GoModCache.Workflow;

/// <summary>What <c>GoContainerBuild</c> does with Go's caches once the build has succeeded.</summary>
public enum GoContainerCaches
{
    /// <summary>
    /// Remove the module and build caches entirely, in the same step as the build, so that the image layer
    /// carries none of them (single-stage images, build stages, exported layer caches). The default.
    /// </summary>
    Remove,

    /// <summary>
    /// Keep the caches, pruned: for caches that live outside the layer and outlive the build, such as BuildKit
    /// cache mounts (<c>RUN --mount=type=cache</c>). The module cache keeps the versions the project needs and
    /// other versions up to <see cref="GoContainerBuildSettings.ModCacheLimit"/>, least recently used first; the
    /// build cache keeps the entries this build used and other entries up to
    /// <see cref="GoContainerBuildSettings.BuildCacheLimit"/>. Repeated builds stay fast; the mounts stay bounded.
    /// </summary>
    Prune,
}
