using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace GoCaches.Ci;

/// <summary>
/// A cache key for CI cache steps, built like actions/setup-go's (OS, architecture, Go version) but hashing
/// every dependency file of a polyglot repository (go.sum, go.work.sum). The hash covers each file's path
/// relative to the repository root and its lines; the order the files are given in, line endings, blank
/// lines and the order of lines inside a file do not change it (Go itself treats go.sum as a set).
/// </summary>
/// <param name="Key">The full key, e.g. <c>gomodcache-linux-amd64-go1.23.5-3f1c…</c>.</param>
/// <param name="RestoreKey">The key without the hash: a stable prefix for restore-keys.</param>
/// <param name="Hash">The hex SHA-256 of the dependency files.</param>
/// <param name="Files">The files hashed, relative to the root, sorted.</param>
public sealed record CacheKey(string Key, string RestoreKey, string Hash, IReadOnlyList<string> Files)
{
    /// <summary>
    /// Gets the restore keys, most specific first, for a CI's fallback list (actions/cache <c>restore-keys</c>,
    /// Azure <c>restoreKeys</c>); the first is <see cref="RestoreKey"/>.
    /// </summary>
    public IReadOnlyList<string> RestoreKeys { get; init; } = [];

    /// <summary>Gets the build cache key that goes with this module cache key (<see cref="ComputeBuild"/>), or null.</summary>
    public CacheKey? BuildCache { get; init; }

    /// <summary>Gets the standard library cache key that goes with this module cache key (<see cref="ComputeStd"/>), or null.</summary>
    public CacheKey? StdCache { get; init; }

    /// <summary>
    /// Gets the <c>go env</c> variables besides GOOS, GOARCH and GOVERSION that change how Go compiles the standard
    /// library, hashed into <see cref="ComputeStd"/>'s key: flags, cgo, the architecture level, experiments, the C
    /// compiler, and GOROOT (where the toolchain is).
    /// </summary>
    public static IReadOnlyList<string> StdKeyVariables { get; } =
    [
        "GOFLAGS", "CGO_ENABLED", "GOEXPERIMENT", "GOAMD64", "GOARM", "GOARM64", "GO386", "GOMIPS", "GOMIPS64", "GOPPC64",
        "GORISCV64", "GOWASM", "CC", "GOROOT",
    ];

    /// <summary>Computes a key.</summary>
    /// <param name="prefix">The key's first part, e.g. <c>gomodcache</c>.</param>
    /// <param name="goos">GOOS, e.g. <c>linux</c>.</param>
    /// <param name="goarch">GOARCH, e.g. <c>amd64</c>.</param>
    /// <param name="goVersion">GOVERSION, e.g. <c>go1.23.5</c>.</param>
    /// <param name="root">The directory the file names are made relative to.</param>
    /// <param name="files">The dependency files (absolute paths).</param>
    /// <returns>The key.</returns>
    /// <exception cref="GoModCacheException">A file does not exist, or a part of the key is empty.</exception>
    public static CacheKey Compute(string prefix, string goos, string goarch, string goVersion, string root, IEnumerable<string> files)
    {
        CheckParts(prefix, goos, goarch, goVersion);
        var (hash, relative) = HashSumFiles(root, files);
        var restore = $"{prefix}-{goos}-{goarch}-{goVersion}-";
        return new CacheKey(restore + hash, restore, hash, relative) { RestoreKeys = [restore] };
    }

    /// <summary>
    /// Computes a build cache key: OS, architecture, Go version, a hash of <c>GOFLAGS</c>, a hash of the dependency
    /// files (as <see cref="Compute"/>) and a hash of the Go sources. Its restore keys fall back first to a cache of
    /// the same dependency files (other sources), then to any cache of the same Go, platform and flags.
    /// </summary>
    /// <param name="prefix">The key's first part, e.g. <c>gobuildcache</c>.</param>
    /// <param name="goos">GOOS.</param>
    /// <param name="goarch">GOARCH.</param>
    /// <param name="goVersion">GOVERSION.</param>
    /// <param name="goFlags">GOFLAGS (flags change what Go builds).</param>
    /// <param name="root">The directory the file names are made relative to.</param>
    /// <param name="sumFiles">The dependency files (go.sum, go.work.sum).</param>
    /// <param name="sourceFiles">The Go sources (their contents count, byte for byte).</param>
    /// <returns>The key; <see cref="Files"/> lists the dependency files, then the sources.</returns>
    /// <exception cref="GoModCacheException">A file does not exist, or a part of the key is empty.</exception>
    public static CacheKey ComputeBuild(string prefix, string goos, string goarch, string goVersion, string goFlags, string root, IEnumerable<string> sumFiles, IEnumerable<string> sourceFiles)
    {
        ArgumentNullException.ThrowIfNull(sourceFiles);
        CheckParts(prefix, goos, goarch, goVersion);
        var flags = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes((goFlags ?? string.Empty).Trim()))).ToLowerInvariant()[..8];
        var (sumHash, sums) = HashSumFiles(root, sumFiles);
        var sources = Relative(root, sourceFiles);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (full, rel) in sources)
        {
            if (!File.Exists(full))
            {
                throw new GoModCacheException($"The Go source '{full}' does not exist.");
            }

            sha.AppendData(Encoding.UTF8.GetBytes("file " + rel + "\n"));
            sha.AppendData(SHA256.HashData(File.ReadAllBytes(full)));
        }

        var sourceHash = Convert.ToHexString(sha.GetHashAndReset()).ToLowerInvariant();
        var any = $"{prefix}-{goos}-{goarch}-{goVersion}-{flags}-";
        var sameSums = any + sumHash[..16] + "-";
        return new CacheKey(sameSums + sourceHash, sameSums, sourceHash, [.. sums, .. sources.Select(s => s.Relative)]) { RestoreKeys = [sameSums, any] };
    }

    /// <summary>
    /// Computes the standard library cache key: OS, architecture, Go version and a hash of the other settings that
    /// change how Go compiles the standard library (<see cref="StdKeyVariables"/>), and nothing of the repository, so
    /// that it changes only with the toolchain or the flags. It has no restore keys: restore it on an exact hit only,
    /// and save it only when it was not restored (its entries never change under one key).
    /// </summary>
    /// <param name="prefix">The key's first part, e.g. <c>gostdcache</c>.</param>
    /// <param name="goos">GOOS.</param>
    /// <param name="goarch">GOARCH.</param>
    /// <param name="goVersion">GOVERSION.</param>
    /// <param name="settings">The values of <see cref="StdKeyVariables"/> (from <c>go env</c>); a missing one counts as empty.</param>
    /// <returns>The key; <see cref="Files"/> is empty and <see cref="RestoreKeys"/> too.</returns>
    /// <exception cref="GoModCacheException">A part of the key is empty.</exception>
    public static CacheKey ComputeStd(string prefix, string goos, string goarch, string goVersion, IReadOnlyDictionary<string, string> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        CheckParts(prefix, goos, goarch, goVersion);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var name in StdKeyVariables)
        {
            var value = settings.TryGetValue(name, out var v) ? (v ?? string.Empty).Trim() : string.Empty;
            sha.AppendData(Encoding.UTF8.GetBytes(name + "=" + value + "\n"));
        }

        var hash = Convert.ToHexString(sha.GetHashAndReset()).ToLowerInvariant();
        var stable = $"{prefix}-{goos}-{goarch}-{goVersion}-";
        return new CacheKey(stable + hash[..16], stable, hash, []);
    }

    private static void CheckParts(string prefix, string goos, string goarch, string goVersion)
    {
        foreach (var (name, value) in new[] { ("prefix", prefix), ("GOOS", goos), ("GOARCH", goarch), ("Go version", goVersion) })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new GoModCacheException($"The cache key's {name} is empty.");
            }
        }
    }

    private static List<(string Full, string Relative)> Relative(string root, IEnumerable<string> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        return files
            .Select(f => (Full: Path.GetFullPath(f), Relative: Path.GetRelativePath(root, f).Replace('\\', '/')))
            .DistinctBy(f => f.Relative, StringComparer.Ordinal)
            .OrderBy(f => f.Relative, StringComparer.Ordinal)
            .ToList();
    }

    private static (string Hash, List<string> Files) HashSumFiles(string root, IEnumerable<string> files)
    {
        var relative = Relative(root, files);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (full, rel) in relative)
        {
            if (!File.Exists(full))
            {
                throw new GoModCacheException($"The dependency file '{full}' does not exist.");
            }

            var lines = File.ReadAllText(full)
                .Split('\n')
                .Select(l => l.Trim())
                .Where(l => l.Length > 0)
                .OrderBy(l => l, StringComparer.Ordinal);
            sha.AppendData(Encoding.UTF8.GetBytes("file " + rel + "\n"));
            foreach (var line in lines)
            {
                sha.AppendData(Encoding.UTF8.GetBytes(line + "\n"));
            }
        }

        return (Convert.ToHexString(sha.GetHashAndReset()).ToLowerInvariant(), relative.Select(f => f.Relative).ToList());
    }

    /// <summary>Appends <c>key=…</c> and <c>restore-key=…</c> to a GitHub Actions output file (<c>$GITHUB_OUTPUT</c>).</summary>
    /// <param name="githubOutputFile">The file GitHub Actions named in <c>GITHUB_OUTPUT</c>.</param>
    /// <param name="name">The output name for the key; the restore key is <c>&lt;name&gt;-restore</c>.</param>
    /// <remarks>
    /// With more than one restore key, the last (the widest) is also written as <c>&lt;name&gt;-restore-any</c>. A key
    /// without restore keys (<see cref="ComputeStd"/>: exact hits only) writes the key alone.
    /// </remarks>
    public void WriteGitHubOutput(string githubOutputFile, string name = "key") =>
        File.AppendAllText(
            githubOutputFile,
            RestoreKeys.Count == 0
                ? $"{name}={Key}\n"
                : $"{name}={Key}\n{name}-restore={RestoreKey}\n" + (RestoreKeys.Count > 1 ? $"{name}-restore-any={RestoreKeys[^1]}\n" : string.Empty));

    /// <summary>The logging commands that set Azure Pipelines variables (print them to standard output).</summary>
    /// <param name="name">The variable name for the key; the restore key is <c>&lt;name&gt;_RESTORE</c>.</param>
    /// <returns>The <c>##vso[task.setvariable …]</c> lines.</returns>
    /// <remarks>With more than one restore key, the last (the widest) is also set as <c>&lt;name&gt;_RESTORE_ANY</c>; a key without restore keys sets the key alone.</remarks>
    public IReadOnlyList<string> AzurePipelinesCommands(string name = "GOMODCACHE_KEY") =>
        RestoreKeys.Count == 0 ? [$"##vso[task.setvariable variable={name}]{Key}"]
        : RestoreKeys.Count > 1
            ? [$"##vso[task.setvariable variable={name}]{Key}", $"##vso[task.setvariable variable={name}_RESTORE]{RestoreKey}", $"##vso[task.setvariable variable={name}_RESTORE_ANY]{RestoreKeys[^1]}"]
            : [$"##vso[task.setvariable variable={name}]{Key}", $"##vso[task.setvariable variable={name}_RESTORE]{RestoreKey}"];

    /// <summary>Writes the key alone to a file (for CI systems that read a key file, e.g. GitLab's <c>cache:key:files</c>).</summary>
    /// <param name="file">The file to write.</param>
    public void WriteFile(string file)
    {
        // The folder may not exist yet (README's example writes artifacts/go-key.txt in a fresh checkout).
        if (Path.GetDirectoryName(Path.GetFullPath(file)) is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllText(file, Key + "\n");
    }
}
