namespace GoCaches.Operations;

/// <summary>Clean whole caches: the module cache under Go's locks, the build, test and fuzz caches as <c>go clean</c> does.</summary>
public sealed class CleanRequest : OperationRequest
{
    /// <summary>Gets what to clean. Default: the module cache.</summary>
    public CacheKinds Caches { get; init; } = CacheKinds.ModuleCache;

    /// <summary>Gets a value indicating whether nothing is removed: the report says what would go.</summary>
    public bool DryRun { get; init; }
}
