using System.Collections.Generic;
using System.Globalization;
using GoCaches.Eviction;
using GoCaches.Go;
using GoCaches.Inventory;
using GoCaches.Modules;
using GoCaches.Pruning;

namespace GoCaches.Operations;

/// <summary>What a check found and did.</summary>
public sealed class CheckResult
{
    /// <summary>Gets the module cache root, or null when it was not measured.</summary>
    public string? ModCacheRoot { get; internal init; }

    /// <summary>Gets the module cache size when checked (0 when not measured).</summary>
    public long ModCacheBytes { get; internal init; }

    /// <summary>Gets the module cache limit in bytes, or null.</summary>
    public long? ModCacheLimitBytes { get; internal init; }

    /// <summary>Gets the build cache root, or null when it is off or not measured.</summary>
    public string? BuildCacheRoot { get; internal init; }

    /// <summary>Gets the build cache size when checked (0 when not measured).</summary>
    public long BuildCacheBytes { get; internal init; }

    /// <summary>Gets the build cache limit in bytes, or null.</summary>
    public long? BuildCacheLimitBytes { get; internal init; }

    /// <summary>Gets the free bytes of the volume holding the module cache (0 when not measured).</summary>
    public long FreeBytes { get; internal init; }

    /// <summary>Gets the size of that volume (0 when not measured).</summary>
    public long VolumeBytes { get; internal init; }

    /// <summary>Gets the least free space required in bytes, or null.</summary>
    public long? MinFreeBytes { get; internal init; }

    /// <summary>Gets the limits exceeded.</summary>
    public IReadOnlyList<LimitBreach> Breaches { get; internal init; } = [];

    /// <summary>Gets the action configured.</summary>
    public CacheLimitAction Action { get; internal init; }

    /// <summary>Gets what was done.</summary>
    public LimitActionTaken ActionTaken { get; internal set; }

    /// <summary>Gets what was cleaned (a prune is not a clean: see <see cref="ModCacheReport"/>).</summary>
    public CacheKinds Cleaned { get; internal set; }

    /// <summary>Gets the prune or clean report of the module cache when the action ran one, or null.</summary>
    public PruneReport? ModCacheReport { get; internal set; }

    /// <summary>Gets the clean of the build cache when the action ran one, or null.</summary>
    public GoCaches.Eviction.BuildCacheCleanReport? BuildCacheReport { get; internal set; }

    /// <summary>Gets a value indicating whether every limit held.</summary>
    public bool WithinLimits => Breaches.Count == 0;

    /// <summary>Gets a value indicating whether a module cache limit was exceeded.</summary>
    public bool ModCacheExceeded => Exists(Breaches, LimitKind.ModCache);

    /// <summary>Gets a value indicating whether a build cache limit was exceeded.</summary>
    public bool BuildCacheExceeded => Exists(Breaches, LimitKind.BuildCache);

    /// <summary>Gets a value indicating whether the free space was short.</summary>
    public bool FreeSpaceShort => Exists(Breaches, LimitKind.MinFreeSpace);

    /// <summary>Describes the measurements in one line (the log line of both front ends).</summary>
    /// <returns>The text.</returns>
    public string Describe()
    {
        var parts = new List<string>();
        if (ModCacheRoot != null)
        {
            parts.Add("module cache " + SizeParser.Format(ModCacheBytes) + (ModCacheLimitBytes is { } m ? " (limit " + SizeParser.Format(m) + ")" : string.Empty));
        }

        if (BuildCacheRoot != null)
        {
            parts.Add("build cache " + SizeParser.Format(BuildCacheBytes) + (BuildCacheLimitBytes is { } b ? " (limit " + SizeParser.Format(b) + ")" : string.Empty));
        }

        if (VolumeBytes > 0)
        {
            parts.Add("free space " + SizeParser.Format(FreeBytes) + " of " + SizeParser.Format(VolumeBytes) + (MinFreeBytes is { } f ? " (minimum " + SizeParser.Format(f) + ")" : string.Empty));
        }

        return "Go caches: " + (parts.Count == 0 ? "nothing to check (no limit is set)" : string.Join(", ", parts)) + ".";
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Describe()} {(WithinLimits ? "Within limits" : Breaches.Count + " limit(s) exceeded")}; action {Action}: {ActionTaken}{(Cleaned == CacheKinds.None ? string.Empty : " (" + Cleaned + ")")}.");

    private static bool Exists(IReadOnlyList<LimitBreach> breaches, LimitKind kind)
    {
        foreach (var b in breaches)
        {
            if (b.Limit == kind)
            {
                return true;
            }
        }

        return false;
    }
}
