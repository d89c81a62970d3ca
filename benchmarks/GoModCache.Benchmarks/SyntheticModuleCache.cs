using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using GoCaches.Inventory;
using GoCaches.Modules;

namespace GoModCache.Benchmarks;

/// <summary>
/// A module cache laid out as Go lays one out (see docs/benchmarks.md and the shared cache facts), filled with
/// made-up modules: extracted trees of nested packages with files of varied sizes, read-only as Go leaves them,
/// and the <c>cache/download/&lt;escaped&gt;/@v/</c> files of every version. Deterministic for a given seed.
/// </summary>
internal sealed class SyntheticModuleCache : IDisposable
{
    private const UnixFileMode ReadOnlyFile = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode ReadOnlyDirectory = ReadOnlyFile | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
    private const UnixFileMode WritableFile = ReadOnlyFile | UnixFileMode.UserWrite;
    private const UnixFileMode WritableDirectory = ReadOnlyDirectory | UnixFileMode.UserWrite;

    private static readonly string[] Hosts = ["example.com", "github.com", "gitlab.example.org", "go.example.net"];

    private static readonly string[] Words =
    [
        "internal", "cmd", "pkg", "api", "util", "encoding", "json", "proto", "client", "server", "types",
        "codec", "config", "log", "http", "grpc", "auth", "cache", "store", "metrics", "trace", "errors",
        "parser", "lexer", "ast", "format", "sync", "pool", "queue", "v2", "unix", "windows", "bench",
    ];

    private readonly Random _rng;
    private readonly byte[] _noise;
    private readonly byte[] _text;
    private readonly string _workDirectory;
    private readonly List<ModuleVersion> _written = [];
    private long _targetBytes;
    private int _targetFiles;
    private bool _disposed;

    private SyntheticModuleCache(string workDirectory, int seed)
    {
        _workDirectory = workDirectory;
        Root = Path.Combine(workDirectory, "pkg", "mod");
        _rng = new Random(seed);

        // File contents are slices of one block of noise: cheap to write, incompressible like a real zip.
        _noise = new byte[4 << 20];
        _rng.NextBytes(_noise);

        // Source files are slices of made-up Go-like text, which deflates about as real source does; assets are noise.
        var text = new StringBuilder(4 << 20);
        while (text.Length < 4 << 20)
        {
            var word = Words[_rng.Next(Words.Length)];
            text.Append(_rng.Next(12) switch
            {
                0 => $"\nfunc {word}{_rng.Next(500)}(ctx context.Context, v *{Words[_rng.Next(Words.Length)]}.T) error {{\n\t",
                1 => $"\n\tif err := {word}.Do(ctx); err != nil {{\n\t\treturn fmt.Errorf(\"{word}: %w\", err)\n\t}}\n\t",
                2 => $" // {word} {Words[_rng.Next(Words.Length)]} {_rng.Next(100000)}\n\t",
                _ => word + (_rng.Next(3) == 0 ? "." : " "),
            });
        }

        _text = Encoding.ASCII.GetBytes(text.ToString(0, 4 << 20));
    }

    /// <summary>Gets the module cache root (the would-be <c>GOMODCACHE</c>).</summary>
    public string Root { get; }

    /// <summary>Gets the number of regular files written.</summary>
    public long Files { get; private set; }

    /// <summary>Gets the number of directories below <see cref="Root"/>.</summary>
    public long Directories { get; private set; }

    /// <summary>Gets the total length of the regular files written.</summary>
    public long Bytes { get; private set; }

    /// <summary>Gets the number of distinct module paths.</summary>
    public int Modules { get; private set; }

    /// <summary>Gets the number of module versions (each extracted and downloaded).</summary>
    public int Versions { get; private set; }

    /// <summary>Gets the number of versions with a heavy tree (test data, assets: megabytes of large files).</summary>
    public int HeavyVersions { get; private set; }

    /// <summary>Gets the smallest and largest extracted tree written (bytes of file contents).</summary>
    public (long Smallest, long Largest) TreeBytesRange { get; private set; } = (long.MaxValue, 0);

    /// <summary>Gets the number of versions the usage record names (0 when none was written).</summary>
    public int RecordedVersions { get; private set; }

    /// <summary>Writes a cache of at least <paramref name="targetFiles"/> regular files under a new directory in <paramref name="parent"/>.</summary>
    /// <param name="parent">Where to create the work directory (e.g. the temp directory).</param>
    /// <param name="targetFiles">How many regular files to write, at least.</param>
    /// <param name="seed">The seed of every random choice.</param>
    /// <returns>The cache; dispose it to delete it.</returns>
    public static SyntheticModuleCache Generate(string parent, int targetFiles, int seed) => Generate(parent, targetFiles, 0, seed, usageRecord: false);

    /// <summary>
    /// Writes a cache of at least <paramref name="targetFiles"/> regular files and <paramref name="targetBytes"/>
    /// bytes. To reach the bytes, some modules get a heavy tree (test data or assets: files of 100 KB to 8 MB, a
    /// version of 5 to 60 MB) whenever the bytes lag behind the files; the rest stay the small source trees.
    /// </summary>
    /// <param name="parent">Where to create the work directory (e.g. the temp directory).</param>
    /// <param name="targetFiles">How many regular files to write, at least.</param>
    /// <param name="targetBytes">How many bytes of file contents to write, at least (0: no minimum).</param>
    /// <param name="seed">The seed of every random choice.</param>
    /// <param name="usageRecord">Whether to write a usage record (<c>cache/gomodcache-usage.json</c>) naming about 60% of the versions.</param>
    /// <returns>The cache; dispose it to delete it.</returns>
    public static SyntheticModuleCache Generate(string parent, int targetFiles, long targetBytes, int seed, bool usageRecord)
    {
        var work = Path.Combine(parent, $"gomodcache-bench-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(work);
        var cache = new SyntheticModuleCache(work, seed);
        try
        {
            cache._targetBytes = targetBytes;
            cache.Fill(targetFiles);
            if (usageRecord)
            {
                cache.WriteUsageRecord();
            }
        }
        catch
        {
            cache.Dispose();
            throw;
        }

        return cache;
    }

    /// <summary>Makes the tree writable again (Go leaves it read-only) and deletes it.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!Directory.Exists(_workDirectory))
        {
            return;
        }

        foreach (var dir in Directory.EnumerateDirectories(_workDirectory, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint }))
        {
            File.SetUnixFileMode(dir, WritableDirectory);
        }

        Directory.Delete(_workDirectory, recursive: true);
    }

    private void Fill(int targetFiles)
    {
        MakeDirectory(Root);
        var cacheDir = MakeDirectory(Path.Combine(Root, "cache"));
        var downloadRoot = MakeDirectory(Path.Combine(cacheDir, "download"));
        WriteFile(Path.Combine(cacheDir, "lock"), 0, WritableFile);

        var sumdbLookups = new List<string>();
        var org = 0;
        _targetFiles = targetFiles;
        while (!Done)
        {
            // Organisations hold one to four modules; a quarter of them (and some modules) have upper-case names.
            org++;
            var host = Hosts[_rng.Next(Hosts.Length)];
            var orgName = _rng.NextDouble() < 0.25 ? $"Org{org}" : $"org{org}";
            var modules = 1 + _rng.Next(4);
            for (var m = 1; m <= modules && !Done; m++)
            {
                var modName = _rng.NextDouble() < 0.15 ? $"Mod{m}" : $"mod{m}";
                var path = $"{host}/{orgName}/{modName}";
                var versions = PickVersions();
                WriteModule(path, versions, downloadRoot, targetFiles, sumdbLookups);
            }
        }

        WriteSumDb(downloadRoot, sumdbLookups);
    }

    private void WriteModule(string path, List<string> versions, string downloadRoot, int targetFiles, List<string> sumdbLookups)
    {
        var escapedPath = ModulePathEscaping.EscapePath(path);
        var parts = escapedPath.Split('/');
        var parentOfExtracted = MakeDirectories(Root, parts[..^1]);
        var atV = MakeDirectories(downloadRoot, [.. parts, "@v"]);
        Modules++;

        var written = new List<string>();

        // A module is heavy (test data, assets) when the bytes written lag behind the files written.
        var heavyModule = _targetBytes > 0 && (double)Bytes / _targetBytes < (double)Files / _targetFiles;
        foreach (var version in versions)
        {
            if (Done && written.Count > 0)
            {
                break;
            }

            var escapedVersion = ModulePathEscaping.EscapeVersion(version);
            var goMod = Encoding.UTF8.GetBytes($"module {path}\n\ngo 1.{18 + _rng.Next(6)}\n\nrequire (\n\tgolang.org/x/sys v0.{_rng.Next(20)}.0\n)\n");

            // The extracted tree: Go writes files 0444 and then makes every directory 0555.
            var extracted = Path.Combine(parentOfExtracted, parts[^1] + "@" + escapedVersion);
            var heavy = heavyModule;
            var treeBytes = WriteExtractedTree(extracted, goMod, _targetBytes > 0 ? int.MaxValue : Math.Max(1, targetFiles - (int)Files - 6), heavy);
            TreeBytesRange = (Math.Min(TreeBytesRange.Smallest, treeBytes), Math.Max(TreeBytesRange.Largest, treeBytes));
            HeavyVersions += heavy ? 1 : 0;

            // The download files: .zip, .ziphash, .info, .mod and .lock stay writable. The zip is a real one of the
            // tree (deflated, entries below <path>@<version>/), so the tree can be sized from its central directory.
            WriteFile(Path.Combine(atV, escapedVersion + ".info"), Encoding.UTF8.GetBytes($"{{\"Version\":\"{version}\",\"Time\":\"2023-0{1 + _rng.Next(9)}-1{_rng.Next(10)}T12:00:00Z\"}}"));
            WriteFile(Path.Combine(atV, escapedVersion + ".mod"), goMod);
            WriteZip(Path.Combine(atV, escapedVersion + ".zip"), extracted, path + "@" + version + "/");
            WriteFile(Path.Combine(atV, escapedVersion + ".ziphash"), Encoding.ASCII.GetBytes("h1:" + Convert.ToBase64String(_noise.AsSpan(_rng.Next(_noise.Length - 32), 32))));
            WriteFile(Path.Combine(atV, escapedVersion + ".lock"), 0, WritableFile);
            written.Add(version);
            _written.Add(new ModuleVersion(path, version));
            Versions++;
            if (_rng.NextDouble() < 0.1)
            {
                sumdbLookups.Add(escapedPath.Replace('/', '!') + "@" + escapedVersion);
            }
        }

        WriteFile(Path.Combine(atV, "list"), Encoding.UTF8.GetBytes(string.Concat(written.Where(v => !v.StartsWith("v0.0.0-", StringComparison.Ordinal)).Select(v => v + "\n"))));
    }

    /// <summary>Writes one extracted module version: go.mod, LICENSE, README and nested packages.</summary>
    /// <returns>The bytes written.</returns>
    private long WriteExtractedTree(string root, byte[] goMod, int remainingFiles, bool heavy)
    {
        var before = Bytes;
        MakeDirectory(root);

        // Files per version: log-normal, median ~25, mean ~40, a long tail up to 1,500.
        var fileCount = (int)Math.Clamp(Math.Exp(3.2 + Gaussian()), 4, 1500);
        fileCount = Math.Min(fileCount, Math.Max(4, remainingFiles));

        // Packages nest up to five deep, ~8 files to a directory; some modules carry hidden CI files.
        var dirs = new List<(string Path, int Depth)> { (root, 0) };
        var dirCount = Math.Max(1, fileCount / 8);
        for (var d = 1; d < dirCount; d++)
        {
            var parent = dirs[_rng.Next(dirs.Count)];
            if (parent.Depth >= 5)
            {
                parent = dirs[0];
            }

            var name = Words[_rng.Next(Words.Length)];
            var full = Path.Combine(parent.Path, name);
            if (Directory.Exists(full))
            {
                full += d.ToString(CultureInfo.InvariantCulture);
            }

            dirs.Add((MakeDirectory(full), parent.Depth + 1));
        }

        WriteFile(Path.Combine(root, "go.mod"), goMod, ReadOnlyFile);
        WriteFile(Path.Combine(root, "LICENSE"), 1000 + _rng.Next(10000), ReadOnlyFile);
        WriteFile(Path.Combine(root, "README.md"), SourceSize(), ReadOnlyFile, _text);
        var left = fileCount - 3;
        if (left > 2 && _rng.NextDouble() < 0.3)
        {
            WriteFile(Path.Combine(root, ".gitignore"), 20 + _rng.Next(200), ReadOnlyFile);
            var workflows = MakeDirectory(Path.Combine(root, ".github", "workflows"), ancestors: 1);
            WriteFile(Path.Combine(workflows, "ci.yml"), 300 + _rng.Next(2000), ReadOnlyFile);
            left -= 2;
        }

        if (heavy)
        {
            // Test data or assets: 4 to 24 files of 100 KB to 8 MB (log-normal, median ~1 MB) in one folder.
            var data = MakeDirectory(Path.Combine(root, _rng.NextDouble() < 0.5 ? "testdata" : "assets"));
            dirs.Add((data, 1));
            var blobs = 4 + _rng.Next(21);
            for (var b = 0; b < blobs; b++)
            {
                var size = (long)Math.Clamp(Math.Exp(13.8 + (1.0 * Gaussian())), 100 << 10, 8 << 20);
                WriteFile(Path.Combine(data, $"blob{b}.bin"), size, ReadOnlyFile, _noise);
            }
        }

        for (var f = 0; f < left; f++)
        {
            var dir = dirs[_rng.Next(dirs.Count)].Path;
            var roll = _rng.NextDouble();
            var name = roll < 0.55 ? $"{Words[_rng.Next(Words.Length)]}{f}.go"
                : roll < 0.85 ? $"{Words[_rng.Next(Words.Length)]}{f}_test.go"
                : roll < 0.95 ? $"golden{f}.json"
                : $"doc{f}.md";
            WriteFile(Path.Combine(dir, name), SourceSize(), ReadOnlyFile, _text);
        }

        // Go makes every directory 0555 once the files (0444) are in: deepest first, the root last.
        var tree = Directory.EnumerateDirectories(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .OrderByDescending(d => d.Length)
            .Append(root);
        foreach (var dir in tree)
        {
            File.SetUnixFileMode(dir, ReadOnlyDirectory);
        }

        return Bytes - before;
    }

    private bool Done => Files >= _targetFiles && Bytes >= _targetBytes;

    /// <summary>
    /// A usage record as the addin's <c>GoModCacheRecordUsage</c> leaves one: about 60% of the versions, last used
    /// at times spread over the past 90 days.
    /// </summary>
    private void WriteUsageRecord()
    {
        var path = UsageRecord.DefaultPath(Root);
        var record = UsageRecord.Load(path);
        var now = DateTime.UtcNow;
        foreach (var group in _written.Where(_ => _rng.NextDouble() < 0.6).GroupBy(_ => _rng.Next(90)))
        {
            record.Touch(group.ToList(), now.AddDays(-group.Key).AddMinutes(-_rng.Next(1440)));
            RecordedVersions += group.Count();
        }

        record.Save();
        Files += Directory.GetFiles(Path.GetDirectoryName(path)!, UsageRecord.DefaultFileName + "*").Length;
        Bytes += Directory.GetFiles(Path.GetDirectoryName(path)!, UsageRecord.DefaultFileName + "*").Sum(f => new FileInfo(f).Length);
    }

    /// <summary>A checksum database cache: a few lookups and tiles.</summary>
    private void WriteSumDb(string downloadRoot, List<string> lookups)
    {
        var sumdb = MakeDirectory(Path.Combine(downloadRoot, "sumdb", "sum.golang.org"), ancestors: 1);
        var lookupDir = MakeDirectory(Path.Combine(sumdb, "lookup"));
        foreach (var name in lookups)
        {
            WriteFile(Path.Combine(lookupDir, name), 200 + _rng.Next(400), WritableFile);
        }

        var tiles = MakeDirectories(sumdb, ["tile", "8", "0", "x123"]);
        for (var t = 0; t < Math.Max(4, Versions / 20); t++)
        {
            WriteFile(Path.Combine(tiles, t.ToString("D3", CultureInfo.InvariantCulture)), 8192, WritableFile);
        }
    }

    private List<string> PickVersions()
    {
        var count = _rng.NextDouble() switch
        {
            < 0.45 => 1,
            < 0.70 => 2,
            < 0.85 => 3,
            < 0.95 => 4,
            _ => 6,
        };
        var major = _rng.Next(3);
        var minor = _rng.Next(12);
        var versions = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var roll = _rng.NextDouble();
            versions.Add(roll < 0.08 ? $"v0.0.0-2023{1 + _rng.Next(9):D2}{10 + _rng.Next(18)}120000-{Convert.ToHexString(_noise, _rng.Next(1000), 6).ToLowerInvariant()}"
                : roll < 0.12 ? $"v{major}.{minor}.{i}-RC{1 + i}"
                : roll < 0.14 && major == 0 ? $"v2.{minor}.{i}+incompatible"
                : $"v{major}.{minor}.{i}");
            minor += _rng.Next(2);
        }

        return [.. versions.Distinct(StringComparer.Ordinal)];
    }

    // Source files: log-normal, median ~2.5 KB, mean ~4.5 KB, capped at 1 MB.
    private int SourceSize() => (int)Math.Clamp(Math.Exp(7.8 + (1.1 * Gaussian())), 40, 1 << 20);

    private double Gaussian()
    {
        var u1 = 1.0 - _rng.NextDouble();
        var u2 = _rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    private string MakeDirectories(string parent, IEnumerable<string> names)
    {
        var path = parent;
        foreach (var name in names)
        {
            path = Path.Combine(path, name);
            if (!Directory.Exists(path))
            {
                MakeDirectory(path);
            }
        }

        return path;
    }

    private string MakeDirectory(string path, int ancestors = 0)
    {
        Directory.CreateDirectory(path);
        if (path != Root)
        {
            Directories += 1 + ancestors;
        }

        return path;
    }

    private void WriteFile(string path, byte[] content, UnixFileMode mode = WritableFile)
    {
        using var stream = Create(path, mode);
        stream.Write(content);
        Files++;
        Bytes += content.Length;
    }

    private void WriteFile(string path, long length, UnixFileMode mode, byte[]? block = null)
    {
        block ??= _noise;
        using (var stream = Create(path, mode))
        {
            for (var left = length; left > 0;)
            {
                var chunk = (int)Math.Min(left, block.Length / 2);
                stream.Write(block, _rng.Next(block.Length - chunk), chunk);
                left -= chunk;
            }
        }

        Files++;
        Bytes += length;
    }

    // The zip Go downloaded for a tree: its files, deflated, named <path>@<version>/<relative path>.
    private void WriteZip(string path, string tree, string prefix)
    {
        using (var stream = Create(path, WritableFile))
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create))
        {
            var files = Directory.EnumerateFiles(tree, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
                .Select(f => Path.GetRelativePath(tree, f).Replace(Path.DirectorySeparatorChar, '/'))
                .OrderBy(f => f, StringComparer.Ordinal);
            foreach (var file in files)
            {
                var entry = zip.CreateEntry(prefix + file, CompressionLevel.Fastest);
                using var source = File.OpenRead(Path.Combine(tree, file));
                using var target = entry.Open();
                source.CopyTo(target);
            }
        }

        Files++;
        Bytes += new FileInfo(path).Length;
    }

    private static FileStream Create(string path, UnixFileMode mode) => new(path, new FileStreamOptions
    {
        Mode = FileMode.CreateNew,
        Access = FileAccess.Write,
        Share = FileShare.Read,
        BufferSize = 0,
        UnixCreateMode = mode,
    });
}
