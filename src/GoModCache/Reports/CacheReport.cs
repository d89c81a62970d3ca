using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using GoCaches.Inventory;
using GoCaches.Pruning;

namespace GoCaches.Reports;

/// <summary>
/// A picture of what fills Go's caches, for people: the module cache by module and version with last-use ages,
/// the build cache beside it, and what an operation removed. <see cref="ToHtml"/> writes it as one self-contained
/// HTML page (a treemap, tables, a histogram; no script, font or network); <see cref="ToMarkdownChart"/> as a
/// Mermaid pie for a CI job summary. Both front ends write it from here.
/// </summary>
public sealed record CacheReport
{
    /// <summary>Gets the operation that wrote the report: <c>size</c>, <c>check</c>, <c>prune</c>, <c>clean</c>, <c>trim</c>.</summary>
    public string Operation { get; init; } = "size";

    /// <summary>Gets a value indicating whether the operation was a dry run (the marked versions would be removed).</summary>
    public bool DryRun { get; init; }

    /// <summary>Gets when the caches were measured (ages are counted from here).</summary>
    public DateTime GeneratedUtc { get; init; } = DateTime.UtcNow;

    /// <summary>Gets the module cache root, or null when the module cache is not part of the report.</summary>
    public string? ModuleCacheRoot { get; init; }

    /// <summary>
    /// Gets the module versions and toolchains. For an operation that removed versions, the removed ones are here
    /// too (marked, with the bytes they freed), so the picture is the cache as it was before.
    /// </summary>
    public IReadOnlyList<ReportedVersion> Versions { get; init; } = [];

    /// <summary>Gets the bytes of <c>cache/vcs</c>.</summary>
    public long VcsBytes { get; init; }

    /// <summary>Gets the bytes of <c>cache/download/sumdb</c>.</summary>
    public long SumDbBytes { get; init; }

    /// <summary>Gets the bytes of everything else in the module cache (<c>@v/list</c> files, locks, unrecognised entries).</summary>
    public long OtherBytes { get; init; }

    /// <summary>Gets the build cache root, or null when the build cache is not part of the report (or is off).</summary>
    public string? BuildCacheRoot { get; init; }

    /// <summary>Gets the bytes of the build cache (after the operation, when it changed it).</summary>
    public long BuildCacheBytes { get; init; }

    /// <summary>Gets the figures before and after (see <see cref="ReportTotal"/>).</summary>
    public IReadOnlyList<ReportTotal> Totals { get; init; } = [];

    /// <summary>Gets remarks shown under the figures (limits exceeded, what could not be removed).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Gets the bytes the module cache picture stands for: every version (removed ones included) and the other parts.</summary>
    public long ModuleCachePictureBytes => Versions.Sum(v => v.Bytes) + VcsBytes + SumDbBytes + OtherBytes;

    /// <summary>
    /// Makes the report of caches already scanned. With a prune or clean report, its removals are marked: in a dry
    /// run on the versions scanned; after a real run (scan the cache after it) they are added back from the
    /// report, with the bytes they freed, so the picture shows the cache as it was and what left it.
    /// </summary>
    /// <param name="operation">The operation: <c>size</c>, <c>check</c>, <c>prune</c>, <c>clean</c>, <c>trim</c>.</param>
    /// <param name="moduleCache">The module cache, or null.</param>
    /// <param name="buildCache">The build cache, or null (not measured, or off).</param>
    /// <param name="usageRecord">The usage record last-use times come from, or null.</param>
    /// <param name="removal">The report of a prune or clean of the module cache, or null.</param>
    /// <param name="buildCacheBefore">The build cache size before the operation, when it changed the build cache (a trim or a clean), or null.</param>
    /// <param name="nowUtc">The time ages are counted from; now when null.</param>
    /// <returns>The report.</returns>
    public static CacheReport Create(
        string operation,
        ModuleCacheInventory? moduleCache,
        BuildCacheInventory? buildCache,
        UsageRecord? usageRecord = null,
        PruneReport? removal = null,
        TreeSize? buildCacheBefore = null,
        DateTime? nowUtc = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(operation);
        var versions = new List<ReportedVersion>();
        var index = new Dictionary<(string, string), int>();
        if (moduleCache != null)
        {
            foreach (var v in moduleCache.Modules.Concat(moduleCache.Toolchains))
            {
                index[(v.Path, v.Version)] = versions.Count;
                versions.Add(new ReportedVersion(v.Path, v.Version, v.Bytes, LastUse.Of(v, usageRecord), v.IsToolchain));
            }
        }

        if (removal != null)
        {
            foreach (var r in removal.Removed)
            {
                if (index.TryGetValue((r.Module.Path, r.Module.Version), out var at))
                {
                    // A dry run: the version is still there. A real run that took only the directory: the download
                    // files are still there, and the freed bytes were the rest of the version.
                    var kept = versions[at];
                    versions[at] = kept with
                    {
                        Bytes = removal.DryRun ? kept.Bytes : kept.Bytes + r.Bytes,
                        RemovalReason = r.Reason,
                        LastUse = kept.LastUse.TimeUtc == null ? r.LastUse : kept.LastUse,
                    };
                }
                else if (!removal.DryRun)
                {
                    index[(r.Module.Path, r.Module.Version)] = versions.Count;
                    versions.Add(new ReportedVersion(r.Module.Path, r.Module.Version, r.Bytes, r.LastUse, r.IsToolchain) { RemovalReason = r.Reason });
                }
            }
        }

        var totals = new List<ReportTotal>();
        if (removal != null)
        {
            totals.Add(new ReportTotal("moduleCacheBytes", "Module cache", removal.BytesBefore, removal.BytesAfter, IsBytes: true));
            totals.Add(new ReportTotal("moduleCacheFiles", "Module cache files", removal.FilesBefore, removal.FilesAfter, IsBytes: false));
            totals.Add(new ReportTotal("moduleVersions", "Module versions", removal.VersionsBefore, removal.VersionsAfter, IsBytes: false));
        }
        else if (moduleCache != null)
        {
            totals.Add(new ReportTotal("moduleCacheBytes", "Module cache", moduleCache.Total.Bytes, null, IsBytes: true));
            totals.Add(new ReportTotal("moduleCacheFiles", "Module cache files", moduleCache.Total.Files, null, IsBytes: false));
            totals.Add(new ReportTotal("moduleVersions", "Module versions", moduleCache.Modules.Count + moduleCache.Toolchains.Count, null, IsBytes: false));
        }

        if (buildCache != null)
        {
            totals.Add(buildCacheBefore is { } before
                ? new ReportTotal("buildCacheBytes", "Build cache", before.Bytes, buildCache.Total.Bytes, IsBytes: true)
                : new ReportTotal("buildCacheBytes", "Build cache", buildCache.Total.Bytes, null, IsBytes: true));
            totals.Add(buildCacheBefore is { } beforeFiles
                ? new ReportTotal("buildCacheFiles", "Build cache files", beforeFiles.Files, buildCache.Total.Files, IsBytes: false)
                : new ReportTotal("buildCacheFiles", "Build cache files", buildCache.Total.Files, null, IsBytes: false));
        }

        var notes = new List<string>();
        if (removal != null)
        {
            notes.AddRange(removal.Failures.Select(f => $"Could not remove {f.Module}: {f.Message}"));
            notes.AddRange(removal.Notes);
        }

        return new CacheReport
        {
            Operation = operation,
            DryRun = removal?.DryRun ?? false,
            GeneratedUtc = nowUtc ?? DateTime.UtcNow,
            ModuleCacheRoot = moduleCache?.Root ?? removal?.Root,
            Versions = versions,
            VcsBytes = moduleCache?.Vcs.Bytes ?? 0,
            SumDbBytes = moduleCache?.SumDb.Bytes ?? 0,
            OtherBytes = moduleCache?.Other.Bytes ?? 0,
            BuildCacheRoot = buildCache?.Root,
            BuildCacheBytes = buildCache?.Total.Bytes ?? 0,
            Totals = totals,
            Notes = notes,
        };
    }

    /// <summary>
    /// Scans the caches and makes the report (see <see cref="Create"/>): what a front end calls after an operation,
    /// when a report was asked for.
    /// </summary>
    /// <param name="operation">The operation: <c>size</c>, <c>check</c>, <c>prune</c>, <c>clean</c>, <c>trim</c>.</param>
    /// <param name="moduleCacheRoot">The module cache root, or null.</param>
    /// <param name="buildCacheRoot">The build cache root, or null (off, or not part of the report).</param>
    /// <param name="usageRecordPath">The usage record; the module cache's default record when null.</param>
    /// <param name="removal">The report of a prune or clean that just ran, or null.</param>
    /// <param name="buildCacheBefore">The build cache size before the operation, when it changed the build cache, or null.</param>
    /// <returns>The report.</returns>
    /// <exception cref="GoModCacheException">A cache or the usage record cannot be read.</exception>
    public static CacheReport Scan(string operation, string? moduleCacheRoot, string? buildCacheRoot, string? usageRecordPath = null, PruneReport? removal = null, TreeSize? buildCacheBefore = null)
    {
        var moduleCache = moduleCacheRoot == null ? null : ModuleCacheInventory.Scan(moduleCacheRoot);
        var record = moduleCacheRoot == null ? null : UsageRecord.Load(usageRecordPath ?? UsageRecord.DefaultPath(moduleCacheRoot));
        var buildCache = buildCacheRoot == null ? null : BuildCacheInventory.Scan(buildCacheRoot);
        return Create(operation, moduleCache, buildCache, record, removal, buildCacheBefore);
    }

    /// <summary>
    /// The report of a clean that ran after this report was scanned (a build-then-clean workflow measures the
    /// caches the build left, cleans them, then measures again): with the whole module cache removed every version
    /// is marked; the totals get the figures after the clean.
    /// </summary>
    /// <param name="operation">The operation, e.g. <c>clean</c>.</param>
    /// <param name="moduleCacheRemoved">Whether the whole module cache was removed.</param>
    /// <param name="moduleCacheAfter">The module cache after the clean (bytes, files), or null when it was not measured.</param>
    /// <param name="versionsAfter">The module versions after the clean.</param>
    /// <param name="buildCacheAfter">The build cache after the clean, or null when it is off.</param>
    /// <returns>The report.</returns>
    public CacheReport AfterClean(string operation, bool moduleCacheRemoved, TreeSize? moduleCacheAfter, int versionsAfter, TreeSize? buildCacheAfter)
    {
        ArgumentException.ThrowIfNullOrEmpty(operation);
        var totals = Totals.Select(t => t.Key switch
        {
            "moduleCacheBytes" when moduleCacheAfter is { } m => t with { After = m.Bytes },
            "moduleCacheFiles" when moduleCacheAfter is { } m => t with { After = m.Files },
            "moduleVersions" when moduleCacheAfter != null => t with { After = versionsAfter },
            "buildCacheBytes" when buildCacheAfter is { } b => t with { After = b.Bytes },
            "buildCacheFiles" when buildCacheAfter is { } b => t with { After = b.Files },
            _ => t,
        }).ToList();
        return this with
        {
            Operation = operation,
            DryRun = false,
            Versions = moduleCacheRemoved ? Versions.Select(v => v with { RemovalReason = "the whole module cache was cleaned" }).ToList() : Versions,
            BuildCacheBytes = buildCacheAfter?.Bytes ?? BuildCacheBytes,
            Totals = totals,
        };
    }

    /// <summary>Writes the report as one self-contained HTML page: no script, no external file, font or address.</summary>
    /// <returns>The HTML text.</returns>
    public string ToHtml() => new HtmlReportWriter(this).Write();

    /// <summary>Writes the HTML page (<see cref="ToHtml"/>) to a file, creating its directory.</summary>
    /// <param name="path">The file.</param>
    public void WriteHtml(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, ToHtml(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    }

    /// <summary>
    /// Writes the make-up of the module cache as Markdown for a CI job summary: a Mermaid <c>pie</c> of the largest
    /// modules (the rest as one slice; GitHub renders Mermaid code blocks in Markdown) and the build cache's size.
    /// </summary>
    /// <param name="slices">How many modules get a slice of their own before the rest is grouped.</param>
    /// <returns>The Markdown text, or an empty string when the module cache holds no module.</returns>
    public string ToMarkdownChart(int slices = 8)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slices, 1);
        var modules = ReportModules.Group(Versions);
        if (modules.Count == 0)
        {
            return string.Empty;
        }

        var total = modules.Sum(m => m.Bytes);
        var mib = total >= 10L * 1024 * 1024;
        var unit = mib ? "MiB" : "KiB";
        double Value(long bytes) => Math.Max(0.01, Math.Round(bytes / (mib ? 1024d * 1024 : 1024d), 2));
        var sb = new StringBuilder();
        var title = DryRun ? "before the dry run" : Totals.Any(t => t.After != null && t.Key == "moduleCacheBytes") ? "before the " + Operation : "now";
        sb.Append(CultureInfo.InvariantCulture, $"#### What fills the module cache ({title}: {SizeParser.Format(total)} in {modules.Count:N0} {(modules.Count == 1 ? "module" : "modules")})\n\n");
        sb.Append("```mermaid\n");
        sb.Append(CultureInfo.InvariantCulture, $"pie showData title Module cache by module, {unit}\n");
        foreach (var m in modules.Take(slices))
        {
            sb.Append(CultureInfo.InvariantCulture, $"    \"{PieLabel(m.Path)}\" : {Value(m.Bytes).ToString("0.##", CultureInfo.InvariantCulture)}\n");
        }

        if (modules.Count > slices)
        {
            var rest = modules.Skip(slices).ToList();
            sb.Append(CultureInfo.InvariantCulture, $"    \"{rest.Count:N0} other modules\" : {Value(rest.Sum(m => m.Bytes)).ToString("0.##", CultureInfo.InvariantCulture)}\n");
        }

        sb.Append("```\n");
        if (BuildCacheRoot != null)
        {
            sb.Append(CultureInfo.InvariantCulture, $"\nBuild cache: {SizeParser.Format(BuildCacheBytes)}.\n");
        }

        return sb.ToString();
    }

    // Mermaid pie labels are double-quoted strings.
    private static string PieLabel(string text) => text.Replace("\"", "'", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal).Replace("\r", " ", StringComparison.Ordinal);
}
