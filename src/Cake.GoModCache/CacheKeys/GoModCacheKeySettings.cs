using System.Collections.Generic;
using Cake.Core.IO;

namespace Cake.GoModCache.CacheKeys;

/// <summary>Settings for <see cref="GoAliases.GoModCacheKey(Cake.Core.ICakeContext, GoModCacheKeySettings)"/>.</summary>
public class GoModCacheKeySettings : GoSettings
{
    /// <summary>Gets the glob patterns of the dependency files to hash; <c>**/go.sum</c> and <c>**/go.work.sum</c> below <see cref="Root"/> when empty.</summary>
    public IList<string> Patterns { get; } = new List<string>();

    /// <summary>Gets or sets the repository root the patterns and file names are relative to; the working directory when null.</summary>
    public DirectoryPath? Root { get; set; }

    /// <summary>Gets or sets the key's first part (default <c>gomodcache</c>).</summary>
    public string Prefix { get; set; } = "gomodcache";

    /// <summary>
    /// Gets or sets a value indicating whether the key is published the way the CI that runs the script expects
    /// (default true): GitHub Actions (<c>key</c>, <c>key-restore</c>, <c>build-key</c>, <c>build-key-restore</c>,
    /// <c>build-key-restore-any</c> and <c>std-key</c> appended to <c>$GITHUB_OUTPUT</c>), Azure Pipelines
    /// (<c>GOMODCACHE_KEY</c>, <c>GOMODCACHE_KEY_RESTORE</c>, <c>GOBUILDCACHE_KEY</c>, <c>GOBUILDCACHE_KEY_RESTORE</c>,
    /// <c>GOBUILDCACHE_KEY_RESTORE_ANY</c> and <c>GOSTDCACHE_KEY</c> variables).
    /// </summary>
    public bool PublishToCI { get; set; } = true;

    /// <summary>Gets or sets a file to write the key to, or null.</summary>
    public FilePath? KeyFile { get; set; }

    /// <summary>Gets the glob patterns of the Go sources hashed into the build cache key; <c>**/*.go</c> below <see cref="Root"/> when empty (files inside Go's caches never count).</summary>
    public IList<string> SourcePatterns { get; } = new List<string>();

    /// <summary>Gets or sets the build cache key's first part (default <c>gobuildcache</c>).</summary>
    public string BuildKeyPrefix { get; set; } = "gobuildcache";

    /// <summary>Gets or sets a file to write the build cache key to, or null.</summary>
    public FilePath? BuildKeyFile { get; set; }

    /// <summary>Gets or sets the standard library cache key's first part (default <c>gostdcache</c>).</summary>
    public string StdKeyPrefix { get; set; } = "gostdcache";

    /// <summary>Gets or sets a file to write the standard library cache key to, or null.</summary>
    public FilePath? StdKeyFile { get; set; }
}
