namespace GoCaches.Pruning;

/// <summary>Why a prune kept a module version (<see cref="PruneKept.Because"/>, <see cref="PruneReport.KeptByReason"/>).</summary>
public enum PruneKeepReason
{
    /// <summary>A Go toolchain, and no toolchain rule was given.</summary>
    Toolchain,

    /// <summary>A Go toolchain in use.</summary>
    ToolchainInUse,

    /// <summary>Not extracted, and the download files are kept.</summary>
    NotExtracted,

    /// <summary>A module, and only toolchains are pruned.</summary>
    OnlyToolchainsPruned,

    /// <summary>Its path does not match the module patterns.</summary>
    OutsidePatterns,

    /// <summary>Needed by the projects to keep.</summary>
    NeededByProjects,

    /// <summary>Needed by a build using the cache.</summary>
    NeededByBuild,

    /// <summary>Among the newest versions of its module that are kept.</summary>
    AmongNewest,

    /// <summary>The cache fits the size limit without removing it.</summary>
    FitsSizeLimit,

    /// <summary>Used within the age given.</summary>
    RecentlyUsed,

    /// <summary>A go command was extracting it when the prune came to it.</summary>
    BeingExtracted,
}
