using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace Cake.GoModCache.Modules;

/// <summary>One record of <c>go mod download -json</c>.</summary>
public sealed class GoModDownloadRecord
{
    /// <summary>Gets or sets the module path.</summary>
    [JsonPropertyName("Path")]
    public string Path { get; set; } = string.Empty;

    /// <summary>Gets or sets the version.</summary>
    [JsonPropertyName("Version")]
    public string Version { get; set; } = string.Empty;

    /// <summary>Gets or sets the error loading the module, if any.</summary>
    [JsonPropertyName("Error")]
    public string? Error { get; set; }

    /// <summary>Gets or sets the absolute path of the cached <c>.info</c> file.</summary>
    [JsonPropertyName("Info")]
    public string? Info { get; set; }

    /// <summary>Gets or sets the absolute path of the cached <c>.mod</c> file.</summary>
    [JsonPropertyName("GoMod")]
    public string? GoMod { get; set; }

    /// <summary>Gets or sets the absolute path of the cached <c>.zip</c> file.</summary>
    [JsonPropertyName("Zip")]
    public string? Zip { get; set; }

    /// <summary>Gets or sets the absolute path of the extracted source directory.</summary>
    [JsonPropertyName("Dir")]
    public string? Dir { get; set; }

    /// <summary>Gets or sets the checksum of the module (as in go.sum).</summary>
    [JsonPropertyName("Sum")]
    public string? Sum { get; set; }

    /// <summary>Gets or sets the checksum of the go.mod (as in go.sum).</summary>
    [JsonPropertyName("GoModSum")]
    public string? GoModSum { get; set; }

    /// <inheritdoc/>
    public override string ToString() => Path + "@" + Version;
}

/// <summary>One module version <c>go mod verify</c> found changed since download.</summary>
/// <param name="Path">The module path.</param>
/// <param name="Version">The version.</param>
/// <param name="Problem">Go's words, e.g. <c>dir has been modified (/…)</c>, <c>zip has been modified</c>, <c>missing ziphash</c>.</param>
public sealed record GoModVerifyProblem(string Path, string Version, string Problem);

/// <summary>What <c>go mod verify</c> found.</summary>
public sealed class GoModVerifyResult
{
    /// <summary>Gets the module versions of the build list that verified (<c>path@version</c>).</summary>
    public IReadOnlyList<string> Verified { get; internal set; } = [];

    /// <summary>Gets the module versions that were modified or are missing files.</summary>
    public IReadOnlyList<GoModVerifyProblem> Modified { get; internal set; } = [];

    /// <summary>Gets a value indicating whether Go said <c>all modules verified</c>.</summary>
    public bool AllVerified { get; internal set; }
}
