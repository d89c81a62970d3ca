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
        ArgumentNullException.ThrowIfNull(files);
        foreach (var (name, value) in new[] { ("prefix", prefix), ("GOOS", goos), ("GOARCH", goarch), ("Go version", goVersion) })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new GoModCacheException($"The cache key's {name} is empty.");
            }
        }

        var relative = files
            .Select(f => (Full: Path.GetFullPath(f), Relative: Path.GetRelativePath(root, f).Replace('\\', '/')))
            .DistinctBy(f => f.Relative, StringComparer.Ordinal)
            .OrderBy(f => f.Relative, StringComparer.Ordinal)
            .ToList();
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

        var hash = Convert.ToHexString(sha.GetHashAndReset()).ToLowerInvariant();
        var restore = $"{prefix}-{goos}-{goarch}-{goVersion}-";
        return new CacheKey(restore + hash, restore, hash, relative.Select(f => f.Relative).ToList());
    }

    /// <summary>Appends <c>key=…</c> and <c>restore-key=…</c> to a GitHub Actions output file (<c>$GITHUB_OUTPUT</c>).</summary>
    /// <param name="githubOutputFile">The file GitHub Actions named in <c>GITHUB_OUTPUT</c>.</param>
    /// <param name="name">The output name for the key; the restore key is <c>&lt;name&gt;-restore</c>.</param>
    public void WriteGitHubOutput(string githubOutputFile, string name = "key") =>
        File.AppendAllText(githubOutputFile, $"{name}={Key}\n{name}-restore={RestoreKey}\n");

    /// <summary>The logging commands that set Azure Pipelines variables (print them to standard output).</summary>
    /// <param name="name">The variable name for the key; the restore key is <c>&lt;name&gt;_RESTORE</c>.</param>
    /// <returns>Two <c>##vso[task.setvariable …]</c> lines.</returns>
    public IReadOnlyList<string> AzurePipelinesCommands(string name = "GOMODCACHE_KEY") =>
    [
        $"##vso[task.setvariable variable={name}]{Key}",
        $"##vso[task.setvariable variable={name}_RESTORE]{RestoreKey}",
    ];

    /// <summary>Writes the key alone to a file, for a later step of the same job to read (not for keys a CI server computes from committed files, such as GitLab's <c>cache:key:files</c>).</summary>
    /// <param name="file">The file to write.</param>
    public void WriteFile(string file) => File.WriteAllText(file, Key + "\n");
}
