namespace GoCaches.Operations;

/// <summary>What a <see cref="CacheOperationEvent"/> tells.</summary>
public enum CacheOperationEventKind
{
    /// <summary>A cache was measured.</summary>
    Measured,

    /// <summary>Progress of a long prune or clean.</summary>
    Progress,

    /// <summary>Other builds using a cache: waiting for them, or deferring to them.</summary>
    OtherBuilds,

    /// <summary>One thing removed (or, in a dry run, that would be).</summary>
    Removed,

    /// <summary>Something that could not be removed (the others went on).</summary>
    NotRemoved,

    /// <summary>A remark of the operation.</summary>
    Note,

    /// <summary>The operation's outcome in one line.</summary>
    Summary,

    /// <summary>A report file was written.</summary>
    ReportWritten,

    /// <summary>A report file could not be written.</summary>
    ReportNotWritten,

    /// <summary>Outputs were published to the CI (GitHub Actions step outputs, Azure Pipelines variables).</summary>
    Published,
}
