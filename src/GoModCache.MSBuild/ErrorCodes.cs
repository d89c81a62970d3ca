namespace GoModCache.MSBuild;

/// <summary>
/// The codes of the errors and warnings the tasks and targets log (the README lists them). Every <c>GOMC</c> code in the
/// sources, the <c>.targets</c> files' literal codes too, is one of these constants (a test holds them to it).
/// </summary>
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

    /// <summary><c>GoCacheLimitAction</c> is not Warn, Fail (or its synonym Error), Clean, Prune or Trim.</summary>
    public const string InvalidAction = "GOMC004";

    /// <summary>Free space is under <c>GoModCacheMinFreeSpace</c> (a warning, or an error with <c>GoCacheLimitAction=Fail</c>).</summary>
    public const string FreeSpaceUnderMinimum = "GOMC005";

    /// <summary>A number of seconds given to <c>GoModCacheCheck</c> (grace period, wait for other builds) does not parse.</summary>
    public const string InvalidSeconds = "GOMC006";

    /// <summary>The go command was not found.</summary>
    public const string GoNotFound = "GOMC010";

    /// <summary>Go failed without a diagnostic that has a file position.</summary>
    public const string GoFailed = "GOMC011";

    /// <summary>Go's environment could not be read or a cache could not be measured.</summary>
    public const string CacheUnreadable = "GOMC012";

    /// <summary>The directory go should run in (a <c>GoProject</c> directory) does not exist.</summary>
    public const string DirectoryMissing = "GOMC020";

    /// <summary><c>go build</c> succeeded but wrote no <c>OutputPath</c> (the targets' check after <c>GoBuild</c>).</summary>
    public const string OutputMissing = "GOMC021";

    /// <summary>The targets run in the .NET Framework MSBuild (Visual Studio, msbuild.exe), which cannot load the tasks.</summary>
    public const string FrameworkMSBuild = "GOMC030";

    /// <summary>
    /// <c>GoModCachePrune</c> refused to run, before removing anything: an invalid parameter (pattern, size, age,
    /// count, toolchain), a project file that does not parse, an empty policy, or a root that is not a module cache.
    /// (Also an error that stops a prune half-way, which the message says.)
    /// </summary>
    public const string PruneRefused = "GOMC040";

    /// <summary>A warning: <c>GoModCachePrune</c> could not remove a module version (the others went on), or was cancelled.</summary>
    public const string PruneIncomplete = "GOMC041";

    /// <summary>A warning: a prune report file could not be written.</summary>
    public const string ReportNotWritten = "GOMC042";

    /// <summary>A build waited too long for a clean of a Go cache by another job to finish (the cache lease).</summary>
    public const string LeaseTimeout = "GOMC050";

    /// <summary>
    /// <c>GoBuildCacheTrim</c>, <c>GoCacheRestored</c> or <c>GoCachePrepareForSave</c> refused to run before removing
    /// anything: an invalid parameter, an empty policy, or a root that is not a Go build cache (or module cache).
    /// </summary>
    public const string TrimRefused = "GOMC060";

    /// <summary>A warning: a build cache entry (or module version) could not be removed; the others went on.</summary>
    public const string TrimIncomplete = "GOMC061";
}
