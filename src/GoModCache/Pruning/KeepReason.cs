namespace GoCaches.Pruning;

/// <summary>Why a prune keeps a module version.</summary>
public enum KeepReason
{
    /// <summary>A toolchain, and no toolchain rule was given.</summary>
    ToolchainNoRule,

    /// <summary>A toolchain in use.</summary>
    ToolchainInUse,

    /// <summary>Not extracted, and the download files are kept.</summary>
    NotExtracted,

    /// <summary>A module, and only toolchains are pruned.</summary>
    NoModuleRule,

    /// <summary>Its path does not match the module patterns.</summary>
    OutsidePatterns,

    /// <summary>The projects need it.</summary>
    NeededByProjects,

    /// <summary>Among the newest versions of its module.</summary>
    AmongNewest,

    /// <summary>Used recently enough.</summary>
    RecentlyUsed,

    /// <summary>The cache fits the size limit without removing it.</summary>
    WithinSizeLimit,
}
