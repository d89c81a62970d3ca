using System;
using System.Collections.Generic;
using System.Formats.Tar;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.Json;

namespace Cake.GoModCache.Tests.Containers;

/// <summary>One file (or directory, link, whiteout) a layer carries.</summary>
/// <param name="Path">The path inside the image, without a leading slash (<c>usr/bin/go</c>).</param>
/// <param name="Size">The bytes of a regular file, 0 otherwise.</param>
/// <param name="IsDirectory">Whether the entry is a directory.</param>
internal sealed record LayerEntry(string Path, long Size, bool IsDirectory);

/// <summary>One layer of an image: the instruction that made it and every entry of its tar.</summary>
/// <param name="Digest">The layer's digest.</param>
/// <param name="CreatedBy">The history's <c>created_by</c> (the Dockerfile instruction).</param>
/// <param name="Entries">The tar's entries.</param>
internal sealed record ImageLayer(string Digest, string CreatedBy, IReadOnlyList<LayerEntry> Entries)
{
    public long Bytes => Entries.Sum(e => e.Size);
}

/// <summary>An image read from an OCI layout folder (what <c>buildah push IMAGE oci:DIR:TAG</c> writes).</summary>
internal sealed class OciImage
{
    private OciImage(string tag, IReadOnlyList<ImageLayer> layers, IReadOnlyList<string> entrypoint, IReadOnlyList<string> cmd)
    {
        Tag = tag;
        Layers = layers;
        Entrypoint = entrypoint;
        Cmd = cmd;
    }

    public string Tag { get; }

    public IReadOnlyList<ImageLayer> Layers { get; }

    public IReadOnlyList<string> Entrypoint { get; }

    public IReadOnlyList<string> Cmd { get; }

    public long Bytes => Layers.Sum(l => l.Bytes);

    public static OciImage Read(string layout, string tag)
    {
        using var index = JsonDocument.Parse(File.ReadAllText(Path.Combine(layout, "index.json")));
        var manifestDigest = index.RootElement.GetProperty("manifests").EnumerateArray()
            .Last(m => m.TryGetProperty("annotations", out var a) && a.TryGetProperty("org.opencontainers.image.ref.name", out var n) && n.GetString() == tag)
            .GetProperty("digest").GetString()!;
        using var manifest = JsonDocument.Parse(File.ReadAllText(Blob(layout, manifestDigest)));
        using var config = JsonDocument.Parse(File.ReadAllText(Blob(layout, manifest.RootElement.GetProperty("config").GetProperty("digest").GetString()!)));
        var history = config.RootElement.GetProperty("history").EnumerateArray()
            .Where(h => !(h.TryGetProperty("empty_layer", out var e) && e.GetBoolean()))
            .Select(h => h.TryGetProperty("created_by", out var c) ? c.GetString() ?? string.Empty : string.Empty)
            .ToList();
        var layers = new List<ImageLayer>();
        var i = 0;
        foreach (var layer in manifest.RootElement.GetProperty("layers").EnumerateArray())
        {
            var digest = layer.GetProperty("digest").GetString()!;
            layers.Add(new ImageLayer(digest, i < history.Count ? history[i] : string.Empty, ReadEntries(Blob(layout, digest))));
            i++;
        }

        var cfg = config.RootElement.GetProperty("config");
        return new OciImage(tag, layers, Strings(cfg, "Entrypoint"), Strings(cfg, "Cmd"));
    }

    private static List<string> Strings(JsonElement cfg, string name) =>
        cfg.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Select(v => v.GetString()!).ToList()
            : [];

    private static string Blob(string layout, string digest) => Path.Combine(layout, "blobs", "sha256", digest.Split(':')[1]);

    private static List<LayerEntry> ReadEntries(string blob)
    {
        using var file = File.OpenRead(blob);
        var magic = new byte[2];
        file.ReadExactly(magic);
        file.Position = 0;
        using Stream stream = magic[0] == 0x1f && magic[1] == 0x8b ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new TarReader(stream);
        var entries = new List<LayerEntry>();
        while (reader.GetNextEntry() is { } entry)
        {
            var path = entry.Name.StartsWith("./", StringComparison.Ordinal) ? entry.Name[2..] : entry.Name.TrimStart('/');
            path = path.TrimEnd('/');
            if (path.Length == 0 || path == ".")
            {
                continue;
            }

            var isFile = entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile;
            entries.Add(new LayerEntry(path, isFile ? entry.Length : 0, entry.EntryType == TarEntryType.Directory));
        }

        return entries;
    }
}
