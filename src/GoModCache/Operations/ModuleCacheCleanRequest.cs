namespace GoCaches.Operations;

/// <summary>What <see cref="ModuleCacheClean"/> empties and how.</summary>
public sealed class ModuleCacheCleanRequest : RemovalRequest
{
    /// <summary>Gets the build cache root, shown beside the module cache in the HTML picture; null: not shown.</summary>
    public string? BuildCacheRoot { get; init; }

    /// <summary>Checks the request.</summary>
    /// <exception cref="GoModCacheException">No root, a root not absolute, a wait out of range.</exception>
    public void Validate()
    {
        ValidateRemoval("The clean needs the module cache root.", "module cache root");
        CheckRoot("build cache root", BuildCacheRoot);
    }
}
