using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.IO.Enumeration;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using GoCaches.Eviction;

namespace GoCaches.Inventory;

/// <summary>
/// Reads Go's build cache into entries (<see cref="BuildCacheEntry"/>): every <c>&lt;hash&gt;-a</c> action file
/// names the <c>&lt;hash&gt;-d</c> output it maps to (<c>v1 &lt;action&gt; &lt;output&gt; &lt;size&gt; &lt;time&gt;</c>,
/// as <c>cmd/go/internal/cache</c> writes it). Only files so named inside the <c>00</c>…<c>ff</c> directories
/// (and, when asked, regular files under <c>fuzz/</c>) are ever entries.
/// </summary>
public static class BuildCacheEntries
{
    /// <summary>Lists the entries of a build cache.</summary>
    /// <param name="root">A root checked by <see cref="BuildCacheRootGuard.Check"/>.</param>
    /// <param name="includeFuzz">Whether to list the fuzz cache's files too.</param>
    /// <returns>The entries, in no particular order.</returns>
    public static IReadOnlyList<BuildCacheEntry> Scan(string root, bool includeFuzz)
    {
        ArgumentNullException.ThrowIfNull(root);
        var subdirs = DirEntry.List(root).Where(e => e.IsDirectory && IsHexDir(e.Name)).Select(e => e.FullPath).ToList();
        var actions = new ConcurrentBag<(BuildCacheFile File, string? Output)>();
        var outputs = new ConcurrentDictionary<string, BuildCacheFile>(StringComparer.Ordinal);
        Parallel.ForEach(subdirs, dir =>
        {
            var prefix = Path.GetFileName(dir);
            foreach (var file in Files(dir))
            {
                var name = Path.GetFileName(file.Path);
                if (!IsEntryName(name, prefix, out var hash, out var kind))
                {
                    continue;
                }

                if (kind == 'd')
                {
                    outputs[hash] = file;
                }
                else
                {
                    actions.Add((file, ReadOutputId(file.Path)));
                }
            }
        });

        var result = new List<BuildCacheEntry>();
        var byOutput = new Dictionary<string, List<BuildCacheFile>>(StringComparer.Ordinal);
        foreach (var (file, output) in actions.OrderBy(a => a.File.Path, StringComparer.Ordinal))
        {
            if (output != null && outputs.ContainsKey(output))
            {
                if (!byOutput.TryGetValue(output, out var list))
                {
                    byOutput[output] = list = [];
                }

                list.Add(file);
            }
            else
            {
                result.Add(new BuildCacheEntry(Path.GetFileName(file.Path), BuildCacheEntryKind.DanglingAction, [file]));
            }
        }

        foreach (var (hash, output) in outputs)
        {
            result.Add(byOutput.TryGetValue(hash, out var list)
                ? new BuildCacheEntry(hash, BuildCacheEntryKind.Action, [.. list, output])
                : new BuildCacheEntry(hash, BuildCacheEntryKind.OrphanOutput, [output]));
        }

        var fuzz = Path.Combine(root, "fuzz");
        if (includeFuzz && new DirectoryInfo(fuzz) is { Exists: true, LinkTarget: null })
        {
            foreach (var file in Files(fuzz, recurse: true))
            {
                result.Add(new BuildCacheEntry(Path.GetRelativePath(root, file.Path).Replace('\\', '/'), BuildCacheEntryKind.Fuzz, [file]));
            }
        }

        return result;
    }

    /// <summary>Whether a file name inside directory <paramref name="prefix"/> is a cache entry file.</summary>
    internal static bool IsEntryName(string name, string prefix, out string hash, out char kind)
    {
        hash = string.Empty;
        kind = '\0';
        if (name.Length < 6 || name[^2] != '-' || (name[^1] != 'a' && name[^1] != 'd'))
        {
            return false;
        }

        var h = name[..^2];
        if (!h.StartsWith(prefix, StringComparison.Ordinal) || !h.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f')))
        {
            return false;
        }

        hash = h;
        kind = name[^1];
        return true;
    }

    internal static bool IsHexDir(string name) =>
        name.Length == 2 && name.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));

    /// <summary>The output hash an action file names, or null when it does not read as Go's entry line.</summary>
    internal static string? ReadOutputId(string path)
    {
        try
        {
            Span<byte> buffer = stackalloc byte[512];
            int read;
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None))
            {
                read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            }

            var parts = Encoding.ASCII.GetString(buffer[..read]).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return parts.Length >= 3 && parts[0] == "v1" && parts[2].Length >= 4 && parts[2].All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'))
                ? parts[2]
                : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static List<BuildCacheFile> Files(string directory, bool recurse = false)
    {
        try
        {
            var options = new EnumerationOptions { RecurseSubdirectories = recurse, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true };
            return [.. new FileSystemEnumerable<BuildCacheFile>(
                directory,
                (ref FileSystemEntry e) => new BuildCacheFile(e.ToFullPath(), e.Length, e.LastWriteTimeUtc.UtcDateTime),
                options)
            {
                ShouldIncludePredicate = (ref FileSystemEntry e) => !e.IsDirectory && (e.Attributes & FileAttributes.ReparsePoint) == 0,
            }];
        }
        catch (DirectoryNotFoundException)
        {
            return [];
        }
    }
}
