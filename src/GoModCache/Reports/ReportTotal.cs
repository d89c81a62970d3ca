namespace GoCaches.Reports;

/// <summary>One line of a cache report's totals: a figure before the operation and, for an operation that removes, after it.</summary>
/// <param name="Key">A stable key (<c>moduleCacheBytes</c>, <c>moduleCacheFiles</c>, <c>moduleVersions</c>, <c>buildCacheBytes</c>).</param>
/// <param name="Label">The words shown.</param>
/// <param name="Before">The figure before (or, for an operation that removes nothing, now).</param>
/// <param name="After">The figure after (in a dry run: as it would be), or null when the operation did not change it.</param>
/// <param name="IsBytes">Whether the figure is a size in bytes (else a count).</param>
public sealed record ReportTotal(string Key, string Label, long Before, long? After, bool IsBytes);
