using System.Collections.Generic;
using Cake.Core.IO;

namespace Cake.GoModCache.Build;

/// <summary>Settings for <c>go build</c>.</summary>
public class GoBuildSettings : GoSettings
{
    /// <summary>Gets the packages to build; <c>.</c> when empty.</summary>
    public IList<string> Packages { get; } = new List<string>();

    /// <summary>Gets or sets the output file or directory (<c>-o</c>).</summary>
    public FilePath? Output { get; set; }

    /// <summary>Gets the build tags (<c>-tags</c>).</summary>
    public IList<string> Tags { get; } = new List<string>();

    /// <summary>Gets or sets the linker flags (<c>-ldflags</c>), e.g. <c>-s -w -X main.version=1.2.3</c>.</summary>
    public string? LdFlags { get; set; }

    /// <summary>Gets or sets a value indicating whether file system paths are removed from the binary (<c>-trimpath</c>).</summary>
    public bool TrimPath { get; set; }

    /// <summary>Gets or sets a value indicating whether the race detector is on (<c>-race</c>; needs cgo).</summary>
    public bool Race { get; set; }

    /// <summary>Gets or sets the module download mode (<c>-mod=readonly|vendor|mod</c>).</summary>
    public string? Mod { get; set; }

    /// <summary>Gets or sets a value indicating whether package names are printed as they are compiled (<c>-v</c>).</summary>
    public bool Verbose { get; set; }

    /// <summary>Gets or sets a value indicating whether the commands are printed (<c>-x</c>).</summary>
    public bool PrintCommands { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether, after a successful build, the module versions it used are
    /// recorded in the module cache's usage record (<c>GOMODCACHE/cache/gomodcache-usage.json</c>), which
    /// <c>GoModCachePrune</c> reads for "unused for" and size-limit policies. Default true; it costs one
    /// <c>go list -deps</c> and one <c>go env</c>.
    /// </summary>
    public bool RecordUsage { get; set; } = true;
}
