using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoCaches.Inventory;
using GoCaches.Modules;

namespace GoCaches.Export;

/// <summary>
/// Writes module versions from the module cache into a folder laid out as a Go module proxy
/// (<c>&lt;escaped path&gt;/@v/list</c>, <c>&lt;v&gt;.info</c>, <c>&lt;v&gt;.mod</c>, <c>&lt;v&gt;.zip</c>), which Go
/// reads with <c>GOPROXY=file:///…</c> and no network; go.sum still verifies every module.
/// </summary>
public static class ModuleProxyWriter
{
    /// <summary>Writes the proxy folder (adding to what is there).</summary>
    /// <param name="directory">The proxy folder.</param>
    /// <param name="modules">The module versions.</param>
    /// <returns>What was written.</returns>
    /// <exception cref="GoModCacheException">A cache file is missing.</exception>
    public static ProxyExport Write(string directory, IEnumerable<ProxyModule> modules)
    {
        ArgumentNullException.ThrowIfNull(modules);
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        var withSource = 0;
        foreach (var group in modules.GroupBy(m => m.Path, StringComparer.Ordinal))
        {
            var atV = Path.Combine(directory, ModulePathEscaping.EscapePath(group.Key).Replace('/', Path.DirectorySeparatorChar), "@v");
            Directory.CreateDirectory(atV);
            foreach (var m in group.DistinctBy(m => m.Version, StringComparer.Ordinal))
            {
                var v = ModulePathEscaping.EscapeVersion(m.Version);
                Copy(m.GoMod, Path.Combine(atV, v + ".mod"), m);
                var info = Path.Combine(atV, v + ".info");
                if (m.Info != null)
                {
                    Copy(m.Info, info, m);
                }
                else if (!File.Exists(info))
                {
                    File.WriteAllText(info, $"{{\"Version\":\"{m.Version}\"}}\n");
                }

                if (m.Zip != null)
                {
                    Copy(m.Zip, Path.Combine(atV, v + ".zip"), m);
                    withSource++;
                }

                written.Add(m.Path + "@" + m.Version);
            }

            // 'list' names the versions whose .mod is present, as Go rebuilds it for its own cache.
            var versions = Directory.EnumerateFiles(atV, "*.mod")
                .Select(f => ModulePathEscaping.UnescapeVersion(Path.GetFileNameWithoutExtension(f)))
                .OrderBy(v => v, StringComparer.Ordinal);
            File.WriteAllText(Path.Combine(atV, "list"), string.Concat(versions.Select(v => v + "\n")));
        }

        written.Sort(StringComparer.Ordinal);
        return new ProxyExport(directory, written, withSource, TreeSize.Measure(directory));
    }

    private static void Copy(string from, string to, ProxyModule m)
    {
        if (!File.Exists(from))
        {
            throw new GoModCacheException($"The module cache has no '{from}' for {m.Path}@{m.Version}.");
        }

        File.Copy(from, to, overwrite: true);
        if (!OperatingSystem.IsWindows())
        {
            // Go leaves cache files read-only; the export is the user's to change or delete.
            File.SetUnixFileMode(to, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
    }
}
