using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoCaches.Go;

namespace GoCaches.Inventory;

/// <summary>
/// Tells the compiled standard library apart in Go's build cache, from Go's own data: <c>go list -export -deps</c>
/// names each package's export file, and for a standard library package (<c>.Standard</c>) that is the
/// <c>&lt;hash&gt;-d</c> output of its compile in the build cache; the <c>&lt;hash&gt;-a</c> action files that name
/// that output (<see cref="BuildCacheEntries"/>) belong with it. Not counted (they stay with the rest of the build
/// cache): Go's module index entries for GOROOT's directories (<c>go index</c> files, a few hundred KiB), the
/// cached outputs of cgo and of <c>go vet</c>, and standard library packages that the listed packages do not import.
/// </summary>
public static class StdlibBuildEntries
{
    /// <summary>Lists the export files of the standard library packages that the given packages import (directly or not).</summary>
    /// <param name="go">The go command (its environment names the build cache; the job's GOFLAGS apply).</param>
    /// <param name="directories">Where to list (each a directory of a Go module or workspace).</param>
    /// <param name="patterns">The package patterns, e.g. <c>./...</c>.</param>
    /// <param name="flags">Build flags for <c>go list</c> (<c>-trimpath</c>, <c>-tags …</c>, <c>-test</c>), as the job built.</param>
    /// <returns>The export files' full paths (in the build cache when it is on).</returns>
    /// <exception cref="GoModCacheException">go list failed.</exception>
    /// <remarks>
    /// <c>go list -export</c> compiles what is not in the build cache yet; after a build of the same packages with the
    /// same flags it compiles nothing (it only adds Go's module index entries for the directories it reads).
    /// </remarks>
    public static IReadOnlyList<string> ListExports(GoCommand go, IEnumerable<string> directories, IEnumerable<string> patterns, IEnumerable<string>? flags = null)
    {
        ArgumentNullException.ThrowIfNull(go);
        ArgumentNullException.ThrowIfNull(directories);
        var pats = (patterns ?? []).Where(p => !string.IsNullOrWhiteSpace(p)).ToList();
        if (pats.Count == 0)
        {
            pats = ["./..."];
        }

        var flagList = (flags ?? []).Where(f => !string.IsNullOrWhiteSpace(f)).ToList();
        var exports = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var dir in directories.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal))
        {
            var inDir = new GoCommand(go.Executable, go.Environment, dir);
            string[] args = ["list", "-export", "-deps", .. flagList, "-f", "{{if .Standard}}{{.Export}}{{end}}", .. pats];
            var result = inDir.Run(args);
            if (!result.Succeeded)
            {
                throw new GoModCacheException("Could not list the standard library packages' export files: " + inDir.Describe(args, result));
            }

            foreach (var line in result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                exports.Add(line);
            }
        }

        return [.. exports];
    }

    /// <summary>
    /// The build cache entry files of the given export files: each export file that is a <c>&lt;hash&gt;-d</c>
    /// output in the build cache, and every <c>&lt;hash&gt;-a</c> action file that names it.
    /// </summary>
    /// <param name="buildCacheRoot">The build cache root.</param>
    /// <param name="exportFiles">Export files, as <see cref="ListExports"/> gives them (others are ignored).</param>
    /// <returns>The files, relative to the root (<c>xx/&lt;hash&gt;-a</c>, <c>xx/&lt;hash&gt;-d</c>), sorted.</returns>
    public static IReadOnlyList<string> EntryFiles(string buildCacheRoot, IEnumerable<string> exportFiles)
    {
        ArgumentNullException.ThrowIfNull(buildCacheRoot);
        ArgumentNullException.ThrowIfNull(exportFiles);
        var root = Path.GetFullPath(buildCacheRoot);
        var outputs = new HashSet<string>(StringComparer.Ordinal);
        foreach (var export in exportFiles)
        {
            var full = Path.GetFullPath(export);
            var dir = Path.GetDirectoryName(full);
            if (dir == null || !string.Equals(Path.GetDirectoryName(dir), root.TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal))
            {
                continue;
            }

            var prefix = Path.GetFileName(dir);
            if (BuildCacheEntries.IsHexDir(prefix) && BuildCacheEntries.IsEntryName(Path.GetFileName(full), prefix, out var hash, out var kind) && kind == 'd')
            {
                outputs.Add(hash);
            }
        }

        return [.. BuildCacheEntries.Scan(root, includeFuzz: false)
            .Where(e => e.Kind is BuildCacheEntryKind.Action or BuildCacheEntryKind.OrphanOutput && outputs.Contains(e.Id))
            .SelectMany(e => e.Files)
            .Select(f => Path.GetRelativePath(root, f.Path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)];
    }
}
