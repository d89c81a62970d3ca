using GoCaches.Eviction;

namespace GoCaches.Pruning;

/// <summary>The rule that removes a module version.</summary>
public enum PruneRule
{
    /// <summary>It matches <see cref="PrunePolicy.ModulePatterns"/> and no other rule keeps it.</summary>
    ModulePattern,

    /// <summary>The projects in <see cref="PrunePolicy.KeepProjects"/> do not need it.</summary>
    NotNeededByProjects,

    /// <summary>It is not among the <see cref="PrunePolicy.KeepNewest"/> newest versions of its module.</summary>
    NotAmongNewest,

    /// <summary>It has not been used for longer than <see cref="PrunePolicy.UnusedFor"/>.</summary>
    Unused,

    /// <summary>It is among the least recently used, removed to bring the cache under <see cref="PrunePolicy.SizeLimit"/>.</summary>
    SizeLimit,

    /// <summary>It is a Go toolchain not in <see cref="PrunePolicy.ToolchainsInUse"/>.</summary>
    ToolchainNotInUse,

    /// <summary>The whole cache is cleaned (<see cref="ModuleCacheCleaner"/>).</summary>
    FullClean,
}
