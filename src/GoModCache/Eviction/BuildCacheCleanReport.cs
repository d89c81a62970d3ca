using System;
using GoCaches.Leases;

namespace GoCaches.Eviction;

/// <summary>What <see cref="BuildCacheCleaner.Clean"/> did.</summary>
public sealed record BuildCacheCleanReport
{
    /// <summary>Gets the build cache root.</summary>
    public string Root { get; init; } = string.Empty;

    /// <summary>Gets the cache size before, in bytes.</summary>
    public long BytesBefore { get; init; }

    /// <summary>Gets the cache size after, in bytes.</summary>
    public long BytesAfter { get; init; }

    /// <summary>Gets the bytes freed.</summary>
    public long BytesFreed => Math.Max(0, BytesBefore - BytesAfter);

    /// <summary>Gets how long it took, waiting included.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>Gets how the clean met other builds using the cache: ran at once, waited, or deferred to the last of them.</summary>
    public CacheLeaseResult Lease { get; init; } = new();

    /// <summary>Gets a value indicating whether the clean removed nothing because other builds were using the cache.</summary>
    public bool Deferred => !Lease.Ran;
}
