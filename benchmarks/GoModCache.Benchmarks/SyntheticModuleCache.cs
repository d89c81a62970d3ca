using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
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
    private readonly string _workDirectory;
    private bool _disposed;

    private SyntheticModuleCache(string workDirectory, int seed)
    {
        _workDirectory = workDirectory;
        Root = Path.Combine(workDirectory, "pkg", "mod");
        _rng = new Random(seed);

        // File contents are slices of one block of noise: cheap to write, incompressible like a real zip.
        _noise = new byte[4 << 20];
        _rng.NextBytes(_noise);
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

    /// <summary>Writes a cache of at least <paramref name="targetFiles"/> regular files under a new directory in <paramref name="parent"/>.</summary>
    /// <param name="parent">Where to create the work directory (e.g. the temp directory).</param>
    /// <param name="targetFiles">How many regular files to write, at least.</param>
    /// <param name="seed">The seed of every random choice.</param>
    /// <returns>The cache; dispose it to delete it.</returns>
    public static SyntheticModuleCache Generate(string parent, int targetFiles, int seed)
    {
        var work = Path.Combine(parent, $"gomodcache-bench-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(work);
        var cache = new SyntheticModuleCache(work, seed);
        try
        {
            cache.Fill(targetFiles);
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
        while (Files < targetFiles)
        {
            // Organisations hold one to four modules; a quarter of them (and some modules) have upper-case names.
            org++;
            var host = Hosts[_rng.Next(Hosts.Length)];
            var orgName = _rng.NextDouble() < 0.25 ? $"Org{org}" : $"org{org}";
            var modules = 1 + _rng.Next(4);
            for (var m = 1; m <= modules && Files < targetFiles; m++)
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
        foreach (var version in versions)
        {
            if (Files >= targetFiles && written.Count > 0)
            {
                break;
            }

            var escapedVersion = ModulePathEscaping.EscapeVersion(version);
            var goMod = Encoding.UTF8.GetBytes($"module {path}\n\ngo 1.{18 + _rng.Next(6)}\n\nrequire (\n\tgolang.org/x/sys v0.{_rng.Next(20)}.0\n)\n");

            // The extracted tree: Go writes files 0444 and then makes every directory 0555.
            var extracted = Path.Combine(parentOfExtracted, parts[^1] + "@" + escapedVersion);
            var treeBytes = WriteExtractedTree(extracted, goMod, Math.Max(1, targetFiles - (int)Files - 6));

            // The download files: .zip, .ziphash, .info, .mod and .lock stay writable.
            WriteFile(Path.Combine(atV, escapedVersion + ".info"), Encoding.UTF8.GetBytes($"{{\"Version\":\"{version}\",\"Time\":\"2023-0{1 + _rng.Next(9)}-1{_rng.Next(10)}T12:00:00Z\"}}"));
            WriteFile(Path.Combine(atV, escapedVersion + ".mod"), goMod);
            WriteFile(Path.Combine(atV, escapedVersion + ".zip"), 400 + (long)(treeBytes * (0.25 + (0.15 * _rng.NextDouble()))), WritableFile);
            WriteFile(Path.Combine(atV, escapedVersion + ".ziphash"), Encoding.ASCII.GetBytes("h1:" + Convert.ToBase64String(_noise.AsSpan(_rng.Next(_noise.Length - 32), 32))));
            WriteFile(Path.Combine(atV, escapedVersion + ".lock"), 0, WritableFile);
            written.Add(version);
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
    private long WriteExtractedTree(string root, byte[] goMod, int remainingFiles)
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
        WriteFile(Path.Combine(root, "README.md"), SourceSize(), ReadOnlyFile);
        var left = fileCount - 3;
        if (left > 2 && _rng.NextDouble() < 0.3)
        {
            WriteFile(Path.Combine(root, ".gitignore"), 20 + _rng.Next(200), ReadOnlyFile);
            var workflows = MakeDirectory(Path.Combine(root, ".github", "workflows"), ancestors: 1);
            WriteFile(Path.Combine(workflows, "ci.yml"), 300 + _rng.Next(2000), ReadOnlyFile);
            left -= 2;
        }

        for (var f = 0; f < left; f++)
        {
            var dir = dirs[_rng.Next(dirs.Count)].Path;
            var roll = _rng.NextDouble();
            var name = roll < 0.55 ? $"{Words[_rng.Next(Words.Length)]}{f}.go"
                : roll < 0.85 ? $"{Words[_rng.Next(Words.Length)]}{f}_test.go"
                : roll < 0.95 ? $"golden{f}.json"
                : $"doc{f}.md";
            WriteFile(Path.Combine(dir, name), SourceSize(), ReadOnlyFile);
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

    private void WriteFile(string path, long length, UnixFileMode mode)
    {
        using (var stream = Create(path, mode))
        {
            for (var left = length; left > 0;)
            {
                var chunk = (int)Math.Min(left, _noise.Length / 2);
                stream.Write(_noise, _rng.Next(_noise.Length - chunk), chunk);
                left -= chunk;
            }
        }

        Files++;
        Bytes += length;
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
