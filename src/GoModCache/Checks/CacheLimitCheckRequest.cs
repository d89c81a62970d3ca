using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using GoCaches.Ci;
using GoCaches.Inventory;
using GoCaches.Leases;
using GoCaches.Pruning;
using GoCaches.Reports;

namespace GoCaches.Checks;

/// <summary>
/// What <see cref="CacheLimitCheck"/> checks and what it may do about it. The front ends (the Cake alias
/// <c>GoModCacheCheck</c>, the MSBuild task <c>GoModCacheCheck</c>) map their settings or parameters to this;
/// <see cref="Validate"/> is the one place the values are checked.
/// </summary>
public sealed class CacheLimitCheckRequest
{
    /// <summary>Gets the module cache root (<c>GOMODCACHE</c>), or null when the module cache is not checked.</summary>
    public string? ModuleCacheRoot { get; init; }

    /// <summary>Gets the build cache root (<c>GOCACHE</c>), or null when the build cache is off or not checked.</summary>
    public string? BuildCacheRoot { get; init; }

    /// <summary>Gets the module cache limit (a size, not a percentage), or null.</summary>
    public SizeSpec? ModuleCacheLimit { get; init; }

    /// <summary>Gets the build cache limit (a size, not a percentage), or null.</summary>
    public SizeSpec? BuildCacheLimit { get; init; }

    /// <summary>Gets the least free space the volume holding the caches must keep: bytes, or a percentage of the volume; or null.</summary>
    public SizeSpec? MinFreeSpace { get; init; }

    /// <summary>Gets what to do when a limit is exceeded. Default <see cref="CacheLimitAction.Warn"/>.</summary>
    public CacheLimitAction Action { get; init; } = CacheLimitAction.Warn;

    /// <summary>Gets go.mod / go.sum / go.work files (or directories holding them) whose module versions a prune keeps (absolute paths).</summary>
    public IReadOnlyList<string> KeepProjects { get; init; } = [];

    /// <summary>Gets the usage record a prune reads last-use times from; the module cache's default record when null.</summary>
    public string? UsageRecordPath { get; init; }

    /// <summary>Gets the prune's grace period (see <see cref="PruneOptions.GracePeriod"/>); null: its default, two seconds.</summary>
    public TimeSpan? GracePeriod { get; init; }

    /// <summary>Gets a value indicating whether no go command uses the build cache during a trim (see <see cref="Trimming.BuildCacheTrimOptions.CacheIdle"/>).</summary>
    public bool CacheIdle { get; init; }

    /// <summary>Gets a value indicating whether nothing is removed: the prune, clean or trim only reports what would go.</summary>
    public bool DryRun { get; init; }

    /// <summary>Gets how long a clean, prune or trim waits for other builds using a cache. Default <see cref="CacheLease.DefaultWait"/>.</summary>
    public TimeSpan LeaseWait { get; init; } = CacheLease.DefaultWait;

    /// <summary>Gets the <c>GOPATH</c> entries, when known, so that the guards refuse GOPATH itself.</summary>
    public IReadOnlyList<string>? GoPathEntries { get; init; }

    /// <summary>Gets how often a long prune or clean reports its progress. Default five seconds.</summary>
    public TimeSpan ProgressInterval { get; init; } = new PruneOptions().ProgressInterval;

    /// <summary>Gets the CI to publish the outputs to (<see cref="CiTarget.FromEnvironment"/>); null: none.</summary>
    public CiTarget? Ci { get; init; }

    /// <summary>Gets where Azure Pipelines logging commands are printed (a front end's log); null: standard output.</summary>
    public Action<string>? AzureCommand { get; init; }

    /// <summary>Gets where the check's report goes (JSON, Markdown, HTML picture, job summary), or null for nowhere.</summary>
    public ReportFiles? Reports { get; init; }

    /// <summary>Gets a token that stops a prune between two versions.</summary>
    public CancellationToken CancellationToken { get; init; }

    /// <summary>Parses a cache limit as the engine reads sizes (<see cref="SizeParser"/>): a size, never a percentage.</summary>
    /// <param name="text">The text, e.g. <c>5GB</c> or <c>500 MiB</c>.</param>
    /// <returns>The limit.</returns>
    /// <exception cref="GoModCacheException">The text is not a size, or is a percentage.</exception>
    public static SizeSpec ParseLimit(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var size = SizeParser.Parse(text);
        if (size.Kind == SizeKind.Percent)
        {
            throw new GoModCacheException($"'{text.Trim()}' is a percentage, but a cache limit is a size such as 5GB or 500 MiB (a percentage is only meaningful for the minimum free space).");
        }

        return size;
    }

    /// <summary>Parses a minimum free space: a size (<c>10GB</c>) or a percentage of the volume (<c>10%</c>).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The minimum.</returns>
    /// <exception cref="GoModCacheException">The text is neither.</exception>
    public static SizeSpec ParseMinFreeSpace(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return SizeParser.Parse(text);
    }

    /// <summary>Checks the request before anything is measured or removed.</summary>
    /// <exception cref="GoModCacheException">A value is not valid; the message says which and why.</exception>
    public void Validate()
    {
        if (ModuleCacheRoot == null && BuildCacheRoot == null)
        {
            throw new GoModCacheException("The cache limit check needs a module cache root or a build cache root: there is nothing to check.");
        }

        foreach (var (name, root) in new[] { ("module cache root", ModuleCacheRoot), ("build cache root", BuildCacheRoot) })
        {
            if (root != null && !Path.IsPathFullyQualified(root))
            {
                throw new GoModCacheException($"The {name} '{root}' is not an absolute path.");
            }
        }

        foreach (var (name, limit) in new[] { ("module cache limit", ModuleCacheLimit), ("build cache limit", BuildCacheLimit) })
        {
            if (limit is { Kind: SizeKind.Percent })
            {
                throw new GoModCacheException($"The {name} is a percentage ({limit}), but a cache limit is a size such as 5GB or 500 MiB (a percentage is only meaningful for the minimum free space).");
            }
        }

        if (!Enum.IsDefined(Action))
        {
            throw new GoModCacheException($"The limit action {(int)Action} is not one of {string.Join(", ", Enum.GetNames<CacheLimitAction>())}.");
        }

        if (GracePeriod is { } grace && (grace < TimeSpan.Zero || grace > TimeSpan.FromHours(1)))
        {
            throw new GoModCacheException($"The grace period {grace} is not between 0 and one hour.");
        }

        if (LeaseWait < TimeSpan.Zero)
        {
            throw new GoModCacheException($"The wait for other builds {LeaseWait} is negative.");
        }

        if (ProgressInterval <= TimeSpan.Zero)
        {
            throw new GoModCacheException($"The progress interval {ProgressInterval} is not positive.");
        }

        foreach (var project in KeepProjects)
        {
            if (!Path.IsPathFullyQualified(project))
            {
                throw new GoModCacheException($"The project to keep '{project}' is not an absolute path.");
            }
        }
    }
}
