namespace GoCaches.Operations;

/// <summary>What <see cref="ModuleCacheClean"/> empties and how.</summary>
public sealed class ModuleCacheCleanRequest : RemovalRequest
{
    /// <summary>Initializes a new instance of the <see cref="ModuleCacheCleanRequest"/> class.</summary>
    public ModuleCacheCleanRequest()
    {
    }

    /// <summary>
    /// Initializes a new instance of the <see cref="ModuleCacheCleanRequest"/> class with what every removal request shares, taken from
    /// <paramref name="shared"/> (root, dry run, wait, GOPATH entries, progress interval, token, reports, CI, Azure
    /// output), so that a front end maps its shared settings once for the prune, the clean and the trim.
    /// </summary>
    /// <param name="shared">The request whose shared parts are copied (of any removal kind).</param>
    public ModuleCacheCleanRequest(RemovalRequest shared)
        : base(shared)
    {
    }

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
