using System;
using System.IO;
using System.IO.Enumeration;
using GoCaches.Modules;

namespace GoCaches.Inventory;

/// <summary>When a module version was last used, and how that is known.</summary>
/// <param name="TimeUtc">The time (UTC), or null when unknown.</param>
/// <param name="Source">Where the time came from.</param>
public readonly record struct LastUse(DateTime? TimeUtc, LastUseSource Source)
{
    // A read within this margin of the extraction is the extraction itself (Go's own build reads the files at once).
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(2);

    // The coarsest precision a usage record entry may have (whole seconds, in records of earlier releases).
    private static readonly TimeSpan RecordPrecision = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Works out the last use of a version: the latest of its usage record entry, the newest access time of its
    /// files (extracted files and download files), and when it was extracted (or downloaded). The file system
    /// must record access times for reads to count (Linux's default relatime records the first read after a
    /// change and then at most one a day; noatime records none, and then the extraction time is what remains).
    /// </summary>
    /// <param name="version">The version, from a <see cref="ModuleCacheInventory"/>.</param>
    /// <param name="record">A usage record, or null.</param>
    /// <returns>The last use.</returns>
    public static LastUse Of(CachedModuleVersion version, UsageRecord? record)
    {
        ArgumentNullException.ThrowIfNull(version);
        DateTime? baseline = null;
        var baselineSource = LastUseSource.Unknown;
        var newestAccess = DateTime.MinValue;
        if (version.IsExtracted && version.ExtractedAtUtc is { } extracted)
        {
            baseline = extracted;
            baselineSource = LastUseSource.ExtractionTime;
            newestAccess = NewestAccess(version.Directory!);
        }

        foreach (var suffix in new[] { ".zip", ".ziphash", ".mod", ".info" })
        {
            var file = new FileInfo(Path.Combine(version.DownloadDirectory, version.EscapedVersion + suffix));
            if (!file.Exists)
            {
                continue;
            }

            if (file.LastAccessTimeUtc > newestAccess)
            {
                newestAccess = file.LastAccessTimeUtc;
            }

            if (!version.IsExtracted && (baseline == null || file.LastWriteTimeUtc > baseline))
            {
                baseline = file.LastWriteTimeUtc;
                baselineSource = LastUseSource.DownloadTime;
            }
        }

        var best = new LastUse(baseline, baselineSource);
        if (baseline == null || newestAccess > baseline.Value + Margin)
        {
            best = newestAccess == DateTime.MinValue ? best : new LastUse(newestAccess, LastUseSource.AccessTime);
        }

        // A recorded use counts when it is not older than the other evidence. Records written before times
        // carried milliseconds hold whole seconds, so a use recorded in the same second as the extraction
        // it followed reads as up to a second earlier.
        var recorded = record?.LastUse(new ModuleVersion(version.Path, version.Version));
        if (recorded != null && (best.TimeUtc == null || recorded + RecordPrecision > best.TimeUtc))
        {
            best = new LastUse(recorded, LastUseSource.UsageRecord);
        }

        return best;
    }

    /// <summary>Gets a short description, e.g. <c>2024-05-01 12:00 UTC (file access time)</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => TimeUtc is { } t
        ? $"{t:yyyy-MM-dd HH:mm} UTC ({Describe(Source)})"
        : "unknown";

    /// <summary>Describes a source in words.</summary>
    /// <param name="source">The source.</param>
    /// <returns>The words.</returns>
    public static string Describe(LastUseSource source) => source switch
    {
        LastUseSource.UsageRecord => "usage record",
        LastUseSource.AccessTime => "file access time",
        LastUseSource.ExtractionTime => "extraction time",
        LastUseSource.DownloadTime => "download time",
        _ => "unknown",
    };

    private static DateTime NewestAccess(string directory)
    {
        var newest = DateTime.MinValue;
        var files = new FileSystemEnumerable<DateTime>(
            directory,
            (ref FileSystemEntry e) => e.LastAccessTimeUtc.UtcDateTime,
            TreeSize.AllEntries(recurse: true))
        {
            ShouldIncludePredicate = (ref FileSystemEntry e) => !e.IsDirectory && !TreeSize.IsLink(ref e),
            ShouldRecursePredicate = (ref FileSystemEntry e) => !TreeSize.IsLink(ref e),
        };
        try
        {
            foreach (var time in files)
            {
                if (time > newest)
                {
                    newest = time;
                }
            }
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new GoModCacheException($"Cannot read '{directory}': {ex.Message}", ex);
        }

        return newest;
    }
}
