
namespace GoCaches.Leases;

/// <summary>What a whole-cache removal (clean, prune) did about the builds using the cache.</summary>
public enum CacheLeaseOutcome
{
    /// <summary>No build was using the cache: the removal ran at once.</summary>
    Free,

    /// <summary>The removal waited for builds using the cache to finish, then ran.</summary>
    Waited,

    /// <summary>Builds kept using the cache past the wait: the clean was recorded and the last of them performs it.</summary>
    Deferred,

    /// <summary>Builds kept using the cache past the wait and what they need is not known: the prune removed nothing.</summary>
    Skipped,

    /// <summary>A prune ran beside the builds using the cache, keeping every module version their projects need; a trim, keeping every build cache entry used within the last hour.</summary>
    KeptForHolders,
}
