namespace GoCaches.Operations;

/// <summary>
/// Every code the front ends log (the README lists them): the engine's exceptions carry one
/// (<see cref="GoModCacheException.ErrorCode"/>), the MSBuild tasks and targets log them, and the Cake aliases put
/// them in their exceptions' messages.
/// </summary>
public static class ErrorCodes
{
    /// <summary>A diagnostic that Go printed with a file position.</summary>
    public const string Go = "GO";

    /// <summary>The module cache is over its limit.</summary>
    public const string ModCacheOverLimit = "GOMC001";

    /// <summary>The build cache is over its limit.</summary>
    public const string BuildCacheOverLimit = "GOMC002";

    /// <summary>A size limit does not parse (or is a percentage where a size is needed).</summary>
    public const string InvalidSize = "GOMC003";

    /// <summary>The limit action is not Warn, Fail, Clean or Prune.</summary>
    public const string InvalidAction = "GOMC004";

    /// <summary>The free space on the volume of the module cache is under its minimum.</summary>
    public const string FreeSpaceShort = "GOMC005";

    /// <summary>The go command was not found.</summary>
    public const string GoNotFound = "GOMC010";

    /// <summary>Go failed without a diagnostic that has a file position.</summary>
    public const string GoFailed = "GOMC011";

    /// <summary>Go's environment could not be read or a cache could not be measured.</summary>
    public const string CacheUnreadable = "GOMC012";

    /// <summary>The directory go should run in (a <c>GoProject</c> directory) does not exist.</summary>
    public const string DirectoryMissing = "GOMC020";

    /// <summary><c>go build</c> succeeded but wrote no <c>OutputPath</c> (the MSBuild targets log it).</summary>
    public const string NoOutput = "GOMC021";

    /// <summary>The MSBuild tasks cannot run on the .NET Framework MSBuild (the MSBuild targets log it).</summary>
    public const string FrameworkMSBuild = "GOMC030";

    /// <summary>
    /// A prune refused to run, before removing anything: an invalid parameter (pattern, size, age, count,
    /// toolchain, grace period), a project file that does not parse, an empty policy, or a root that is not a module
    /// cache. (Also an error that stops a prune half-way, which the message says.)
    /// </summary>
    public const string PruneRefused = "GOMC040";

    /// <summary>A warning: a prune could not remove a module version (the others went on), or was cancelled.</summary>
    public const string PruneIncomplete = "GOMC041";

    /// <summary>A warning: a report file, the job summary or a step output could not be written.</summary>
    public const string ReportNotWritten = "GOMC042";

    /// <summary>A clean refused to run (a root that is not a Go cache) or stopped half-way (what is left is safe for Go).</summary>
    public const string CleanFailed = "GOMC043";

    /// <summary>Every code, for tests that match them with the README and the targets.</summary>
    public static string[] All { get; } =
    [
        Go, ModCacheOverLimit, BuildCacheOverLimit, InvalidSize, InvalidAction, FreeSpaceShort, GoNotFound, GoFailed,
        CacheUnreadable, DirectoryMissing, NoOutput, FrameworkMSBuild, PruneRefused, PruneIncomplete, ReportNotWritten, CleanFailed,
    ];
}
