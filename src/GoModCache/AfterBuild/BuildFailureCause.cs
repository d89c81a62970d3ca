namespace GoCaches.AfterBuild;

/// <summary>Why the build failed, as far as the caches are concerned.</summary>
public enum BuildFailureCause
{
    /// <summary>Go failed for another reason (a compile error, a missing module): the caches are not at fault.</summary>
    BuildError,

    /// <summary>Go found module versions in the module cache that fail its checksum check (a polluted cache).</summary>
    ChecksumMismatch,
}
