namespace GoCaches.Operations;

/// <summary>Which limit a check compares.</summary>
public enum LimitKind
{
    /// <summary>The module cache size.</summary>
    ModCache,

    /// <summary>The build cache size.</summary>
    BuildCache,

    /// <summary>The free space on the volume holding the module cache.</summary>
    MinFreeSpace,
}
