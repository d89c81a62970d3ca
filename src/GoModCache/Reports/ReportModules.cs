using System;
using System.Collections.Generic;
using System.Linq;

namespace GoCaches.Reports;

/// <summary>Groups a report's versions by module.</summary>
internal static class ReportModules
{
    /// <summary>The modules, largest first (ties by path); each module's versions largest first (ties by version).</summary>
    public static List<ReportModule> Group(IEnumerable<ReportedVersion> versions) =>
        versions
            .GroupBy(v => v.Path, StringComparer.Ordinal)
            .Select(g => new ReportModule(
                g.Key,
                g.OrderByDescending(v => v.Bytes).ThenBy(v => v.Version, StringComparer.Ordinal).ToList()))
            .OrderByDescending(m => m.Bytes)
            .ThenBy(m => m.Path, StringComparer.Ordinal)
            .ToList();
}
