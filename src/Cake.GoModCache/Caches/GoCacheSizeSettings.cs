using Cake.Core.IO;

namespace Cake.GoModCache.Caches;

/// <summary>Settings for the cache size aliases: where Go's caches are comes from <c>go env</c> with these settings.</summary>
public class GoCacheSizeSettings : GoSettings
{
    /// <summary>Gets or sets the usage record to read last-use times from; the module cache's default record when null.</summary>
    public FilePath? UsageRecord { get; set; }
}
