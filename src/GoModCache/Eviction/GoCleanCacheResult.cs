using System;
using System.Globalization;
using GoCaches.Inventory;
using GoCaches.Leases;

namespace GoCaches.Eviction;

/// <summary>What a plain <c>go clean</c> did to one cache (<see cref="GoCleanUnderLease"/>): measured by the engine's inventory before and after.</summary>
public sealed record GoCleanCacheResult
{
    /// <summary>Gets which cache it is.</summary>
    public CacheKind Kind { get; init; }

    /// <summary>Gets the cache root.</summary>
    public string Root { get; init; } = string.Empty;

    /// <summary>Gets the size before, in bytes.</summary>
    public long BytesBefore { get; init; }

    /// <summary>Gets the files before.</summary>
    public long FilesBefore { get; init; }

    /// <summary>Gets the size after, in bytes.</summary>
    public long BytesAfter { get; init; }

    /// <summary>Gets the files after.</summary>
    public long FilesAfter { get; init; }

    /// <summary>Gets the module versions before (module cache only).</summary>
    public int VersionsBefore { get; init; }

    /// <summary>Gets the bytes freed.</summary>
    public long BytesFreed => Math.Max(0, BytesBefore - BytesAfter);

    /// <summary>Gets how the clean met other builds using the cache: ran at once, waited, or deferred to the last of them.</summary>
    public CacheLeaseResult Lease { get; init; } = new();

    /// <summary>Gets a value indicating whether go was not asked to clean this cache because other builds were using it (the last of them cleans it).</summary>
    public bool Deferred => !Lease.Ran;

    /// <inheritdoc />
    public override string ToString() => Deferred
        ? string.Create(CultureInfo.InvariantCulture, $"{CacheLease.Name(Kind)} {Root}: clean deferred ({SizeParser.Format(BytesBefore)}, {FilesBefore} files kept for now)")
        : string.Create(CultureInfo.InvariantCulture, $"{CacheLease.Name(Kind)} {Root}: freed {SizeParser.Format(BytesFreed)} ({FilesBefore - FilesAfter} files)");
}
