using System;

namespace GoCaches.Operations;

/// <summary>Go's caches, as a set: what a clean removes, what was cleaned.</summary>
[Flags]
public enum CacheKinds
{
    /// <summary>No cache.</summary>
    None = 0,

    /// <summary>The module cache (<c>GOMODCACHE</c>), removed under Go's locks by the engine's cleaner.</summary>
    ModuleCache = 1,

    /// <summary>The build cache entries (<c>GOCACHE</c>'s <c>00</c>…<c>ff</c>), as <c>go clean -cache</c> removes them.</summary>
    BuildCache = 2,

    /// <summary>Cached test results: expired as <c>go clean -testcache</c> does.</summary>
    TestCache = 4,

    /// <summary>The fuzz corpus cache (<c>GOCACHE/fuzz</c>), as <c>go clean -fuzzcache</c> removes it.</summary>
    FuzzCache = 8,
}
