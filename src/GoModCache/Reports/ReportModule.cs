using System;
using System.Collections.Generic;
using System.Linq;

namespace GoCaches.Reports;

/// <summary>A module in a report: its versions, largest first, and sums.</summary>
internal sealed class ReportModule
{
    public ReportModule(string path, List<ReportedVersion> versions)
    {
        Path = path;
        Versions = versions;
        Bytes = versions.Sum(v => v.Bytes);
        RemovedCount = versions.Count(v => v.Removed);
        RemovedBytes = versions.Where(v => v.Removed).Sum(v => v.Bytes);
        NewestUse = versions.Select(v => v.LastUse.TimeUtc).Where(t => t != null).DefaultIfEmpty().Max();
        IsToolchain = versions.Any(v => v.IsToolchain);
    }

    public string Path { get; }

    public List<ReportedVersion> Versions { get; }

    public long Bytes { get; }

    public int RemovedCount { get; }

    public long RemovedBytes { get; }

    public DateTime? NewestUse { get; }

    public bool IsToolchain { get; }
}
