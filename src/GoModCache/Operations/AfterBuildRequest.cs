namespace GoCaches.Operations;

/// <summary>
/// The clean-up after a Go build: after a success, clean what <see cref="Clean"/> names (a prune replaces the clean
/// of the whole module cache); after a failure, clean nothing and report the caches kept for debugging.
/// </summary>
public sealed class AfterBuildRequest : OperationRequest
{
    /// <summary>Gets a value indicating whether the Go build succeeded. Default true.</summary>
    public bool BuildSucceeded { get; init; } = true;

    /// <summary>Gets what to clean after a successful build.</summary>
    public CacheKinds Clean { get; init; }

    /// <summary>Gets a prune to run instead of cleaning the whole module cache, or null.</summary>
    public PruneRequest? Prune { get; init; }

    /// <summary>Gets a value indicating whether the module cache was already pruned after this build (by the front end's own prune step): then it is not cleaned as a whole.</summary>
    public bool AlreadyPruned { get; init; }

    /// <summary>Gets a value indicating whether the front end wants the modules the build used recorded (for prunes by last use).</summary>
    public bool RecordUsage { get; init; }
}
