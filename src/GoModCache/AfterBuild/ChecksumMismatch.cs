using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using GoCaches.Modules;

namespace GoCaches.AfterBuild;

/// <summary>Finds the module versions Go's <c>checksum mismatch</c> errors name.</summary>
public static partial class ChecksumMismatch
{
    /// <summary>Finds the module versions that Go's output names in its <c>checksum mismatch</c> errors.</summary>
    /// <param name="goOutput">What go wrote (standard error and output).</param>
    /// <returns>The versions, each once, in the order found; empty when there is none.</returns>
    public static IReadOnlyList<ModuleVersion> Find(string goOutput) =>
        Verifying().Matches(goOutput).Concat(VerifyingModule().Matches(goOutput))
            .Select(m => new ModuleVersion(m.Groups["path"].Value, m.Groups["version"].Value))
            .Distinct()
            .ToList();

    // "verifying example.com/a@v1.0.0: checksum mismatch", "verifying example.com/a@v1.0.0/go.mod: checksum mismatch"
    [GeneratedRegex(@"verifying (?<path>[^\s@]+)@(?<version>v[^\s:/]+)(?:/go\.mod)?: checksum mismatch")]
    private static partial Regex Verifying();

    // "go: example.com/a@v1.0.0: verifying module: checksum mismatch", "…: verifying go.mod: checksum mismatch"
    [GeneratedRegex(@"(?<path>[^\s@:]+)@(?<version>v[^\s:]+): verifying (?:module|go\.mod): checksum mismatch")]
    private static partial Regex VerifyingModule();
}
