
namespace GoCaches.Leases;

/// <summary>Which of Go's caches a lease is on.</summary>
public enum CacheKind
{
    /// <summary>The module cache (<c>GOMODCACHE</c>).</summary>
    ModuleCache,

    /// <summary>The build cache (<c>GOCACHE</c>).</summary>
    BuildCache,
}
