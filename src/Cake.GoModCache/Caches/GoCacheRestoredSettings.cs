using Cake.Core.IO;

namespace Cake.GoModCache.Caches;

/// <summary>Settings for <c>GoCacheRestored</c>.</summary>
public class GoCacheRestoredSettings : GoSettings
{
    /// <summary>Gets or sets the state file; null: one in the CI job's temporary folder named after the cache roots (the default of <c>GoCachePrepareForSave</c> too).</summary>
    public FilePath? StateFile { get; set; }
}
