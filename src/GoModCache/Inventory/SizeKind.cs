using GoCaches.Pruning;

namespace GoCaches.Inventory;

/// <summary>What a <see cref="SizeSpec"/> measures.</summary>
public enum SizeKind
{
    /// <summary>An absolute number of bytes.</summary>
    Bytes,

    /// <summary>A percentage of a whole the caller chooses (for <see cref="ModuleCachePruner"/>: the cache's size before pruning).</summary>
    Percent,
}
