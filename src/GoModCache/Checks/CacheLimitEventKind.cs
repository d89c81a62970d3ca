namespace GoCaches.Checks;

/// <summary>What a <see cref="CacheLimitEvent"/> tells.</summary>
public enum CacheLimitEventKind
{
    /// <summary>The caches and the free space were measured (one line for all).</summary>
    Measured,

    /// <summary>A cache is within its limit.</summary>
    WithinLimit,

    /// <summary>A cache is over its limit, or free space under its minimum; <see cref="CacheLimitEvent.Step"/> says what follows.</summary>
    LimitExceeded,

    /// <summary>Progress of a long prune or clean.</summary>
    Progress,

    /// <summary>Other builds using a cache: waiting for them, or deferring to them.</summary>
    OtherBuilds,

    /// <summary>What a prune, clean or trim removed (or, in a dry run, would).</summary>
    Removed,

    /// <summary>Something a prune, clean or trim could not remove (the others went on).</summary>
    NotRemoved,

    /// <summary>A remark of a prune, clean or trim.</summary>
    Note,

    /// <summary>A report file was written.</summary>
    ReportWritten,

    /// <summary>A report file could not be written.</summary>
    ReportNotWritten,

    /// <summary>Outputs were published to the CI (GitHub Actions step outputs, Azure Pipelines variables), or could not be.</summary>
    Published,
}
