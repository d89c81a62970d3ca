using System.Globalization;
using GoCaches.Inventory;
using GoCaches.Pruning;
using GoCaches.Trimming;

namespace GoCaches.Operations;

/// <summary>The lines a prune, clean or trim report makes, once for every front end.</summary>
internal static class RemovalEvents
{
    /// <summary>Tells what a prune or clean removed, could not remove, noted, and its outcome.</summary>
    /// <param name="events">Where the lines go.</param>
    /// <param name="report">The report.</param>
    /// <param name="eachVersion">Whether each version removed gets a line (a prune's reasons; a clean removes everything).</param>
    public static void Tell(OperationEvents events, PruneReport report, bool eachVersion)
    {
        var verb = report.DryRun ? "would remove" : "removed";
        if (eachVersion)
        {
            foreach (var r in report.Removed)
            {
                var what = r.DirectoryOnly ? " (extracted directory only)" : string.Empty;
                events.Emit(CacheOperationEventKind.Removed, $"{verb} {r.Module}{what}, {SizeParser.Format(r.Bytes)}: {r.Reason}.");
            }
        }

        foreach (var f in report.Failures)
        {
            events.Emit(CacheOperationEventKind.NotRemoved, $"could not remove {f.Module}: {f.Message}");
        }

        foreach (var note in report.Notes)
        {
            events.Emit(CacheOperationEventKind.Note, note);
        }

        var (doing, done) = report.Kind == Operations.CacheOperation.Clean ? ("cleaning", "cleaned") : ("pruning", "pruned");
        var sizes = $"{SizeParser.Format(report.BytesBefore)} → {SizeParser.Format(report.BytesAfter)}";
        var seconds = report.Duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
        events.Emit(
            CacheOperationEventKind.Summary,
            report.DryRun
                ? $"{doing} the Go module cache {report.Root} would remove {Versions(report.Removed.Count)} and free {SizeParser.Format(report.BytesFreed)} ({sizes}); dry run, nothing was removed ({seconds} s)."
                : $"{done} the Go module cache {report.Root}: removed {Versions(report.Removed.Count)}, freed {SizeParser.Format(report.BytesFreed)} ({sizes}), {Versions(report.VersionsAfter)} left ({seconds} s)." +
                  (report.Failures.Count > 0 ? $" {report.Failures.Count} could not be removed." : string.Empty) +
                  (report.Postponed ? " Postponed: " + report.Lease!.Message : string.Empty));
    }

    /// <summary>Tells what a build cache trim could not remove, noted, and its outcome.</summary>
    /// <param name="events">Where the lines go.</param>
    /// <param name="report">The report.</param>
    public static void Tell(OperationEvents events, BuildCacheTrimReport report)
    {
        foreach (var f in report.Failures)
        {
            events.Emit(CacheOperationEventKind.NotRemoved, $"could not remove {f}");
        }

        foreach (var note in report.Notes)
        {
            events.Emit(CacheOperationEventKind.Note, note);
        }

        var sizes = $"{SizeParser.Format(report.BytesBefore)} → {SizeParser.Format(report.BytesAfter)}";
        var seconds = report.Duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
        events.Emit(
            CacheOperationEventKind.Summary,
            report.DryRun
                ? $"trimming the Go build cache {report.Root} would remove {report.Removed.Count} entries and free {SizeParser.Format(report.BytesFreed)} ({sizes}); dry run, nothing was removed ({seconds} s)."
                : $"trimmed the Go build cache {report.Root}: removed {report.Removed.Count} entries, freed {SizeParser.Format(report.BytesFreed)} ({sizes}){(report.KeptInUse > 0 ? $", kept {report.KeptInUse} a go command used meanwhile" : string.Empty)} ({seconds} s).");
    }

    private static string Versions(int count) => count == 1 ? "1 module version" : count.ToString(CultureInfo.InvariantCulture) + " module versions";
}
