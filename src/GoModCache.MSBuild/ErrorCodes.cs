namespace GoModCache.MSBuild;

/// <summary>The codes of the errors and warnings the tasks and targets log (the README lists them).</summary>
internal static class ErrorCodes
{
    /// <summary>A diagnostic that Go printed with a file position.</summary>
    public const string Go = "GO";

    /// <summary>The module cache is over <c>GoModCacheSizeLimit</c>.</summary>
    public const string ModCacheOverLimit = "GOMC001";

    /// <summary>The build cache is over <c>GoBuildCacheSizeLimit</c>.</summary>
    public const string BuildCacheOverLimit = "GOMC002";

    /// <summary>A size limit does not parse.</summary>
    public const string InvalidSize = "GOMC003";

    /// <summary><c>GoCacheLimitAction</c> is not Warn, Error or Clean.</summary>
    public const string InvalidAction = "GOMC004";

    /// <summary>The go command was not found.</summary>
    public const string GoNotFound = "GOMC010";

    /// <summary>Go failed without a diagnostic that has a file position.</summary>
    public const string GoFailed = "GOMC011";

    /// <summary>Go's environment could not be read or a cache could not be measured.</summary>
    public const string CacheUnreadable = "GOMC012";

    /// <summary>The directory go should run in (a <c>GoProject</c> directory) does not exist.</summary>
    public const string DirectoryMissing = "GOMC020";
}
