
namespace GoCaches.Inventory;

/// <summary>The kind of a build cache entry.</summary>
public enum BuildCacheEntryKind
{
    /// <summary>One output file (<c>&lt;hash&gt;-d</c>) with the action files (<c>&lt;hash&gt;-a</c>) that name it.</summary>
    Action,

    /// <summary>An action file whose output is missing, or that does not name an output Go could read.</summary>
    DanglingAction,

    /// <summary>An output file no action file names.</summary>
    OrphanOutput,

    /// <summary>A file of the fuzz cache (<c>fuzz/</c>).</summary>
    Fuzz,
}
