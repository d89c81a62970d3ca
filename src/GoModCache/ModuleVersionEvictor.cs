using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;

namespace GoModCache;

/// <summary>Options for <see cref="ModuleVersionEvictor"/>.</summary>
public sealed class EvictionOptions
{
    /// <summary>Gets how long to wait for Go's lock on a version a go command is downloading or extracting. Default: one minute.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Gets a value indicating whether to keep the download files (<c>.zip</c>, <c>.ziphash</c>, <c>.info</c>,
    /// <c>.mod</c>) and remove only the extracted directory. Go then re-extracts the version from its zip
    /// when a build needs it, with no network. Default: false (the whole version goes).
    /// </summary>
    public bool KeepDownloadFiles { get; init; }

    /// <summary>Gets the <c>GOPATH</c> entries, when known, so that the guard can refuse GOPATH itself as a cache root.</summary>
    public IReadOnlyList<string>? GoPathEntries { get; init; }
}

/// <summary>What one eviction removed.</summary>
/// <param name="Module">The module version.</param>
/// <param name="DirectoryRemoved">Whether the extracted directory was removed.</param>
/// <param name="FilesRemoved">Which download files were removed.</param>
/// <param name="Removed">Bytes and files removed (directory and download files).</param>
/// <param name="LockWait">How long the eviction waited for Go's lock.</param>
public sealed record EvictionResult(ModuleVersion Module, bool DirectoryRemoved, DownloadFiles FilesRemoved, TreeSize Removed, TimeSpan LockWait)
{
    /// <summary>Gets a value indicating whether anything was removed (false: the cache did not hold the version).</summary>
    public bool WasPresent => DirectoryRemoved || FilesRemoved != DownloadFiles.None;
}

/// <summary>
/// Evicts single module versions from a Go module cache the way Go's own code expects, so that a go command
/// never trusts a half-deleted tree: under Go's lock on <c>cache/download/&lt;path&gt;/@v/&lt;v&gt;.lock</c>
/// it writes the <c>&lt;v&gt;.partial</c> marker Go uses for an unfinished extraction, makes the read-only
/// tree writable and removes it (never following symbolic links, never outside the cache root), then
/// removes the download files, rewrites <c>@v/list</c> as Go does, removes the marker and releases the lock.
/// </summary>
/// <remarks>
/// <para>
/// A go command that looks the version up while an eviction runs waits for the lock and then extracts
/// (or, without download files, downloads) it again. A crash at any step leaves a state Go repairs by
/// itself: the <c>.partial</c> marker makes it remove what is left and extract again.
/// </para>
/// <para>
/// Limits, which come from Go (its readers take no lock, and <c>go clean -modcache</c> has the same ones):
/// a go command that had already resolved the version's directory before the eviction began, and reads a
/// file from it afterwards, fails with "no such file or directory" (running it again works); and a go
/// command that already saw the <c>.zip</c> present fails once if the zip is removed before it unzips it,
/// which <see cref="EvictionOptions.KeepDownloadFiles"/> avoids.
/// </para>
/// <para>
/// The <c>.lock</c> file is left in place (zero bytes), as Go itself never removes it: deleting a lock file
/// another process has open would let two processes hold "the" lock at once. Empty parent directories are
/// left too; Go recreates what it needs.
/// </para>
/// </remarks>
public sealed class ModuleVersionEvictor
{
    private static readonly (string Suffix, DownloadFiles File)[] DownloadFileOrder =
    [
        (".zip", DownloadFiles.Zip),
        (".ziphash", DownloadFiles.ZipHash),
        (".info", DownloadFiles.Info),
        (".mod", DownloadFiles.Mod),
    ];

    /// <summary>Initializes a new instance of the <see cref="ModuleVersionEvictor"/> class.</summary>
    /// <param name="cacheRoot">The module cache root (<c>GOMODCACHE</c>).</param>
    /// <param name="options">Options; defaults when null.</param>
    /// <exception cref="GoModCacheException">The root fails <see cref="CacheRootGuard.Check"/>.</exception>
    public ModuleVersionEvictor(string cacheRoot, EvictionOptions? options = null)
    {
        Options = options ?? new EvictionOptions();
        Root = CacheRootGuard.Check(cacheRoot, Options.GoPathEntries);
    }

    /// <summary>Gets the checked, normalized module cache root.</summary>
    public string Root { get; }

    /// <summary>Gets the options.</summary>
    public EvictionOptions Options { get; }

    /// <summary>Called at each step of an eviction, while the lock is held (tests use it to act mid-eviction).</summary>
    internal Action<EvictionStage, ModuleVersion>? StageHook { get; set; }

    /// <summary>Makes an evictor for the module cache of a Go environment (its <c>GOMODCACHE</c>, guarded against its <c>GOPATH</c>).</summary>
    /// <param name="environment">The Go environment.</param>
    /// <param name="keepDownloadFiles">Whether to remove only extracted directories.</param>
    /// <returns>The evictor.</returns>
    public static ModuleVersionEvictor For(GoEnvironment environment, bool keepDownloadFiles = false)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return new ModuleVersionEvictor(environment.GoModCache, new EvictionOptions { KeepDownloadFiles = keepDownloadFiles, GoPathEntries = environment.GoPathEntries });
    }

    /// <summary>Evicts one module version.</summary>
    /// <param name="modulePath">The module path (not escaped), e.g. <c>github.com/BurntSushi/toml</c>.</param>
    /// <param name="version">The version (not escaped), e.g. <c>v1.3.2</c>.</param>
    /// <param name="cancellationToken">Stops a wait for the lock (never a removal half-way).</param>
    /// <returns>What was removed; nothing when the cache does not hold the version.</returns>
    /// <exception cref="GoModCacheException">The path or version is invalid, the lock wait timed out, or something could not be removed.</exception>
    public EvictionResult Evict(string modulePath, string version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(modulePath);
        ArgumentNullException.ThrowIfNull(version);
        if (ModuleVersion.CheckPath(modulePath) is { } pathError)
        {
            throw new GoModCacheException($"Cannot evict '{modulePath}@{version}': {pathError}");
        }

        if (ModuleVersion.CheckVersion(version) is { } versionError)
        {
            throw new GoModCacheException($"Cannot evict '{modulePath}@{version}': {versionError}");
        }

        return Evict(new ModuleVersion(modulePath, version), cancellationToken);
    }

    /// <summary>Evicts one module version.</summary>
    /// <param name="module">The module version.</param>
    /// <param name="cancellationToken">Stops a wait for the lock (never a removal half-way).</param>
    /// <returns>What was removed; nothing when the cache does not hold the version.</returns>
    /// <exception cref="GoModCacheException">The path or version is invalid, the lock wait timed out, or something could not be removed.</exception>
    public EvictionResult Evict(ModuleVersion module, CancellationToken cancellationToken = default)
    {
        if (module.Path is null || module.Version is null)
        {
            throw new ArgumentException("The module version has no path or version.", nameof(module));
        }

        if (ModuleVersion.CheckPath(module.Path) is { } pathError)
        {
            throw new GoModCacheException($"Cannot evict '{module}': {pathError}");
        }

        if (ModuleVersion.CheckVersion(module.Version) is { } versionError)
        {
            throw new GoModCacheException($"Cannot evict '{module}': {versionError}");
        }

        var escapedPath = ModulePathEscaping.EscapePath(module.Path).Replace('/', Path.DirectorySeparatorChar);
        var escapedVersion = ModulePathEscaping.EscapeVersion(module.Version);
        var directory = CacheRootGuard.CheckInside(Root, Path.Combine(Root, escapedPath + "@" + escapedVersion));
        var downloadDirectory = Path.Combine(Root, "cache", "download", escapedPath, "@v");
        var lockFile = CacheRootGuard.CheckInside(Root, Path.Combine(downloadDirectory, escapedVersion + ".lock"));
        var partial = Path.Combine(downloadDirectory, escapedVersion + ".partial");

        var directoryInfo = new DirectoryInfo(directory);
        var hasDirectory = directoryInfo.Exists || directoryInfo.LinkTarget != null;
        var hasDownloadFiles = !Options.KeepDownloadFiles && DownloadFileOrder.Any(f => File.Exists(Path.Combine(downloadDirectory, escapedVersion + f.Suffix)));
        if (!hasDirectory && !hasDownloadFiles && !File.Exists(partial))
        {
            return new EvictionResult(module, false, DownloadFiles.None, TreeSize.Empty, TimeSpan.Zero);
        }

        // Go creates the @v directory before it locks; so do we (a directory without download files is odd, but possible).
        CreateDirectory(downloadDirectory);
        using var held = GoFileLock.Acquire(lockFile, Options.LockTimeout, module.ToString(), cancellationToken);
        StageHook?.Invoke(EvictionStage.Locked, module);

        long bytes = 0;
        long files = 0;
        var directoryRemoved = false;
        var removedFiles = DownloadFiles.None;

        // Re-check under the lock: a go command may have extracted or removed the version while we waited.
        directoryInfo.Refresh();
        if (directoryInfo.Exists || directoryInfo.LinkTarget != null)
        {
            // Mark the tree as unfinished before touching it: from here on Go neither trusts nor reads it,
            // and whatever a crash leaves behind is removed and extracted again by Go.
            WriteMarker(partial);
            StageHook?.Invoke(EvictionStage.MarkedPartial, module);
            TreeRemover.Remove(directory, length =>
            {
                bytes += length;
                files++;
            });
            directoryInfo.Refresh();
            if (directoryInfo.Exists || directoryInfo.LinkTarget != null)
            {
                throw new GoModCacheException($"'{directory}' still exists after it was removed; the .partial marker stays so that Go will not trust it.");
            }

            directoryRemoved = true;
            StageHook?.Invoke(EvictionStage.DirectoryRemoved, module);
        }

        if (!Options.KeepDownloadFiles)
        {
            // Only now that the directory is gone: Go trusts an extracted tree only with its .ziphash.
            foreach (var (suffix, file) in DownloadFileOrder)
            {
                var path = Path.Combine(downloadDirectory, escapedVersion + suffix);
                if (DeleteFile(path) is { } length)
                {
                    bytes += length;
                    files++;
                    removedFiles |= file;
                }
            }

            // Zip downloads a go command abandoned (written under this same lock, so no writer is active).
            foreach (var temp in Directory.EnumerateFiles(downloadDirectory, escapedVersion + ".zip*.tmp").ToList())
            {
                var digits = Path.GetFileName(temp)[(escapedVersion.Length + 4)..^4];
                if (digits.All(char.IsAsciiDigit) && DeleteFile(temp) is { } length)
                {
                    bytes += length;
                    files++;
                    removedFiles |= DownloadFiles.Temporary;
                }
            }

            if ((removedFiles & DownloadFiles.Mod) != 0)
            {
                RewriteVersionList(downloadDirectory, Options.LockTimeout, cancellationToken);
            }

            StageHook?.Invoke(EvictionStage.DownloadFilesRemoved, module);
        }

        if (DeleteFile(partial) is not null)
        {
            removedFiles |= DownloadFiles.Partial;
        }

        return new EvictionResult(module, directoryRemoved, removedFiles, new TreeSize(bytes, files, 0, 0), held.Waited);
    }

    /// <summary>
    /// Rewrites <c>@v/list</c> from the <c>.mod</c> files present, as Go's <c>rewriteVersionList</c> does
    /// (canonical versions only, in semantic-version order, one per line), under the lock Go takes on the list
    /// itself. A missing list is left missing.
    /// </summary>
    internal static void RewriteVersionList(string downloadDirectory, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var listFile = Path.Combine(downloadDirectory, "list");
        if (!File.Exists(listFile))
        {
            return;
        }

        using var held = GoFileLock.Acquire(listFile, timeout, "the version list " + listFile, cancellationToken);
        var versions = Directory.EnumerateFiles(downloadDirectory, "*.mod")
            .Select(f => Path.GetFileName(f)[..^4])
            .Where(SemanticVersion.IsCanonical)
            .OrderBy(v => v, SemanticVersion.Comparer)
            .ToList();
        var text = string.Concat(versions.Select(v => v + "\n"));
        held.ReplaceContents(Encoding.UTF8.GetBytes(text));
    }

    private static void CreateDirectory(string directory)
    {
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new GoModCacheException($"Cannot create '{directory}': {ex.Message}", ex);
        }
    }

    private static void WriteMarker(string partial)
    {
        try
        {
            File.WriteAllBytes(partial, []);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new GoModCacheException($"Cannot write the marker '{partial}', so the version is left as it was: {ex.Message}", ex);
        }
    }

    private static long? DeleteFile(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists && info.LinkTarget == null)
        {
            return null;
        }

        var length = info.LinkTarget == null ? info.Length : 0;
        try
        {
            if (OperatingSystem.IsWindows() && info.IsReadOnly)
            {
                info.IsReadOnly = false;
            }

            info.Delete();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new GoModCacheException($"Cannot delete '{path}': {ex.Message}", ex);
        }

        return length;
    }
}

/// <summary>The steps of an eviction, for tests.</summary>
internal enum EvictionStage
{
    /// <summary>Go's lock is held.</summary>
    Locked,

    /// <summary>The <c>.partial</c> marker is written; the directory is untouched.</summary>
    MarkedPartial,

    /// <summary>The directory is gone; the marker is still there.</summary>
    DirectoryRemoved,

    /// <summary>The download files are gone; the marker is still there.</summary>
    DownloadFilesRemoved,
}
