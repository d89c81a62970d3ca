using System;

namespace GoCaches.Inventory;

/// <summary>One module version in the module cache: its extracted directory and its download files.</summary>
public sealed class CachedModuleVersion
{
    internal CachedModuleVersion(string escapedPath, string escapedVersion, string path, string version, string downloadDirectory)
    {
        EscapedPath = escapedPath;
        EscapedVersion = escapedVersion;
        Path = path;
        Version = version;
        DownloadDirectory = downloadDirectory;
    }

    /// <summary>The module path of Go's toolchain modules (Go 1.21 and later).</summary>
    public const string ToolchainModulePath = "golang.org/toolchain";

    /// <summary>Gets the module path, e.g. <c>github.com/BurntSushi/toml</c>.</summary>
    public string Path { get; }

    /// <summary>Gets the version, e.g. <c>v1.3.2</c>.</summary>
    public string Version { get; }

    /// <summary>Gets the module path as stored on disk, e.g. <c>github.com/!burnt!sushi/toml</c>.</summary>
    public string EscapedPath { get; }

    /// <summary>Gets the version as stored on disk.</summary>
    public string EscapedVersion { get; }

    /// <summary>Gets a value indicating whether this is a Go toolchain (<c>golang.org/toolchain@v0.0.1-go1.X.Y.os-arch</c>).</summary>
    public bool IsToolchain => string.Equals(Path, ToolchainModulePath, StringComparison.Ordinal);

    /// <summary>Gets the extracted source directory (<c>&lt;escaped path&gt;@&lt;escaped version&gt;</c>), or null when it is not extracted.</summary>
    public string? Directory { get; internal set; }

    /// <summary>Gets a value indicating whether the source directory exists.</summary>
    public bool IsExtracted => Directory != null;

    /// <summary>Gets the size of the extracted source directory.</summary>
    public TreeSize DirectorySize { get; internal set; }

    /// <summary>
    /// Gets a value indicating whether <see cref="DirectorySize"/> was read from the version's zip (its central directory:
    /// files and bytes read, subdirectories derived) instead of a walk of the tree; see
    /// <see cref="ModuleCacheInventory.Scan(string, bool)"/>. Its last use then has the directory's access time for its files'.
    /// </summary>
    public bool SizedFromZip { get; internal set; }

    /// <summary>Gets the access time of the extracted directory itself, from the listing that found it.</summary>
    internal DateTime DirectoryAccessUtc { get; set; }

    /// <summary>Gets the directory holding the download files (<c>cache/download/&lt;escaped path&gt;/@v</c>).</summary>
    public string DownloadDirectory { get; }

    /// <summary>Gets which download files exist.</summary>
    public DownloadFiles Files { get; internal set; }

    /// <summary>Gets the size of this version's download files.</summary>
    public TreeSize DownloadSize { get; internal set; }

    /// <summary>Gets the total bytes on disk for this version (directory and download files).</summary>
    public long Bytes => DirectorySize.Bytes + DownloadSize.Bytes;

    /// <summary>Gets the total number of files for this version.</summary>
    public long FileCount => DirectorySize.Files + DownloadSize.Files;

    /// <summary>Gets the last-write time of the extracted directory (when Go extracted it), if extracted.</summary>
    public DateTime? ExtractedAtUtc { get; internal set; }

    /// <summary>
    /// Gets the newest access time of the extracted files, read in the scan's walk from the same stat that sized
    /// each file (<see cref="DateTime.MinValue"/> when none); null when the scan did not measure it.
    /// </summary>
    internal DateTime? NewestFileAccessUtc { get; set; }

    /// <summary>Gets the newest access time of the <c>.zip</c>, <c>.ziphash</c>, <c>.mod</c> and <c>.info</c> files, as the scan listed them.</summary>
    internal DateTime DownloadNewestAccessUtc { get; set; } = DateTime.MinValue;

    /// <summary>Gets the newest modification time of the <c>.zip</c>, <c>.ziphash</c>, <c>.mod</c> and <c>.info</c> files (null when there are none).</summary>
    internal DateTime? DownloadNewestWriteUtc { get; set; }

    /// <summary>
    /// Gets a value indicating whether Go would use this version as it is: an extracted directory counts only
    /// with a <c>.ziphash</c> and no <c>.partial</c> marker; a download only with both <c>.zip</c> and
    /// <c>.ziphash</c> (or, for a version Go needed only the go.mod of, its <c>.mod</c>).
    /// </summary>
    public bool IsComplete => IncompleteReason == null;

    /// <summary>Gets why Go would not trust this version as it is, or null when it is complete.</summary>
    public string? IncompleteReason
    {
        get
        {
            if (Has(DownloadFiles.Partial))
            {
                return "a .partial marker is present: Go stopped while extracting it and will extract it again";
            }

            if (IsExtracted && !Has(DownloadFiles.ZipHash))
            {
                return "the extracted directory has no .ziphash: Go does not trust it and will extract it again";
            }

            if (!IsExtracted && Has(DownloadFiles.Zip) && !Has(DownloadFiles.ZipHash))
            {
                return "the .zip has no .ziphash: the download did not finish";
            }

            if (!IsExtracted && !Has(DownloadFiles.Zip) && !Has(DownloadFiles.Mod) && !IsToolchain)
            {
                return "there is neither an extracted directory, a .zip nor a .mod";
            }

            if (IsToolchain && !IsExtracted && !Has(DownloadFiles.Zip))
            {
                return "the toolchain has neither an extracted directory nor a .zip";
            }

            return null;
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Path}@{Version}";

    private bool Has(DownloadFiles file) => (Files & file) == file;
}
