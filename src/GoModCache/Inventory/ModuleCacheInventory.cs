using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using GoCaches.Go;
using GoCaches.Leases;
using GoCaches.Modules;

namespace GoCaches.Inventory;

/// <summary>
/// What a Go module cache (<c>GOMODCACHE</c>) holds: every module version with its extracted directory,
/// download files, completeness and size; Go toolchains apart; <c>cache/vcs</c> and
/// <c>cache/download/sumdb</c> sized on their own. Symbolic links are never followed.
/// </summary>
public sealed class ModuleCacheInventory
{
    private ModuleCacheInventory(string root, bool exists)
    {
        Root = root;
        Exists = exists;
    }

    /// <summary>Gets the module cache root that was scanned.</summary>
    public string Root { get; }

    /// <summary>Gets a value indicating whether the root exists (a missing cache is an empty one).</summary>
    public bool Exists { get; }

    /// <summary>Gets the module versions, toolchains excluded, sorted by path then version text.</summary>
    public IReadOnlyList<CachedModuleVersion> Modules { get; private set; } = [];

    /// <summary>Gets the Go toolchains (<c>golang.org/toolchain@…</c>) in the cache.</summary>
    public IReadOnlyList<CachedModuleVersion> Toolchains { get; private set; } = [];

    /// <summary>Gets the size of <c>cache/vcs</c> (repositories Go cloned for direct fetches).</summary>
    public TreeSize Vcs { get; private set; }

    /// <summary>Gets the size of <c>cache/download/sumdb</c> (checksum database tiles).</summary>
    public TreeSize SumDb { get; private set; }

    /// <summary>Gets the size of everything else: <c>cache/lock</c>, <c>@v/list</c> files, the <c>.lock</c> files Go leaves for versions no longer cached, unrecognised entries.</summary>
    public TreeSize Other { get; private set; }

    /// <summary>Gets paths of entries that are not laid out as Go lays out a module cache (counted in <see cref="Other"/>).</summary>
    public IReadOnlyList<string> Unrecognized { get; private set; } = [];

    /// <summary>Gets the size of the whole cache.</summary>
    public TreeSize Total { get; private set; }

    /// <summary>Gets how long the scan took.</summary>
    public TimeSpan Duration { get; private set; }

    /// <summary>Gets the module versions that Go would not trust as they are.</summary>
    public IEnumerable<CachedModuleVersion> Incomplete => Modules.Concat(Toolchains).Where(m => !m.IsComplete);

    /// <summary>Finds a module version (not escaped: <c>github.com/BurntSushi/toml</c>, <c>v1.3.2</c>).</summary>
    /// <param name="path">The module path.</param>
    /// <param name="version">The version.</param>
    /// <returns>The version, or null when the cache does not hold it.</returns>
    public CachedModuleVersion? Find(string path, string version) =>
        Modules.Concat(Toolchains).FirstOrDefault(m => string.Equals(m.Path, path, StringComparison.Ordinal) && string.Equals(m.Version, version, StringComparison.Ordinal));

    /// <summary>Scans the module cache of a Go environment.</summary>
    /// <param name="environment">The Go environment (its <c>GOMODCACHE</c>).</param>
    /// <returns>The inventory.</returns>
    public static ModuleCacheInventory Scan(GoEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return Scan(environment.GoModCache);
    }

    /// <summary>Scans a module cache directory.</summary>
    /// <param name="root">The module cache root (<c>GOMODCACHE</c>), an absolute path.</param>
    /// <returns>The inventory; an empty one (with <see cref="Exists"/> false) when the directory does not exist.</returns>
    /// <exception cref="GoModCacheException">The path is relative or is a file, or a directory cannot be read.</exception>
    public static ModuleCacheInventory Scan(string root) => Scan(root, treesFromZips: false);

    /// <summary>
    /// Scans a module cache directory; with <paramref name="treesFromZips"/>, each complete version (its tree, its
    /// <c>.ziphash</c> and its <c>.zip</c> present, no <c>.partial</c> marker) is sized from its zip's central directory
    /// instead of a walk of its tree: files and bytes read from the zip (what Go's unzip writes), subdirectories derived
    /// from the names, the tree's own top-level names checked against the zip's (a version whose names differ, or whose
    /// zip cannot be read, is walked). The tree's files are then not stat-ed: a file changed in place inside the tree
    /// (Go leaves it read-only) is not seen, and the last use takes the directory's access time for its files'.
    /// </summary>
    /// <param name="root">The module cache root (<c>GOMODCACHE</c>), an absolute path.</param>
    /// <param name="treesFromZips">Whether complete versions are sized from their zips.</param>
    /// <returns>The inventory; an empty one (with <see cref="Exists"/> false) when the directory does not exist.</returns>
    /// <exception cref="GoModCacheException">The path is relative or is a file, or a directory cannot be read.</exception>
    public static ModuleCacheInventory Scan(string root, bool treesFromZips)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (!Path.IsPathFullyQualified(root))
        {
            throw new GoModCacheException($"The module cache path '{root}' is not absolute.");
        }

        if (File.Exists(root))
        {
            throw new GoModCacheException($"The module cache path '{root}' is a file, not a directory.");
        }

        var stopwatch = Stopwatch.StartNew();
        if (!Directory.Exists(root))
        {
            return new ModuleCacheInventory(root, exists: false) { Duration = stopwatch.Elapsed };
        }

        var scanner = new Scanner(root, treesFromZips);
        scanner.Run();
        // Go keeps a version's .lock file after the version is gone (go clean, an eviction): a lock alone
        // (or with a temporary file) is no cached version, only a small leftover counted in Other.
        static bool IsLeftover(CachedModuleVersion v) =>
            !v.IsExtracted && (v.Files & ~(DownloadFiles.Lock | DownloadFiles.Temporary)) == DownloadFiles.None;
        var all = scanner.Versions.Values
            .Where(v => !IsLeftover(v))
            .OrderBy(v => v.Path, StringComparer.Ordinal)
            .ThenBy(v => v.Version, StringComparer.Ordinal)
            .ToList();
        var other = scanner.Other;
        foreach (var v in scanner.Versions.Values.Where(IsLeftover))
        {
            other += v.DownloadSize;
        }

        var inventory = new ModuleCacheInventory(root, exists: true)
        {
            Modules = all.Where(v => !v.IsToolchain).ToList(),
            Toolchains = all.Where(v => v.IsToolchain).ToList(),
            Vcs = scanner.Vcs,
            SumDb = scanner.SumDb,
            Other = other,
            Unrecognized = scanner.Unrecognized,
        };
        var total = scanner.Vcs + scanner.SumDb + other;
        foreach (var v in all)
        {
            total += v.DirectorySize + v.DownloadSize;
        }

        inventory.Total = total;
        inventory.Duration = stopwatch.Elapsed;
        return inventory;
    }

    private sealed class Scanner(string root, bool treesFromZips)
    {
        private static readonly (string Suffix, DownloadFiles File)[] Suffixes =
        [
            (".info", DownloadFiles.Info),
            (".mod", DownloadFiles.Mod),
            (".zip", DownloadFiles.Zip),
            (".ziphash", DownloadFiles.ZipHash),
            (".lock", DownloadFiles.Lock),
            (".partial", DownloadFiles.Partial),
        ];

        private readonly List<CachedModuleVersion> _extracted = [];

        public Dictionary<(string Path, string Version), CachedModuleVersion> Versions { get; } = [];

        public TreeSize Vcs { get; private set; }

        public TreeSize SumDb { get; private set; }

        public TreeSize Other { get; private set; }

        public List<string> Unrecognized { get; } = [];

        public void Run()
        {
            WalkExtracted(root, string.Empty);
            if (treesFromZips)
            {
                // Every tree's zip is read on the other cores while this thread reads cache/; the download files it
                // finds then say which versions are complete, and only those keep their zip's figures.
                var fromZips = new TreeSize?[_extracted.Count];
                var reading = Task.Run(() => Parallel.For(0, _extracted.Count, i => fromZips[i] = FromZip(_extracted[i])));
                WalkCacheBeside(reading);
                var walked = Enumerable.Range(0, _extracted.Count).Where(i => fromZips[i] == null || !HasZipOfCompleteTree(_extracted[i])).ToList();
                var walkedSizes = TreeSize.MeasureAll(walked.ConvertAll(i => _extracted[i].Directory!), out var walkedAccess);
                for (var i = 0; i < walked.Count; i++)
                {
                    fromZips[walked[i]] = null;
                    Measured(_extracted[walked[i]], walkedSizes[i], walkedAccess[i]);
                }

                for (var i = 0; i < _extracted.Count; i++)
                {
                    if (fromZips[i] is { } size)
                    {
                        _extracted[i].SizedFromZip = true;
                        Measured(_extracted[i], size, _extracted[i].DirectoryAccessUtc);
                    }
                }

                return;
            }

            // The extracted trees hold nearly all the files: size them in one walk on every core while this
            // thread reads cache/ (download files, vcs, sumdb). The two touch different properties of a version.
            var directories = _extracted.ConvertAll(v => v.Directory!);
            // The same walk reads each file's access time from the stat that sizes it (for LastUse): one stat a file.
            DateTime[] newestAccess = [];
            var sizing = Task.Run(() => TreeSize.MeasureAll(directories, out newestAccess));
            WalkCacheBeside(sizing);
            var sizes = sizing.GetAwaiter().GetResult();
            for (var i = 0; i < sizes.Length; i++)
            {
                Measured(_extracted[i], sizes[i], newestAccess[i]);
            }
        }

        private static void Measured(CachedModuleVersion version, TreeSize below, DateTime newestAccessUtc)
        {
            version.DirectorySize = below + new TreeSize(0, 0, 1, 0);
            version.NewestFileAccessUtc = newestAccessUtc;
        }

        // Go trusts the tree (CachedModuleVersion.IsComplete: .ziphash, no marker), and its zip is still there.
        private static bool HasZipOfCompleteTree(CachedModuleVersion version) =>
            version.IsComplete && (version.Files & DownloadFiles.Zip) != 0;

        // A tree sized from its zip (read before the download files are known; see HasZipOfCompleteTree); null: walk it.
        private static TreeSize? FromZip(CachedModuleVersion version) => ZipTreeSize.Read(
            Path.Combine(version.DownloadDirectory, version.EscapedVersion + ".zip"),
            version.Path + "@" + version.Version + "/",
            version.Directory!);

        // Reads cache/ on this thread while the task runs; leaves nothing running behind on a failure (this one first).
        private void WalkCacheBeside(Task task)
        {
            try
            {
                WalkCache(Path.Combine(root, "cache"));
            }
            catch
            {
                try
                {
                    task.Wait();
                }
                catch (AggregateException)
                {
                }

                throw;
            }

            task.GetAwaiter().GetResult();
        }

        private void WalkCache(string cacheDir)
        {
            foreach (var entry in DirEntry.List(cacheDir, statDirectories: false))
            {
                if (entry.IsDirectory && entry.Name == "download")
                {
                    WalkDownload(entry.FullPath, string.Empty);
                }
                else if (entry.IsDirectory && entry.Name == "vcs")
                {
                    Vcs = TreeSize.Measure(entry.FullPath) + new TreeSize(0, 0, 1, 0);
                }
                else
                {
                    // Go's own cache/lock, and this tool's usage record (with the lock it saves under).
                    AddOther(entry, recognized: entry.Name is "lock" or UsageRecord.DefaultFileName or UsageRecord.DefaultFileName + ".lock");
                }
            }

            if (Directory.Exists(cacheDir))
            {
                Other += new TreeSize(0, 0, 1, 0);
            }
        }

        private void WalkExtracted(string dir, string relative)
        {
            foreach (var entry in DirEntry.List(dir))
            {
                if (relative.Length == 0 && entry.IsDirectory && entry.Name is "cache" or CacheLease.DirectoryName)
                {
                    // cache/ is walked apart; the lease directory (CacheLease) is not part of the cache.
                    continue;
                }

                var at = entry.IsDirectory ? entry.Name.IndexOf('@', StringComparison.Ordinal) : -1;
                if (at > 0)
                {
                    var escapedPath = relative.Length == 0 ? entry.Name[..at] : relative + "/" + entry.Name[..at];
                    var escapedVersion = entry.Name[(at + 1)..];
                    var version = Get(escapedPath, escapedVersion);
                    if (version == null)
                    {
                        AddOther(entry, recognized: false);
                        continue;
                    }

                    version.Directory = entry.FullPath;
                    version.ExtractedAtUtc = entry.LastWriteUtc;
                    version.DirectoryAccessUtc = entry.LastAccessUtc;
                    _extracted.Add(version);
                }
                else if (entry.IsDirectory)
                {
                    Other += new TreeSize(0, 0, 1, 0);
                    WalkExtracted(entry.FullPath, relative.Length == 0 ? entry.Name : relative + "/" + entry.Name);
                }
                else
                {
                    AddOther(entry, recognized: false);
                }
            }
        }

        private void WalkDownload(string dir, string relative)
        {
            Other += new TreeSize(0, 0, 1, 0);
            foreach (var entry in DirEntry.List(dir, statDirectories: false))
            {
                if (relative.Length == 0 && entry.Name == "sumdb" && entry.IsDirectory)
                {
                    SumDb = TreeSize.Measure(entry.FullPath) + new TreeSize(0, 0, 1, 0);
                }
                else if (entry.IsDirectory && entry.Name == "@v" && relative.Length > 0)
                {
                    WalkAtV(entry.FullPath, relative);
                }
                else if (entry.IsDirectory)
                {
                    WalkDownload(entry.FullPath, relative.Length == 0 ? entry.Name : relative + "/" + entry.Name);
                }
                else
                {
                    AddOther(entry, recognized: false);
                }
            }
        }

        private void WalkAtV(string dir, string escapedPath)
        {
            Other += new TreeSize(0, 0, 1, 0);
            foreach (var entry in DirEntry.List(dir, statDirectories: false))
            {
                if (entry.IsDirectory || entry.IsSymlink || entry.Name is "list" or "list.lock")
                {
                    AddOther(entry, recognized: !entry.IsDirectory && !entry.IsSymlink);
                    continue;
                }

                var (escapedVersion, file) = ParseDownloadFile(entry.Name);
                var version = file == DownloadFiles.None ? null : Get(escapedPath, escapedVersion);
                if (version == null)
                {
                    AddOther(entry, recognized: false);
                    continue;
                }

                version.Files |= file;
                version.DownloadSize += new TreeSize(entry.Length, 1, 0, 0);
                if (file is DownloadFiles.Zip or DownloadFiles.ZipHash or DownloadFiles.Mod or DownloadFiles.Info)
                {
                    if (entry.LastAccessUtc > version.DownloadNewestAccessUtc)
                    {
                        version.DownloadNewestAccessUtc = entry.LastAccessUtc;
                    }

                    if (version.DownloadNewestWriteUtc == null || entry.LastWriteUtc > version.DownloadNewestWriteUtc)
                    {
                        version.DownloadNewestWriteUtc = entry.LastWriteUtc;
                    }
                }
            }
        }

        private static (string EscapedVersion, DownloadFiles File) ParseDownloadFile(string name)
        {
            var temporary = false;
            var stem = name;
            if (stem.EndsWith(".tmp", StringComparison.Ordinal))
            {
                // Go writes "<v>.zip" through "<v>.zip<random digits>.tmp" and renames it into place.
                temporary = true;
                stem = stem[..^4].TrimEnd("0123456789".ToCharArray());
            }

            foreach (var (suffix, file) in Suffixes)
            {
                if (stem.EndsWith(suffix, StringComparison.Ordinal) && stem.Length > suffix.Length)
                {
                    return (stem[..^suffix.Length], temporary ? DownloadFiles.Temporary : file);
                }
            }

            return (string.Empty, DownloadFiles.None);
        }

        private CachedModuleVersion? Get(string escapedPath, string escapedVersion)
        {
            if (Versions.TryGetValue((escapedPath, escapedVersion), out var existing))
            {
                return existing;
            }

            if (!ModulePathEscaping.TryUnescapePath(escapedPath, out var path) || !ModulePathEscaping.TryUnescapeVersion(escapedVersion, out var version))
            {
                return null;
            }

            var downloadDirectory = Path.Combine(root, "cache", "download", escapedPath.Replace('/', Path.DirectorySeparatorChar), "@v");
            var created = new CachedModuleVersion(escapedPath, escapedVersion, path, version, downloadDirectory);
            Versions.Add((escapedPath, escapedVersion), created);
            return created;
        }

        private void AddOther(DirEntry entry, bool recognized)
        {
            if (!recognized)
            {
                Unrecognized.Add(entry.FullPath);
            }

            if (entry.IsSymlink)
            {
                Other += new TreeSize(0, 0, 0, 1);
            }
            else if (entry.IsDirectory)
            {
                Other += TreeSize.Measure(entry.FullPath) + new TreeSize(0, 0, 1, 0);
            }
            else
            {
                Other += new TreeSize(entry.Length, 1, 0, 0);
            }
        }
    }
}
