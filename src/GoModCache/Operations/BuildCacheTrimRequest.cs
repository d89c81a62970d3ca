using System;
using GoCaches.Inventory;
using GoCaches.Trimming;

namespace GoCaches.Operations;

/// <summary>What <see cref="BuildCacheTrim"/> trims and how (see <see cref="BuildCacheTrimPolicy"/>).</summary>
public sealed class BuildCacheTrimRequest : RemovalRequest
{
    /// <summary>Initializes a new instance of the <see cref="BuildCacheTrimRequest"/> class.</summary>
    public BuildCacheTrimRequest()
    {
    }

    /// <summary>
    /// Initializes a new instance of the <see cref="BuildCacheTrimRequest"/> class with what every removal request shares, taken from
    /// <paramref name="shared"/> (root, dry run, wait, GOPATH entries, progress interval, token, reports, CI, Azure
    /// output), so that a front end maps its shared settings once for the prune, the clean and the trim.
    /// </summary>
    /// <param name="shared">The request whose shared parts are copied (of any removal kind).</param>
    public BuildCacheTrimRequest(RemovalRequest shared)
        : base(shared)
    {
    }

    /// <summary>Go's own trim age: 5 days, plus the hour its use times may lag. The rule when neither an age nor a size is given.</summary>
    public static readonly TimeSpan GoDefaultAge = TimeSpan.FromDays(5) + TimeSpan.FromHours(1);

    /// <summary>Gets the age beyond which an unused entry goes; null: none (or <see cref="GoDefaultAge"/> when there is no size either).</summary>
    public TimeSpan? UnusedFor { get; init; }

    /// <summary>Gets the size to trim down to, least recently used first; null: none.</summary>
    public SizeSpec? SizeLimit { get; init; }

    /// <summary>Gets a value indicating whether the fuzz cache is trimmed too.</summary>
    public bool IncludeFuzzCache { get; init; }

    /// <summary>Gets a value indicating whether cached test results are expired (as <c>go clean -testcache</c>).</summary>
    public bool ExpireTestResults { get; init; }

    /// <summary>Gets a value indicating whether no go command uses the build cache meanwhile (entries used within the last hour may go).</summary>
    public bool CacheIdle { get; init; }

    /// <summary>Gets the module cache root, for the guard that refuses it as a build cache root; null: none.</summary>
    public string? ModCacheRoot { get; init; }

    /// <summary>Gets the policy the request says: with neither an age nor a size, Go's own rule (<see cref="GoDefaultAge"/>).</summary>
    /// <returns>The policy.</returns>
    public BuildCacheTrimPolicy ToPolicy() => new()
    {
        UnusedFor = UnusedFor ?? (SizeLimit == null ? GoDefaultAge : null),
        SizeLimit = SizeLimit,
        IncludeFuzzCache = IncludeFuzzCache,
        ExpireTestResults = ExpireTestResults,
    };

    /// <summary>Checks the request (the trimmer checks the root is a Go build cache before it removes anything).</summary>
    /// <exception cref="GoModCacheException">No root, a path not absolute, a negative age, a wait out of range.</exception>
    public void Validate()
    {
        ValidateRemoval("Go's build cache is off (GOCACHE=off): there is nothing to trim.", "build cache root");
        CheckRoot("module cache root", ModCacheRoot);
        if (UnusedFor < TimeSpan.Zero)
        {
            throw new GoModCacheException($"UnusedFor cannot be negative ({UnusedFor}).");
        }
    }
}
