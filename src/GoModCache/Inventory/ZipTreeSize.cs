using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace GoCaches.Inventory;

/// <summary>
/// The size of a version's extracted tree as its zip's central directory gives it: Go's unzip writes exactly the zip's
/// file entries below <c>&lt;path&gt;@&lt;version&gt;/</c> (directory entries skipped, each file's parent directories
/// created), so the files and bytes are read and the directories derived, with one or two reads at the zip's end.
/// </summary>
internal static class ZipTreeSize
{
    private const uint EndOfCentralDirectory = 0x06054b50;
    private const uint CentralDirectoryHeader = 0x02014b50;
    private const int EndLength = 22;
    private const int HeaderLength = 46;

    // The first read at the zip's end: the end record, and the central directory of most modules (about 100 bytes an
    // entry) with it. When the end record is not in it (a long comment), the longest tail it can be in is read.
    private const int FirstTail = 8 << 10;
    private const int LongestTail = EndLength + ushort.MaxValue;

    /// <summary>Reads the tree a zip extracts to, checked against the names at the top of the tree on disk.</summary>
    /// <param name="zip">The version's <c>.zip</c>.</param>
    /// <param name="prefix">The entries' prefix, <c>&lt;path&gt;@&lt;version&gt;/</c> (unescaped, as Go writes it).</param>
    /// <param name="directory">The extracted tree, whose top-level names must be those of the zip.</param>
    /// <returns>The size (files, bytes and subdirectories of the tree; its top directory not counted), or null when the
    /// zip cannot be read (missing, not a zip, ZIP64), an entry lies outside the prefix, or the tree's top-level names
    /// differ from the zip's.</returns>
    public static TreeSize? Read(string zip, string prefix, string directory)
    {
        byte[] central;
        try
        {
            using var handle = File.OpenHandle(zip, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            central = ReadCentralDirectory(handle) ?? [];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        if (central.Length == 0)
        {
            return null;
        }

        var top = new HashSet<string>(StringComparer.Ordinal);
        var size = Walk(central, Encoding.UTF8.GetBytes(prefix), top);
        return size is { } s && SameTopLevel(directory, top) ? s : null;
    }

    // The central directory's bytes (ending where the end record begins), or null: not a zip this reader takes.
    private static byte[]? ReadCentralDirectory(SafeFileHandle handle)
    {
        var length = RandomAccess.GetLength(handle);
        return length < EndLength ? null
            : ReadCentralDirectory(handle, length, FirstTail, out var found) is { } central ? central
            : found || length <= FirstTail ? null
            : ReadCentralDirectory(handle, length, LongestTail, out _);
    }

    private static byte[]? ReadCentralDirectory(SafeFileHandle handle, long length, int tailLength, out bool found)
    {
        found = false;
        var tail = new byte[(int)Math.Min(length, tailLength)];
        var tailStart = length - tail.Length;
        if (RandomAccess.Read(handle, tail, tailStart) != tail.Length)
        {
            return null;
        }

        for (var at = tail.Length - EndLength; at >= 0; at--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(at)) != EndOfCentralDirectory)
            {
                continue;
            }

            var end = tail.AsSpan(at);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(end[12..]);
            var offset = BinaryPrimitives.ReadUInt32LittleEndian(end[16..]);
            var commentLength = BinaryPrimitives.ReadUInt16LittleEndian(end[20..]);
            if (at + EndLength + commentLength != tail.Length)
            {
                continue; // a signature inside the comment or the data, not the end record
            }

            found = true;
            if (size == uint.MaxValue || offset == uint.MaxValue || BinaryPrimitives.ReadUInt16LittleEndian(end[10..]) == ushort.MaxValue
                || (long)offset + size != tailStart + at)
            {
                return null; // ZIP64, or a central directory not right before the end record
            }

            if (offset >= tailStart)
            {
                return tail.AsSpan((int)(offset - tailStart), (int)size).ToArray();
            }

            var central = new byte[size];
            return RandomAccess.Read(handle, central, offset) == size ? central : null;
        }

        return null;
    }

    // Files, bytes and the directories their names imply; null when an entry is malformed or outside the prefix.
    private static TreeSize? Walk(byte[] central, byte[] prefix, HashSet<string> top)
    {
        var directories = new HashSet<string>(StringComparer.Ordinal);
        long bytes = 0, files = 0;
        ReadOnlySpan<byte> lastParent = default;
        var span = central.AsSpan();
        for (var at = 0; at < span.Length;)
        {
            if (span.Length - at < HeaderLength || BinaryPrimitives.ReadUInt32LittleEndian(span[at..]) != CentralDirectoryHeader)
            {
                return null;
            }

            var header = span[at..];
            var uncompressed = BinaryPrimitives.ReadUInt32LittleEndian(header[24..]);
            int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(header[28..]);
            int extraLength = BinaryPrimitives.ReadUInt16LittleEndian(header[30..]);
            int commentLength = BinaryPrimitives.ReadUInt16LittleEndian(header[32..]);
            if (uncompressed == uint.MaxValue || HeaderLength + nameLength + extraLength + commentLength > header.Length)
            {
                return null;
            }

            var name = header.Slice(HeaderLength, nameLength);
            at += HeaderLength + nameLength + extraLength + commentLength;
            if (!name.StartsWith(prefix))
            {
                return null;
            }

            name = name[prefix.Length..];
            if (name.IsEmpty || name[^1] == (byte)'/')
            {
                continue; // Go's unzip skips directory entries
            }

            files++;
            bytes += uncompressed;
            var slash = name.IndexOf((byte)'/');
            if (slash < 0)
            {
                top.Add(Encoding.UTF8.GetString(name));
                continue;
            }

            var parent = name[..name.LastIndexOf((byte)'/')];
            if (parent.SequenceEqual(lastParent))
            {
                continue;
            }

            lastParent = parent;
            top.Add(Encoding.UTF8.GetString(name[..slash]));
            for (var end = parent.Length; end > 0 && directories.Add(Encoding.UTF8.GetString(parent[..end])); end = parent[..end].LastIndexOf((byte)'/'))
            {
            }
        }

        return new TreeSize(bytes, files, directories.Count, 0);
    }

    // A cheap check that the tree is still the zip's (no stat of its files): the same names at its top.
    private static bool SameTopLevel(string directory, HashSet<string> top)
    {
        var onDisk = 0;
        try
        {
            foreach (var path in Directory.EnumerateFileSystemEntries(directory))
            {
                if (!top.Contains(Path.GetFileName(path)))
                {
                    return false;
                }

                onDisk++;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        return onDisk == top.Count;
    }
}
