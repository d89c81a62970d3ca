namespace GoCaches.Pruning;

/// <summary>The phase of a prune or clean.</summary>
public enum PrunePhase
{
    /// <summary>Measuring the cache.</summary>
    Scanning,

    /// <summary>Reading projects and usage, choosing what to remove.</summary>
    Planning,

    /// <summary>Removing module versions.</summary>
    Removing,

    /// <summary>Measuring the cache again.</summary>
    Measuring,

    /// <summary>Finished.</summary>
    Done,
}
