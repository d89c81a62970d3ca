namespace GoCaches.AfterBuild;

/// <summary>What happened to one cache after a build.</summary>
public enum AfterBuildAction
{
    /// <summary>Left as it was (see <see cref="AfterBuildReason"/> for why).</summary>
    Kept,

    /// <summary>Emptied by the engine's locked cleaner (it waited for other builds using the cache, if any).</summary>
    Cleaned,

    /// <summary>The module cache was pruned to the project's needs instead of emptied.</summary>
    Pruned,

    /// <summary>Other builds were still using the cache: the clean was left to the last of them.</summary>
    Deferred,

    /// <summary>Other builds were still using the module cache: the prune removed nothing.</summary>
    PruneSkipped,

    /// <summary>Left to <c>go clean</c> (<see cref="AfterBuildCleanResult.GoCleanFlags"/>), which the front end runs.</summary>
    LeftToGo,
}
