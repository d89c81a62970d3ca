using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using GoCaches.Modules;

namespace GoModCache.TestSupport;

/// <summary>
/// Writes module sources into a folder laid out as a Go module proxy, for <c>GOPROXY=file:///…</c>:
/// <c>&lt;escaped path&gt;/@v/list</c>, <c>&lt;v&gt;.info</c>, <c>&lt;v&gt;.mod</c>, <c>&lt;v&gt;.zip</c>
/// (entries prefixed <c>&lt;path&gt;@&lt;version&gt;/</c>).
/// </summary>
public sealed class GoProxyBuilder
{
    private readonly List<GoModuleSource> _modules = [];

    public IReadOnlyList<GoModuleSource> Modules => _modules;

    public GoModuleSource Add(string path, string version, Action<GoModuleSource>? configure = null)
    {
        var module = new GoModuleSource(path, version).WithNameFunc();
        configure?.Invoke(module);
        _modules.Add(module);
        return module;
    }

    /// <summary>Writes the proxy folder and returns its <c>file://</c> URL.</summary>
    public string Build(string directory)
    {
        Directory.CreateDirectory(directory);
        foreach (var group in _modules.GroupBy(m => m.Path, StringComparer.Ordinal))
        {
            var atV = Path.Combine(directory, ModulePathEscaping.EscapePath(group.Key), "@v");
            Directory.CreateDirectory(atV);
            File.WriteAllText(Path.Combine(atV, "list"), string.Concat(group.Select(m => m.Version + "\n")));
            foreach (var module in group)
            {
                var v = ModulePathEscaping.EscapeVersion(module.Version);
                File.WriteAllText(Path.Combine(atV, v + ".info"), $"{{\"Version\":\"{module.Version}\",\"Time\":\"{module.Time.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}\"}}\n");
                File.WriteAllText(Path.Combine(atV, v + ".mod"), module.GoMod);
                WriteZip(Path.Combine(atV, v + ".zip"), module);
            }
        }

        return FileUrl(directory);
    }

    public static string FileUrl(string directory) => new Uri(Path.GetFullPath(directory)).AbsoluteUri;

    private static void WriteZip(string file, GoModuleSource module)
    {
        var prefix = module.Path + "@" + module.Version + "/";
        using var stream = File.Create(file);
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create);
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["go.mod"] = module.GoMod };
        foreach (var (name, content) in module.Files)
        {
            files[name] = content;
        }

        foreach (var (name, content) in files)
        {
            var entry = zip.CreateEntry(prefix + name, CompressionLevel.Fastest);
            entry.LastWriteTime = module.Time;
            using var writer = new StreamWriter(entry.Open(), new UTF8Encoding(false));
            writer.Write(content);
        }
    }
}
