using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using GoCaches.Inventory;
using GoCaches.Pruning;
using GoCaches.Reports;
using GoCaches.Trimming;

namespace GoCaches.Ci;

/// <summary>
/// The outcome of <see cref="CachePrepareForSave"/>: what the prune and the trim removed, what the caches to save
/// weigh, and whether each is worth saving; as JSON, Markdown, GitHub Actions step outputs and Azure Pipelines
/// variables.
/// </summary>
public sealed class CacheSaveReport
{
    internal CacheSaveReport()
    {
    }

    /// <summary>Gets a value indicating whether this was a dry run.</summary>
    public bool DryRun { get; internal init; }

    /// <summary>Gets the module cache root, or null.</summary>
    public string? ModCacheRoot { get; internal init; }

    /// <summary>Gets the build cache root, or null.</summary>
    public string? BuildCacheRoot { get; internal init; }

    /// <summary>Gets the module cache prune's report, or null when none ran.</summary>
    public PruneReport? Prune { get; internal init; }

    /// <summary>Gets the build cache trim's report, or null when none ran.</summary>
    public BuildCacheTrimReport? Trim { get; internal init; }

    /// <summary>Gets the module cache size right after the restore, when it was recorded.</summary>
    public long? RestoredModCacheBytes { get; internal init; }

    /// <summary>Gets the build cache size right after the restore, when it was recorded.</summary>
    public long? RestoredBuildCacheBytes { get; internal init; }

    /// <summary>Gets what the module cache to save weighs, in bytes.</summary>
    public long ModCacheBytes { get; internal init; }

    /// <summary>Gets what the build cache to save weighs, in bytes.</summary>
    public long BuildCacheBytes { get; internal init; }

    /// <summary>Gets the number of complete module versions in the module cache.</summary>
    public int ModuleVersions { get; internal init; }

    /// <summary>Gets the number of build cache entries.</summary>
    public int BuildEntries { get; internal init; }

    /// <summary>Gets a value indicating whether the module cache is worth saving (changed since the restore, not empty).</summary>
    public bool ModCacheSaveNeeded { get; internal init; }

    /// <summary>Gets a value indicating whether the build cache is worth saving (changed since the restore, not empty).</summary>
    public bool BuildCacheSaveNeeded { get; internal init; }

    /// <summary>Gets the standard library cache directory, or null when none was asked for.</summary>
    public string? StdCacheRoot { get; internal init; }

    /// <summary>Gets a value indicating whether the standard library cache is worth saving: it was restored empty (its key is new) and now holds entries.</summary>
    public bool StdCacheSaveNeeded { get; internal init; }

    /// <summary>Gets what the standard library cache weighs, in bytes.</summary>
    public long StdCacheBytes { get; internal init; }

    /// <summary>Gets the number of entry files in the standard library cache.</summary>
    public int StdCacheFiles { get; internal init; }

    /// <summary>Gets the number of entry files added to the standard library cache by this step.</summary>
    public int StdFilesAdded { get; internal init; }

    /// <summary>Gets the number of standard library entry files removed from the build cache before its save.</summary>
    public int StdFilesLeftOut { get; internal init; }

    /// <summary>Gets their bytes.</summary>
    public long StdBytesLeftOut { get; internal init; }

    /// <summary>Gets a value indicating whether any cache is worth saving.</summary>
    public bool SaveNeeded => ModCacheSaveNeeded || BuildCacheSaveNeeded || StdCacheSaveNeeded;

    /// <summary>Gets why, per cache, in words.</summary>
    public IReadOnlyList<string> Reasons { get; internal init; } = [];

    /// <summary>Gets remarks.</summary>
    public IReadOnlyList<string> Notes { get; internal init; } = [];

    /// <summary>Gets the report files written (or not) by <see cref="CachePrepareForSave.Run(CachePrepareForSaveRequest, Action{Operations.CacheOperationEvent})"/>.</summary>
    public IReadOnlyList<WrittenReport> Reports { get; internal set; } = [];

    /// <summary>Gets what was published to the CI, or null.</summary>
    public CiPublication? Published { get; internal set; }

    /// <summary>
    /// Gets the outputs <see cref="CiPublisher"/> publishes: step outputs <c>save-needed</c>, <c>save-modcache</c>,
    /// <c>save-buildcache</c> (<c>true</c>/<c>false</c>) and <c>saved-bytes</c>; Azure Pipelines variables
    /// <c>GOCACHE_SAVE_NEEDED</c>, <c>GOMODCACHE_SAVE_NEEDED</c>, <c>GOBUILDCACHE_SAVE_NEEDED</c>, <c>GOCACHE_SAVED_BYTES</c>.
    /// </summary>
    /// <returns>The outputs.</returns>
    public IReadOnlyList<CiOutput> CiOutputs() =>
    [
        new("save-needed", "GOCACHE_SAVE_NEEDED", Bool(SaveNeeded)),
        new("save-modcache", "GOMODCACHE_SAVE_NEEDED", Bool(ModCacheSaveNeeded)),
        new("save-buildcache", "GOBUILDCACHE_SAVE_NEEDED", Bool(BuildCacheSaveNeeded)),
        .. StdCacheRoot != null ? [new CiOutput("save-stdcache", "GOSTDCACHE_SAVE_NEEDED", Bool(StdCacheSaveNeeded))] : Array.Empty<CiOutput>(),
        new("saved-bytes", "GOCACHE_SAVED_BYTES", (ModCacheBytes + BuildCacheBytes + (StdCacheSaveNeeded ? StdCacheBytes : 0)).ToString(CultureInfo.InvariantCulture)),
    ];

    /// <summary>
    /// Appends <c>save-needed</c>, <c>save-modcache</c> and <c>save-buildcache</c> (<c>true</c>/<c>false</c>) and
    /// <c>saved-bytes</c> to a GitHub Actions output file (<c>$GITHUB_OUTPUT</c>), as <see cref="CiPublisher"/> does; with a standard library
    /// cache also <c>save-stdcache</c> (its bytes count in <c>saved-bytes</c> when it is to be saved).
    /// </summary>
    /// <param name="githubOutputFile">The file GitHub Actions named in <c>GITHUB_OUTPUT</c>.</param>
    public void WriteGitHubOutput(string githubOutputFile) =>
        File.AppendAllText(githubOutputFile, string.Concat(CiOutputs().Select(o => o + "\n")));

    /// <summary>The logging commands that set Azure Pipelines variables <c>GOCACHE_SAVE_NEEDED</c>, <c>GOMODCACHE_SAVE_NEEDED</c>, <c>GOBUILDCACHE_SAVE_NEEDED</c> and <c>GOCACHE_SAVED_BYTES</c>.</summary>
    /// <returns>The <c>##vso[task.setvariable …]</c> lines.</returns>
    public IReadOnlyList<string> AzurePipelinesCommands() => CiPublisher.AzurePipelinesCommands(CiOutputs());

    /// <summary>Gets a one-line summary: whether each cache is worth saving and what it weighs.</summary>
    /// <returns>The summary, e.g. <c>save needed: module cache yes (3.0 MiB, 12 versions), build cache no (14.1 MiB, 700 entries)</c>.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"save needed{(DryRun ? " (dry run)" : string.Empty)}: module cache {(ModCacheSaveNeeded ? "yes" : "no")} ({SizeParser.Format(ModCacheBytes)}, {ModuleVersions} versions), build cache {(BuildCacheSaveNeeded ? "yes" : "no")} ({SizeParser.Format(BuildCacheBytes)}, {BuildEntries} entries)") +
        (StdCacheRoot != null ? string.Create(CultureInfo.InvariantCulture, $", standard library cache {(StdCacheSaveNeeded ? "yes" : "no")} ({SizeParser.Format(StdCacheBytes)}, {StdCacheFiles} files)") : string.Empty);

    /// <summary>Writes the report as indented JSON (the prune and trim reports nested).</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("operation", "prepareForSave");
            w.WriteBoolean("dryRun", DryRun);
            w.WriteBoolean("saveNeeded", SaveNeeded);
            w.WriteBoolean("modCacheSaveNeeded", ModCacheSaveNeeded);
            w.WriteBoolean("buildCacheSaveNeeded", BuildCacheSaveNeeded);
            w.WriteString("modCacheRoot", ModCacheRoot);
            w.WriteString("buildCacheRoot", BuildCacheRoot);
            w.WriteNumber("modCacheBytes", ModCacheBytes);
            w.WriteNumber("buildCacheBytes", BuildCacheBytes);
            w.WriteNumber("moduleVersions", ModuleVersions);
            w.WriteNumber("buildEntries", BuildEntries);
            if (StdCacheRoot != null)
            {
                w.WriteBoolean("stdCacheSaveNeeded", StdCacheSaveNeeded);
                w.WriteString("stdCacheRoot", StdCacheRoot);
                w.WriteNumber("stdCacheBytes", StdCacheBytes);
                w.WriteNumber("stdCacheFiles", StdCacheFiles);
                w.WriteNumber("stdFilesAdded", StdFilesAdded);
                w.WriteNumber("stdFilesLeftOut", StdFilesLeftOut);
                w.WriteNumber("stdBytesLeftOut", StdBytesLeftOut);
            }

            if (RestoredModCacheBytes is { } rm)
            {
                w.WriteNumber("restoredModCacheBytes", rm);
            }

            if (RestoredBuildCacheBytes is { } rb)
            {
                w.WriteNumber("restoredBuildCacheBytes", rb);
            }

            w.WriteStartArray("reasons");
            foreach (var r in Reasons)
            {
                w.WriteStringValue(r);
            }

            w.WriteEndArray();
            w.WriteStartArray("notes");
            foreach (var n in Notes)
            {
                w.WriteStringValue(n);
            }

            w.WriteEndArray();
            if (Prune != null)
            {
                w.WritePropertyName("prune");
                using var prune = JsonDocument.Parse(Prune.ToJson());
                prune.RootElement.WriteTo(w);
            }

            if (Trim != null)
            {
                w.WritePropertyName("trim");
                using var trim = JsonDocument.Parse(Trim.ToJson());
                trim.RootElement.WriteTo(w);
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Writes the report as Markdown for a CI job summary.</summary>
    /// <returns>The Markdown text.</returns>
    public string ToMarkdown()
    {
        var sb = new StringBuilder();
        sb.Append("### Go caches before the save").Append(DryRun ? " (dry run)" : string.Empty).Append("\n\n");
        sb.Append("| Cache | Restored | To save | Save? |\n|---|---:|---:|---|\n");
        if (ModCacheRoot != null)
        {
            sb.Append(CultureInfo.InvariantCulture, $"| Module cache ({ModuleVersions:N0} versions) | {Size(RestoredModCacheBytes)} | {SizeParser.Format(ModCacheBytes)} | {(ModCacheSaveNeeded ? "yes" : "no")} |\n");
        }

        if (BuildCacheRoot != null)
        {
            sb.Append(CultureInfo.InvariantCulture, $"| Build cache ({BuildEntries:N0} entries) | {Size(RestoredBuildCacheBytes)} | {SizeParser.Format(BuildCacheBytes)} | {(BuildCacheSaveNeeded ? "yes" : "no")} |\n");
        }

        if (StdCacheRoot != null)
        {
            sb.Append(CultureInfo.InvariantCulture, $"| Standard library cache ({StdCacheFiles:N0} files; {StdFilesLeftOut:N0} left out of the build cache's save) | — | {SizeParser.Format(StdCacheBytes)} | {(StdCacheSaveNeeded ? "yes" : "no")} |\n");
        }

        sb.Append('\n');
        foreach (var r in Reasons)
        {
            sb.Append("- ").Append(r).Append('\n');
        }

        foreach (var n in Notes)
        {
            sb.Append("\n> ").Append(n).Append('\n');
        }

        if (Prune != null)
        {
            sb.Append('\n').Append(Prune.ToMarkdown(20));
        }

        if (Trim != null)
        {
            sb.Append('\n').Append(Trim.ToMarkdown());
        }

        return sb.ToString();

        static string Size(long? bytes) => bytes is { } b ? SizeParser.Format(b) : "—";
    }

    private static string Bool(bool value) => value ? "true" : "false";
}
