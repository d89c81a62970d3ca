namespace GoCaches.Operations;

/// <summary>What a check did.</summary>
public enum LimitActionTaken
{
    /// <summary>Nothing: every limit held (or none was set).</summary>
    None,

    /// <summary>Warned about the limits exceeded.</summary>
    Warned,

    /// <summary>Failed because of the limits exceeded.</summary>
    Failed,

    /// <summary>Cleaned the caches over their limits.</summary>
    Cleaned,

    /// <summary>Pruned the module cache (and cleaned a build cache over its limit).</summary>
    Pruned,
}
