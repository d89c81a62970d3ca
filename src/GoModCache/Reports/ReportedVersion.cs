using GoCaches.Inventory;

namespace GoCaches.Reports;

/// <summary>One module version as a cache report shows it.</summary>
/// <param name="Path">The module path.</param>
/// <param name="Version">The version.</param>
/// <param name="Bytes">Bytes on disk (extracted directory and download files); for a version a prune removed, the bytes it freed.</param>
/// <param name="LastUse">When it was last used, and where that time comes from.</param>
/// <param name="IsToolchain">Whether it is a Go toolchain (<c>golang.org/toolchain</c>).</param>
public sealed record ReportedVersion(string Path, string Version, long Bytes, LastUse LastUse, bool IsToolchain = false)
{
    /// <summary>Gets why the operation removed this version (or, in a dry run, would), or null when it stays.</summary>
    public string? RemovalReason { get; init; }

    /// <summary>Gets a value indicating whether the operation removed this version (or, in a dry run, would).</summary>
    public bool Removed => RemovalReason != null;
}
