using Cake.Core.IO;

namespace Cake.GoModCache.Caches;

/// <summary>Settings for <c>GoCacheRestored</c>.</summary>
public class GoCacheRestoredSettings : GoSettings
{
    /// <summary>Gets or sets the state file; null: one in the CI job's temporary folder named after the cache roots (the default of <c>GoCachePrepareForSave</c> too).</summary>
    public FilePath? StateFile { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether the standard library cache (the third CI cache, under the
    /// <c>std-key</c> of <c>GoModCacheKey</c>) is used: its entries are copied into the build cache. Default false:
    /// turn it on only when the CI restores and saves <see cref="StdCacheDirectory"/> (then on in
    /// <c>GoCachePrepareForSave</c> too).
    /// </summary>
    public bool StdCache { get; set; }

    /// <summary>Gets or sets the standard library cache directory; null: next to the build cache, its name with <c>-std</c> added.</summary>
    public DirectoryPath? StdCacheDirectory { get; set; }
}
