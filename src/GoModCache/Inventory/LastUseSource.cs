namespace GoCaches.Inventory;

/// <summary>Where the last-use time of a module version came from (Go records none itself).</summary>
public enum LastUseSource
{
    /// <summary>Nothing to go by (no directory and no download files).</summary>
    Unknown,

    /// <summary>The <see cref="UsageRecord"/> file.</summary>
    UsageRecord,

    /// <summary>The newest access time of the version's files: the file system records reads (relatime or strictatime).</summary>
    AccessTime,

    /// <summary>When Go extracted the version (its directory's modification time): no later read was recorded.</summary>
    ExtractionTime,

    /// <summary>When Go downloaded the version (its download files' modification time): it was never extracted.</summary>
    DownloadTime,
}
