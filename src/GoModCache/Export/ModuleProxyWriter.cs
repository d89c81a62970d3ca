using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using GoCaches.Inventory;
using GoCaches.Modules;

namespace GoCaches.Export;

/// <summary>
/// Writes module versions from the module cache into a folder laid out as a Go module proxy
/// (<c>&lt;escaped path&gt;/@v/list</c>, <c>&lt;v&gt;.info</c>, <c>&lt;v&gt;.mod</c>, <c>&lt;v&gt;.zip</c>), which Go
/// reads with <c>GOPROXY=file:///…</c> and no network (or over HTTP, served as static files); go.sum still
/// verifies every module.
/// </summary>
/// <remarks>
/// The folder may already hold a proxy, and several writers (build agents exporting different projects into
/// one team proxy) may write into it at once. Module versions are immutable, so a file that is already there
/// is kept (writing again changes nothing). Every file is written to a temporary name in its own folder and
/// renamed into place, so a reader (Go, an HTTP server) sees a whole file or none. A version's <c>.info</c> and
/// <c>.zip</c> are in place before its <c>.mod</c>, and <c>@v/list</c> is rewritten last, under a lock file
/// (<c>@v/.list.lock</c>), from the <c>.mod</c> files present merged with the versions it already lists: a
/// listed version is complete, and concurrent writers never drop each other's versions.
/// </remarks>
public static class ModuleProxyWriter
{
    private const string ListLock = ".list.lock";

    /// <summary>Writes the proxy folder, merging into what is there.</summary>
    /// <param name="directory">The proxy folder.</param>
    /// <param name="modules">The module versions.</param>
    /// <returns>What was written.</returns>
    /// <exception cref="GoModCacheException">A cache file is missing, or another writer held a list's lock too long.</exception>
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
                var info = Path.Combine(atV, v + ".info");
                if (m.Info != null)
                {
                    Publish(m.Info, null, info, m);
                }
                else
                {
                    Publish(null, $"{{\"Version\":\"{m.Version}\"}}\n", info, m);
                }

                if (m.Zip != null)
                {
                    Publish(m.Zip, null, Path.Combine(atV, v + ".zip"), m);
                    withSource++;
                }

                // Last: a version is listed (and served) once its .mod is there.
                Publish(m.GoMod, null, Path.Combine(atV, v + ".mod"), m);
                written.Add(m.Path + "@" + m.Version);
            }

            UpdateList(atV);
        }

        written.Sort(StringComparer.Ordinal);
        return new ProxyExport(directory, written, withSource, TreeSize.Measure(directory));
    }

    /// <summary>Rewrites <c>@v/list</c> under its lock: the versions it lists plus those whose <c>.mod</c> is present.</summary>
    private static void UpdateList(string atV)
    {
        using var held = TakeLock(Path.Combine(atV, ListLock));
        var list = Path.Combine(atV, "list");
        var versions = new SortedSet<string>(StringComparer.Ordinal);
        if (File.Exists(list))
        {
            foreach (var line in File.ReadAllLines(list))
            {
                if (line.Trim().Length > 0)
                {
                    versions.Add(line.Trim());
                }
            }
        }

        foreach (var mod in Directory.EnumerateFiles(atV, "*.mod"))
        {
            versions.Add(ModulePathEscaping.UnescapeVersion(Path.GetFileNameWithoutExtension(mod)));
        }

        var text = string.Concat(versions.Select(v => v + "\n"));
        if (File.Exists(list) && File.ReadAllText(list) == text)
        {
            return;
        }

        var temp = TempName(list);
        File.WriteAllText(temp, text);
        SetMode(temp);
        File.Move(temp, list, overwrite: true);
    }

    private static FileStream TakeLock(string path)
    {
        // FileShare.None is an exclusive flock(2) on Linux (non-blocking in .NET), a share lock on Windows.
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(20);
            }
            catch (IOException ex)
            {
                throw new GoModCacheException($"Another writer held '{path}' for two minutes: {ex.Message}", ex);
            }
        }
    }

    /// <summary>Puts a file in place atomically, unless it is already there (module versions never change).</summary>
    private static void Publish(string? from, string? content, string to, ProxyModule m)
    {
        if (from != null && !File.Exists(from))
        {
            throw new GoModCacheException($"The module cache has no '{from}' for {m.Path}@{m.Version}.");
        }

        if (File.Exists(to))
        {
            return;
        }

        var temp = TempName(to);
        try
        {
            if (from != null)
            {
                File.Copy(from, temp);
            }
            else
            {
                File.WriteAllText(temp, content);
            }

            SetMode(temp);
            File.Move(temp, to, overwrite: false);
        }
        catch (IOException) when (File.Exists(to))
        {
            // Another writer put the same version's file in place first.
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static string TempName(string path) =>
        Path.Combine(Path.GetDirectoryName(path)!, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N") + ".tmp");

    private static void SetMode(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            // Go leaves cache files read-only; the export is the user's to change or delete.
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
    }
}
