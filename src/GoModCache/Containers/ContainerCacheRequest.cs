using System;
using System.Collections.Generic;
using GoCaches.Inventory;

namespace GoCaches.Containers;

/// <summary>What <see cref="ContainerCacheStep"/> decides and does after a container build step's go build.</summary>
public sealed class ContainerCacheRequest
{
    /// <summary>The build cache size limit of <see cref="ContainerCacheMode.Prune"/> when none is given: 512 MiB.</summary>
    public static readonly SizeSpec DefaultBuildCacheSizeLimit = SizeSpec.FromBytes(512L * 1024 * 1024);

    /// <summary>Gets the mode. Default <see cref="ContainerCacheMode.Clean"/>.</summary>
    public ContainerCacheMode Mode { get; init; } = ContainerCacheMode.Clean;

    /// <summary>Gets the module cache root (<c>GOMODCACHE</c>).</summary>
    public string? ModCacheRoot { get; init; }

    /// <summary>Gets the build cache root (<c>GOCACHE</c>), or null (or <c>off</c>) when the build cache is off.</summary>
    public string? BuildCacheRoot { get; init; }

    /// <summary>
    /// Gets the project folders (go.mod or go.work) whose module graphs the module cache keeps in
    /// <see cref="ContainerCacheMode.Prune"/>: the projects the step builds. Required in that mode.
    /// </summary>
    public IReadOnlyList<string> KeepProjects { get; init; } = [];

    /// <summary>
    /// Gets the build cache size limit in <see cref="ContainerCacheMode.Prune"/>: least recently used entries go first
    /// until the cache fits; <see cref="DefaultBuildCacheSizeLimit"/> when null. A percentage is of the cache's size.
    /// </summary>
    public SizeSpec? BuildCacheSizeLimit { get; init; }

    /// <summary>Gets the age after which an unused build cache entry goes in <see cref="ContainerCacheMode.Prune"/>, or null for no age rule.</summary>
    public TimeSpan? BuildCacheUnusedFor { get; init; }

    /// <summary>Gets the <c>GOPATH</c> entries, for the guards of the prune and the trim.</summary>
    public IReadOnlyList<string>? GoPathEntries { get; init; }

    /// <summary>Gets the clock. Default: the system clock.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
