using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using GoCaches.Eviction;
using GoCaches.Inventory;
using GoCaches.Modules;

namespace GoCaches.Export;

/// <summary>
/// Writes module versions from the module cache into a folder laid out as a Go module proxy
/// (<c>&lt;escaped path&gt;/@v/list</c>, <c>&lt;v&gt;.info</c>, <c>&lt;v&gt;.mod</c>, <c>&lt;v&gt;.zip</c>), which Go
/// reads with <c>GOPROXY=file:///…</c> (or over HTTP from any static file server) and no network; go.sum still
/// verifies every module.
/// </summary>
/// <remarks>
/// The folder may already hold a proxy, and several processes (on one machine or sharing a network file system)
/// may write into it at once; what is there is merged, never replaced:
/// <list type="bullet">
/// <item>A file that exists is never rewritten: a module version's files are immutable, as on any proxy. One
/// with the same bytes counts as unchanged; one with other bytes is left in place and reported
/// (<see cref="ProxyExport.FilesDiffering"/>); go.sum decides which is right.</item>
/// <item>A new file is written under a temporary name (<c>.&lt;name&gt;.&lt;random&gt;.tmp</c>) in its own folder and
/// then linked or renamed to its name in one step, so a reader (Go, a web server) sees the whole file or none.</item>
/// <item><c>@v/list</c> is merged under an exclusive lock on <c>@v/.list.lock</c> (<c>flock</c>, which Linux
/// NFS clients map to POSIX locks): the versions already listed, plus every version whose <c>.mod</c> is
/// present, sorted as Go orders versions, each once; rewritten (atomically) only when that changes it.</item>
/// </list>
/// </remarks>
public static class ModuleProxyWriter
{
    /// <summary>Gets the default time to wait for another writer's lock on a module's <c>@v/list</c>.</summary>
    public static TimeSpan DefaultLockTimeout { get; } = TimeSpan.FromMinutes(2);

    /// <summary>Writes the module versions into the proxy folder, merging with what is there.</summary>
    /// <param name="directory">The proxy folder (created when missing).</param>
    /// <param name="modules">The module versions.</param>
    /// <returns>What was written.</returns>
    /// <exception cref="GoModCacheException">A cache file is missing, or another writer held a list lock too long.</exception>
    public static ProxyExport Write(string directory, IEnumerable<ProxyModule> modules) => Write(directory, modules, DefaultLockTimeout);

    /// <summary>Writes the module versions into the proxy folder, merging with what is there.</summary>
    /// <param name="directory">The proxy folder (created when missing).</param>
    /// <param name="modules">The module versions.</param>
    /// <param name="lockTimeout">How long to wait for another writer's lock on a module's <c>@v/list</c>.</param>
    /// <returns>What was written.</returns>
    /// <exception cref="GoModCacheException">A cache file is missing, or another writer held a list lock too long.</exception>
    public static ProxyExport Write(string directory, IEnumerable<ProxyModule> modules, TimeSpan lockTimeout)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(modules);
        directory = Path.GetFullPath(directory);
        Directory.CreateDirectory(directory);
        var tally = new Tally();
        var exported = new List<string>();
        var withSource = 0;
        foreach (var group in modules.GroupBy(m => m.Path, StringComparer.Ordinal))
        {
            var atV = Path.Combine(directory, ModulePathEscaping.EscapePath(group.Key).Replace('/', Path.DirectorySeparatorChar), "@v");
            Directory.CreateDirectory(atV);
            foreach (var m in group.DistinctBy(m => m.Version, StringComparer.Ordinal))
            {
                var v = ModulePathEscaping.EscapeVersion(m.Version);
                if (m.Path == ProxyExporter.ToolchainModule && !File.Exists(m.GoMod))
                {
                    // Go keeps only the zip of a toolchain it switched to; its go.mod is this one line.
                    Place(Path.Combine(atV, v + ".mod"), null, Encoding.UTF8.GetBytes($"module {m.Path}\n"), m, tally, immutable: true);
                }
                else
                {
                    Place(Path.Combine(atV, v + ".mod"), m.GoMod, null, m, tally, immutable: true);
                }
                var info = Path.Combine(atV, v + ".info");
                if (m.Info != null)
                {
                    Place(info, m.Info, null, m, tally, immutable: false);
                }
                else
                {
                    Place(info, null, Encoding.UTF8.GetBytes($"{{\"Version\":\"{m.Version}\"}}\n"), m, tally, immutable: false);
                }

                if (m.Zip != null)
                {
                    Place(Path.Combine(atV, v + ".zip"), m.Zip, null, m, tally, immutable: true);
                    withSource++;
                }

                exported.Add(m.Path + "@" + m.Version);
            }

            MergeList(atV, group.Key, lockTimeout, tally);
        }

        exported.Sort(StringComparer.Ordinal);
        return new ProxyExport(directory, exported, withSource, TreeSize.Measure(directory))
        {
            FilesWritten = tally.Written,
            FilesUnchanged = tally.Unchanged,
            FilesDiffering = tally.Differing,
        };
    }

    /// <summary>Reads a proxy's <c>@v/list</c> text: its valid versions, each once, in Go's order.</summary>
    /// <param name="text">The file's text.</param>
    /// <returns>The versions.</returns>
    internal static List<string> ParseList(string text) =>
        text.Split('\n')
            .Select(l => l.Trim())
            .Where(SemanticVersion.IsValid)
            .Distinct(StringComparer.Ordinal)
            .OrderBy(v => v, SemanticVersion.Comparer)
            .ToList();

    // 'list' names every version listed before plus every version whose .mod is present, as Go rebuilds it for its
    // own cache; read, merged and replaced under the module's list lock, so that concurrent writers lose nothing.
    private static void MergeList(string atV, string modulePath, TimeSpan lockTimeout, Tally tally)
    {
        var listPath = Path.Combine(atV, "list");
        var lockPath = Path.Combine(atV, ".list.lock");
        using var held = GoFileLock.Acquire(
            lockPath,
            lockTimeout,
            modulePath,
            $"Timed out after {lockTimeout.TotalSeconds:0.#} s waiting for the lock on '{lockPath}': another export is merging the version list of {modulePath}. Try again, or allow a longer lock timeout.",
            CancellationToken.None);
        var existing = File.Exists(listPath) ? File.ReadAllText(listPath) : null;
        var present = Directory.EnumerateFiles(atV, "*.mod")
            .Select(Path.GetFileName)
            .Where(n => !n!.StartsWith('.'))
            .Select(n => ModulePathEscaping.UnescapeVersion(Path.GetFileNameWithoutExtension(n!)));
        var merged = ParseList((existing ?? string.Empty) + "\n" + string.Join('\n', present));
        var text = string.Concat(merged.Select(v => v + "\n"));
        if (text == existing)
        {
            tally.Unchanged++;
        }
        else
        {
            var temp = TempName(listPath);
            try
            {
                File.WriteAllText(temp, text);
                MakeReadable(temp);
                File.Move(temp, listPath, overwrite: true);
                tally.Written++;
            }
            finally
            {
                File.Delete(temp);
            }
        }

        RemoveStaleTemporaries(atV);
    }

    // Puts one file in place: never over an existing one, never visible half-written.
    private static void Place(string target, string? source, byte[]? contents, ProxyModule m, Tally tally, bool immutable)
    {
        if (source != null && !File.Exists(source))
        {
            throw new GoModCacheException($"The module cache has no '{source}' for {m.Path}@{m.Version}.");
        }

        if (File.Exists(target))
        {
            Compare(target, source, contents, tally, immutable);
            return;
        }

        var temp = TempName(target);
        try
        {
            if (source != null)
            {
                File.Copy(source, temp);
            }
            else
            {
                File.WriteAllBytes(temp, contents!);
            }

            MakeReadable(temp);
            try
            {
                // Without overwrite, .NET links the temporary file to the target (failing if it exists), so a
                // writer that lost the race leaves the winner's file alone.
                File.Move(temp, target, overwrite: false);
                tally.Written++;
            }
            catch (IOException) when (File.Exists(target))
            {
                Compare(target, source, contents, tally, immutable);
            }
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static void Compare(string target, string? source, byte[]? contents, Tally tally, bool immutable)
    {
        var same = source != null ? SameBytes(target, source) : File.ReadAllBytes(target).AsSpan().SequenceEqual(contents);
        if (same || !immutable)
        {
            // A .info may differ between caches (a time stamp, an origin) and is kept as first written.
            tally.Unchanged++;
        }
        else
        {
            tally.Differing.Add(target);
        }
    }

    private static bool SameBytes(string a, string b)
    {
        using var x = new FileStream(a, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
        using var y = new FileStream(b, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
        if (x.Length != y.Length)
        {
            return false;
        }

        var bx = new byte[1 << 16];
        var by = new byte[1 << 16];
        while (true)
        {
            var n = x.ReadAtLeast(bx, bx.Length, throwOnEndOfStream: false);
            var k = y.ReadAtLeast(by, by.Length, throwOnEndOfStream: false);
            if (n != k || !bx.AsSpan(0, n).SequenceEqual(by.AsSpan(0, k)))
            {
                return false;
            }

            if (n == 0)
            {
                return true;
            }
        }
    }

    private static string TempName(string target) =>
        Path.Combine(Path.GetDirectoryName(target)!, "." + Path.GetFileName(target) + "." + Guid.NewGuid().ToString("N")[..12] + ".tmp");

    // A writer that was killed between writing and renaming leaves its temporary file; after a day it is no one's.
    private static void RemoveStaleTemporaries(string atV)
    {
        foreach (var file in Directory.EnumerateFiles(atV, ".*.tmp"))
        {
            try
            {
                if (File.GetLastWriteTimeUtc(file) < DateTime.UtcNow.AddDays(-1))
                {
                    File.Delete(file);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Best effort: another writer may have removed it.
            }
        }
    }

    private static void MakeReadable(string file)
    {
        if (!OperatingSystem.IsWindows())
        {
            // Go leaves cache files read-only; the export is the user's to change or delete, and a web server's to read.
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
    }

    private sealed class Tally
    {
        public int Written { get; set; }

        public int Unchanged { get; set; }

        public List<string> Differing { get; } = [];
    }
}
