using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace GoModCache.TestSupport;

/// <summary>
/// A SHA-256 over a tree's relative paths, entry kinds, symbolic link targets and file contents (links never
/// followed), with the regular files' total size: proof that nothing below a path was removed or changed.
/// </summary>
public readonly record struct TreeChecksum(string Sha256, long Files, long Bytes)
{
    /// <summary>Checksums a directory tree, or a single file, or records that the path does not exist.</summary>
    public static TreeChecksum Of(string path)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long files = 0, bytes = 0;
        void Add(string text) => sha.AppendData(Encoding.UTF8.GetBytes(text + "\0"));

        var top = new FileInfo(path);
        if (top.LinkTarget != null)
        {
            Add("link:" + top.LinkTarget);
        }
        else if (top.Exists)
        {
            Add("file");
            sha.AppendData(File.ReadAllBytes(path));
            files++;
            bytes += top.Length;
        }
        else if (Directory.Exists(path))
        {
            foreach (var (relative, entry) in Entries(path))
            {
                if (entry.LinkTarget != null)
                {
                    Add("L " + relative + " -> " + entry.LinkTarget);
                }
                else if (entry is DirectoryInfo)
                {
                    Add("D " + relative);
                }
                else
                {
                    var content = File.ReadAllBytes(entry.FullName);
                    Add("F " + relative + " " + content.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    sha.AppendData(content);
                    files++;
                    bytes += content.Length;
                }
            }
        }
        else
        {
            Add("missing");
        }

        return new TreeChecksum(Convert.ToHexString(sha.GetHashAndReset()), files, bytes);
    }

    /// <summary>The bytes of regular files below <paramref name="before"/>'s tree that are missing from, or differ in, <paramref name="after"/>.</summary>
    public static long BytesLost(string before, string after)
    {
        long lost = 0;
        foreach (var (relative, entry) in Entries(before).Where(e => e.Entry is FileInfo && e.Entry.LinkTarget == null))
        {
            var other = Path.Combine(after, relative);
            var info = new FileInfo(other);
            if (info.LinkTarget != null || !info.Exists || !File.ReadAllBytes(entry.FullName).AsSpan().SequenceEqual(File.ReadAllBytes(other)))
            {
                lost += ((FileInfo)entry).Length;
            }
        }

        return lost;
    }

    public override string ToString() => $"{Sha256[..16]}… ({Files} files, {Bytes} bytes)";

    private static IEnumerable<(string Relative, FileSystemInfo Entry)> Entries(string root)
    {
        if (!Directory.Exists(root))
        {
            yield break;
        }

        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false };
        var entries = new DirectoryInfo(root).EnumerateFileSystemInfos("*", options)
            .Select(e => (Relative: Path.GetRelativePath(root, e.FullName), Entry: e))
            .OrderBy(e => e.Relative, StringComparer.Ordinal)
            .ToList();
        foreach (var e in entries)
        {
            yield return e;
        }
    }
}
