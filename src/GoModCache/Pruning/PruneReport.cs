using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using GoCaches.Inventory;
using GoCaches.Leases;
using GoCaches.Operations;

namespace GoCaches.Pruning;

/// <summary>
/// The outcome of a prune or clean: sizes before and after, what was removed and why, what failed, and how
/// long it took; as JSON (<see cref="ToJson"/>) or as a Markdown summary for a CI job page (<see cref="ToMarkdown"/>).
/// </summary>
public sealed class PruneReport
{
    internal PruneReport()
    {
    }

    /// <summary>Gets what ran: <c>prune</c> or <c>clean</c> (<see cref="Kind"/> in words, as the JSON report writes it).</summary>
    public string Operation => JsonNamingPolicy.CamelCase.ConvertName(Kind.ToString());

    /// <summary>Gets what ran: <see cref="CacheOperation.Prune"/> or <see cref="CacheOperation.Clean"/>.</summary>
    public CacheOperation Kind { get; internal init; } = CacheOperation.Prune;

    /// <summary>Gets the module cache root.</summary>
    public string Root { get; internal init; } = string.Empty;

    /// <summary>Gets a value indicating whether this was a dry run (nothing removed; "after" is what it would be).</summary>
    public bool DryRun { get; internal init; }

    /// <summary>Gets the cache size before, in bytes.</summary>
    public long BytesBefore { get; internal init; }

    /// <summary>Gets the cache size after, in bytes (for a dry run: as it would be).</summary>
    public long BytesAfter { get; internal init; }

    /// <summary>Gets the bytes freed (or that would be).</summary>
    public long BytesFreed => BytesBefore - BytesAfter;

    /// <summary>Gets the number of files before.</summary>
    public long FilesBefore { get; internal init; }

    /// <summary>Gets the number of files after.</summary>
    public long FilesAfter { get; internal init; }

    /// <summary>Gets the number of module versions (toolchains included) before.</summary>
    public int VersionsBefore { get; internal init; }

    /// <summary>Gets the number of module versions (toolchains included) after.</summary>
    public int VersionsAfter { get; internal init; }

    /// <summary>Gets how long the run took.</summary>
    public TimeSpan Duration { get; internal init; }

    /// <summary>Gets the versions removed (or, in a dry run, that would be), with reasons and sizes.</summary>
    public IReadOnlyList<PruneRemoval> Removed { get; internal init; } = [];

    /// <summary>Gets the versions that could not be removed, with the error.</summary>
    public IReadOnlyList<PruneFailure> Failures { get; internal init; } = [];

    /// <summary>Gets how many versions were kept, by reason.</summary>
    public IReadOnlyDictionary<string, int> Kept { get; internal init; } = new Dictionary<string, int>();

    /// <summary>Gets how many versions were kept, by reason as a value.</summary>
    public IReadOnlyDictionary<PruneKeepReason, int> KeptByReason { get; internal init; } = new Dictionary<PruneKeepReason, int>();

    /// <summary>Gets remarks, e.g. that a size limit could not be reached.</summary>
    public IReadOnlyList<string> Notes { get; internal init; } = [];

    /// <summary>
    /// Gets how the run met other builds using the cache (<see cref="CacheLease"/>): ran at once, waited N s, deferred
    /// to the last build out, skipped, or kept what they need; null for a dry run.
    /// </summary>
    public CacheLeaseResult? Lease { get; internal set; }

    /// <summary>Gets a value indicating whether the run removed nothing because other builds were using the cache (deferred or skipped).</summary>
    public bool Postponed => Lease is { Ran: false };

    /// <summary>Gets a value indicating whether every planned removal succeeded.</summary>
    public bool Succeeded => Failures.Count == 0;

    /// <summary>Gets a one-line summary: what was removed and freed, e.g. <c>prune of /root/go/pkg/mod: removed 12 of 40 versions, freed 1.2 GiB (3.4 GiB → 2.2 GiB) in 1.5 s</c>.</summary>
    /// <returns>The summary.</returns>
    public override string ToString() => FormattableString.Invariant($"{Operation} of {Root}{(DryRun ? " (dry run)" : string.Empty)}: removed {Removed.Count} of {VersionsBefore} versions, freed {SizeParser.Format(BytesFreed)} ({SizeParser.Format(BytesBefore)} → {SizeParser.Format(BytesAfter)}, {FilesBefore - FilesAfter} files) in {Duration.TotalSeconds:0.0} s") +
        (Failures.Count > 0 ? FormattableString.Invariant($"; {Failures.Count} failed") : string.Empty) + (Postponed ? "; postponed: " + Lease!.Message : string.Empty);

    /// <summary>Writes the report as indented JSON (camelCase names; sizes in bytes; times ISO 8601 UTC).</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("operation", Operation);
            w.WriteString("root", Root);
            w.WriteBoolean("dryRun", DryRun);
            w.WriteNumber("durationSeconds", Math.Round(Duration.TotalSeconds, 3));
            WriteState(w, "before", BytesBefore, FilesBefore, VersionsBefore);
            WriteState(w, "after", BytesAfter, FilesAfter, VersionsAfter);
            w.WriteNumber("bytesFreed", BytesFreed);
            if (Lease != null)
            {
                w.WriteStartObject("lease");
                w.WriteString("outcome", JsonNamingPolicy.CamelCase.ConvertName(Lease.Outcome.ToString()));
                w.WriteNumber("waitedSeconds", Math.Round(Lease.Waited.TotalSeconds, 3));
                w.WriteString("message", Lease.Message);
                w.WriteStartArray("holders");
                foreach (var h in Lease.Holders)
                {
                    w.WriteStartObject();
                    w.WriteNumber("processId", h.ProcessId);
                    w.WriteString("description", h.Description);
                    if (h.Project != null)
                    {
                        w.WriteString("project", h.Project);
                    }

                    w.WriteBoolean("external", h.External);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteStartArray("removed");
            foreach (var r in Removed)
            {
                w.WriteStartObject();
                w.WriteString("path", r.Module.Path);
                w.WriteString("version", r.Module.Version);
                w.WriteString("rule", JsonNamingPolicy.CamelCase.ConvertName(r.Rule.ToString()));
                w.WriteString("reason", r.Reason);
                w.WriteNumber("bytes", r.Bytes);
                w.WriteNumber("files", r.Files);
                w.WriteBoolean("directoryOnly", r.DirectoryOnly);
                w.WriteBoolean("toolchain", r.IsToolchain);
                if (r.LastUse.TimeUtc is { } lastUse)
                {
                    w.WriteString("lastUse", lastUse.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
                    w.WriteString("lastUseSource", JsonNamingPolicy.CamelCase.ConvertName(r.LastUse.Source.ToString()));
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("failures");
            foreach (var f in Failures)
            {
                w.WriteStartObject();
                w.WriteString("path", f.Module.Path);
                w.WriteString("version", f.Module.Version);
                w.WriteString("message", f.Message);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartObject("kept");
            foreach (var (reason, count) in Kept.OrderBy(k => k.Key, StringComparer.Ordinal))
            {
                w.WriteNumber(reason, count);
            }

            w.WriteEndObject();
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

    /// <summary>Writes the report as Markdown for a CI job summary (e.g. <c>$GITHUB_STEP_SUMMARY</c>): a size table, then the removed versions.</summary>
    /// <param name="maxRows">How many removed versions to list before summarizing the rest.</param>
    /// <returns>The Markdown text.</returns>
    public string ToMarkdown(int maxRows = 50)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxRows);
        var sb = new StringBuilder();
        var title = Kind == CacheOperation.Clean ? "Go module cache clean" : "Go module cache prune";
        sb.Append("### ").Append(title).Append(DryRun ? " (dry run)" : string.Empty).Append("\n\n");
        sb.Append("| | Before | After | ").Append(DryRun ? "Would free" : "Freed").Append(" |\n");
        sb.Append("|---|---:|---:|---:|\n");
        sb.Append(CultureInfo.InvariantCulture, $"| Size | {SizeParser.Format(BytesBefore)} | {SizeParser.Format(BytesAfter)} | {SizeParser.Format(BytesFreed)} |\n");
        sb.Append(CultureInfo.InvariantCulture, $"| Files | {FilesBefore:N0} | {FilesAfter:N0} | {FilesBefore - FilesAfter:N0} |\n");
        sb.Append(CultureInfo.InvariantCulture, $"| Module versions | {VersionsBefore:N0} | {VersionsAfter:N0} | {VersionsBefore - VersionsAfter:N0} |\n\n");
        sb.Append(CultureInfo.InvariantCulture, $"Cache `{Cell(Root)}`, {Duration.TotalSeconds:0.0} s.\n");
        if (Lease is { Outcome: not CacheLeaseOutcome.Free })
        {
            sb.Append("\n**Other builds:** ").Append(Cell(Lease.Message)).Append('\n');
        }

        if (Removed.Count > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"\n#### {(DryRun ? "Would remove" : "Removed")} ({Removed.Count:N0} versions)\n\n");
            sb.Append("| Module | Version | Size | Reason |\n|---|---|---:|---|\n");
            foreach (var r in Removed.Take(maxRows))
            {
                sb.Append(CultureInfo.InvariantCulture, $"| `{Cell(r.Module.Path)}` | `{Cell(r.Module.Version)}` | {SizeParser.Format(r.Bytes)} | {Cell(r.Reason)} |\n");
            }

            if (Removed.Count > maxRows)
            {
                var rest = Removed.Skip(maxRows).ToList();
                sb.Append(CultureInfo.InvariantCulture, $"\n…and {rest.Count:N0} more ({SizeParser.Format(rest.Sum(r => r.Bytes))}).\n");
            }
        }

        if (Failures.Count > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"\n#### Failed ({Failures.Count:N0})\n\n| Module | Version | Error |\n|---|---|---|\n");
            foreach (var f in Failures.Take(maxRows))
            {
                sb.Append(CultureInfo.InvariantCulture, $"| `{Cell(f.Module.Path)}` | `{Cell(f.Module.Version)}` | {Cell(f.Message)} |\n");
            }
        }

        if (Kept.Count > 0)
        {
            sb.Append("\n#### Kept\n\n");
            foreach (var (reason, count) in Kept.OrderByDescending(k => k.Value).ThenBy(k => k.Key, StringComparer.Ordinal))
            {
                sb.Append(CultureInfo.InvariantCulture, $"- {count:N0} {(count == 1 ? "version" : "versions")}: {Cell(reason)}\n");
            }
        }

        foreach (var note in Notes)
        {
            sb.Append("\n> ").Append(Cell(note)).Append('\n');
        }

        return sb.ToString();
    }

    private static void WriteState(Utf8JsonWriter w, string name, long bytes, long files, int versions)
    {
        w.WriteStartObject(name);
        w.WriteNumber("bytes", bytes);
        w.WriteNumber("files", files);
        w.WriteNumber("versions", versions);
        w.WriteEndObject();
    }

    // Table cells cannot hold '|' or line breaks.
    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
