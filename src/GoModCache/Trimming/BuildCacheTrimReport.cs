using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using GoCaches.Inventory;
using GoCaches.Leases;

namespace GoCaches.Trimming;

/// <summary>
/// The outcome of a build cache trim: sizes before and after, what was removed by which rule, what a go command
/// used meanwhile (kept), what failed; as JSON (<see cref="ToJson"/>) or Markdown for a CI job summary
/// (<see cref="ToMarkdown"/>).
/// </summary>
public sealed class BuildCacheTrimReport
{
    internal BuildCacheTrimReport()
    {
    }

    /// <summary>Gets the build cache root.</summary>
    public string Root { get; internal init; } = string.Empty;

    /// <summary>
    /// Gets how the trim met other builds using the cache (<see cref="CacheLease"/>): ran at once, waited N s, or ran
    /// beside them keeping every entry used within the last hour and five minutes; null for a dry run.
    /// </summary>
    public CacheLeaseResult? Lease { get; internal init; }

    /// <summary>Gets a value indicating whether this was a dry run (nothing removed; "after" is what it would be).</summary>
    public bool DryRun { get; internal init; }

    /// <summary>Gets the cache size before, in bytes (the whole <c>GOCACHE</c>).</summary>
    public long BytesBefore { get; internal init; }

    /// <summary>Gets the cache size after, in bytes (for a dry run: as it would be).</summary>
    public long BytesAfter { get; internal init; }

    /// <summary>Gets the bytes freed (or that would be).</summary>
    public long BytesFreed => BytesBefore - BytesAfter;

    /// <summary>Gets the number of files before.</summary>
    public long FilesBefore { get; internal init; }

    /// <summary>Gets the number of files after.</summary>
    public long FilesAfter { get; internal init; }

    /// <summary>Gets the number of entries (outputs with their actions, and the other entry kinds) before.</summary>
    public int EntriesBefore { get; internal init; }

    /// <summary>Gets the number of entries after.</summary>
    public int EntriesAfter { get; internal init; }

    /// <summary>Gets how long the run took.</summary>
    public TimeSpan Duration { get; internal init; }

    /// <summary>Gets the entries removed (or that would be).</summary>
    public IReadOnlyList<BuildCacheTrimRemoval> Removed { get; internal init; } = [];

    /// <summary>Gets how many planned entries were kept because a go command used them during the grace period.</summary>
    public int KeptInUse { get; internal init; }

    /// <summary>Gets the files that could not be removed, with the error.</summary>
    public IReadOnlyList<string> Failures { get; internal init; } = [];

    /// <summary>Gets a value indicating whether cached test results were expired (<c>testexpire.txt</c>).</summary>
    public bool TestResultsExpired { get; internal init; }

    /// <summary>Gets remarks, e.g. that a size limit could not be reached.</summary>
    public IReadOnlyList<string> Notes { get; internal init; } = [];

    /// <summary>Gets a value indicating whether every planned removal succeeded.</summary>
    public bool Succeeded => Failures.Count == 0;

    /// <summary>Gets a one-line summary: what was removed and freed, e.g. <c>trim of /root/.cache/go-build: removed 120 of 900 entries, freed 40.0 MiB (…)</c>.</summary>
    /// <returns>The summary.</returns>
    public override string ToString() => FormattableString.Invariant($"trim of {Root}{(DryRun ? " (dry run)" : string.Empty)}: removed {Removed.Count} of {EntriesBefore} entries, freed {SizeParser.Format(BytesFreed)} ({SizeParser.Format(BytesBefore)} → {SizeParser.Format(BytesAfter)}, {FilesBefore - FilesAfter} files) in {Duration.TotalSeconds:0.0} s") +
        (KeptInUse > 0 ? FormattableString.Invariant($"; {KeptInUse} kept in use") : string.Empty) + (Failures.Count > 0 ? FormattableString.Invariant($"; {Failures.Count} failed") : string.Empty);

    /// <summary>Writes the report as indented JSON (camelCase names; sizes in bytes; times ISO 8601 UTC).</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("operation", "trim");
            w.WriteString("root", Root);
            w.WriteBoolean("dryRun", DryRun);
            w.WriteNumber("durationSeconds", Math.Round(Duration.TotalSeconds, 3));
            WriteState(w, "before", BytesBefore, FilesBefore, EntriesBefore);
            WriteState(w, "after", BytesAfter, FilesAfter, EntriesAfter);
            w.WriteNumber("bytesFreed", BytesFreed);
            w.WriteNumber("keptInUse", KeptInUse);
            w.WriteBoolean("testResultsExpired", TestResultsExpired);
            if (Lease != null)
            {
                w.WriteStartObject("otherBuilds");
                w.WriteString("outcome", JsonNamingPolicy.CamelCase.ConvertName(Lease.Outcome.ToString()));
                w.WriteNumber("waitedSeconds", Math.Round(Lease.Waited.TotalSeconds, 3));
                w.WriteString("message", Lease.Message);
                w.WriteEndObject();
            }

            w.WriteStartObject("removedByRule");
            foreach (var group in Removed.GroupBy(r => r.Rule).OrderBy(g => g.Key))
            {
                w.WriteStartObject(JsonNamingPolicy.CamelCase.ConvertName(group.Key.ToString()));
                w.WriteNumber("entries", group.Count());
                w.WriteNumber("bytes", group.Sum(r => r.Bytes));
                w.WriteEndObject();
            }

            w.WriteEndObject();
            w.WriteStartArray("removed");
            foreach (var r in Removed)
            {
                w.WriteStartObject();
                w.WriteString("id", r.Id);
                w.WriteString("kind", JsonNamingPolicy.CamelCase.ConvertName(r.Kind.ToString()));
                w.WriteString("rule", JsonNamingPolicy.CamelCase.ConvertName(r.Rule.ToString()));
                w.WriteNumber("bytes", r.Bytes);
                w.WriteNumber("files", r.Files);
                w.WriteString("lastUse", r.LastUseUtc.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("failures");
            foreach (var f in Failures)
            {
                w.WriteStringValue(f);
            }

            w.WriteEndArray();
            w.WriteStartArray("notes");
            foreach (var note in Notes)
            {
                w.WriteStringValue(note);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Writes the report as Markdown for a CI job summary (e.g. <c>$GITHUB_STEP_SUMMARY</c>): a size table, then what went by rule.</summary>
    /// <returns>The Markdown text.</returns>
    public string ToMarkdown()
    {
        var sb = new StringBuilder();
        sb.Append("### Go build cache trim").Append(DryRun ? " (dry run)" : string.Empty).Append("\n\n");
        sb.Append("| | Before | After | ").Append(DryRun ? "Would free" : "Freed").Append(" |\n");
        sb.Append("|---|---:|---:|---:|\n");
        sb.Append(CultureInfo.InvariantCulture, $"| Size | {SizeParser.Format(BytesBefore)} | {SizeParser.Format(BytesAfter)} | {SizeParser.Format(BytesFreed)} |\n");
        sb.Append(CultureInfo.InvariantCulture, $"| Files | {FilesBefore:N0} | {FilesAfter:N0} | {FilesBefore - FilesAfter:N0} |\n");
        sb.Append(CultureInfo.InvariantCulture, $"| Entries | {EntriesBefore:N0} | {EntriesAfter:N0} | {EntriesBefore - EntriesAfter:N0} |\n\n");
        sb.Append(CultureInfo.InvariantCulture, $"Cache `{Root}`, {Duration.TotalSeconds:0.0} s. Last use is the entry's file time, which Go refreshes at most once an hour.\n");
        if (Removed.Count > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"\n#### {(DryRun ? "Would remove" : "Removed")} ({Removed.Count:N0} entries)\n\n");
            sb.Append("| Rule | Entries | Size | Oldest last use | Newest last use |\n|---|---:|---:|---|---|\n");
            foreach (var group in Removed.GroupBy(r => r.Rule).OrderBy(g => g.Key))
            {
                sb.Append(CultureInfo.InvariantCulture, $"| {Describe(group.Key)} | {group.Count():N0} | {SizeParser.Format(group.Sum(r => r.Bytes))} | {group.Min(r => r.LastUseUtc):yyyy-MM-dd HH:mm} UTC | {group.Max(r => r.LastUseUtc):yyyy-MM-dd HH:mm} UTC |\n");
            }
        }

        if (KeptInUse > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"\n{KeptInUse:N0} planned entries were kept: a go command used them during the trim.\n");
        }

        if (TestResultsExpired)
        {
            sb.Append("\nCached test results were expired (as `go clean -testcache` does).\n");
        }

        if (Failures.Count > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"\n#### Failed ({Failures.Count:N0})\n\n");
            foreach (var f in Failures.Take(50))
            {
                sb.Append("- ").Append(f.Replace("\n", " ", StringComparison.Ordinal)).Append('\n');
            }
        }

        if (Lease is { Outcome: not CacheLeaseOutcome.Free })
        {
            sb.Append("\n**Other builds:** ").Append(Lease.Message.Replace("|", "\\|", StringComparison.Ordinal)).Append('\n');
        }

        foreach (var note in Notes)
        {
            sb.Append("\n> ").Append(note.Replace("\n", " ", StringComparison.Ordinal)).Append('\n');
        }

        return sb.ToString();
    }

    private static string Describe(BuildCacheTrimRule rule) => rule switch
    {
        BuildCacheTrimRule.Unused => "unused for longer than the age",
        BuildCacheTrimRule.UnusedSinceRestore => "not used since the restore",
        _ => "least recently used, over the size limit",
    };

    private static void WriteState(Utf8JsonWriter w, string name, long bytes, long files, int entries)
    {
        w.WriteStartObject(name);
        w.WriteNumber("bytes", bytes);
        w.WriteNumber("files", files);
        w.WriteNumber("entries", entries);
        w.WriteEndObject();
    }
}
