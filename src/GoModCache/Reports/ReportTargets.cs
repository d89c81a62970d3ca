using System;

namespace GoCaches.Reports;

/// <summary>Where a prune or clean report goes besides the typed result and the log.</summary>
public sealed record ReportTargets
{
    /// <summary>Gets no targets.</summary>
    public static ReportTargets None { get; } = new() { JobSummary = false };

    /// <summary>Gets a file to write the report to as JSON, absolute, or null.</summary>
    public string? JsonFile { get; init; }

    /// <summary>Gets a file to write the report to as Markdown, absolute, or null.</summary>
    public string? MarkdownFile { get; init; }

    /// <summary>Gets a value indicating whether the Markdown report is appended to the GitHub Actions job summary (<c>$GITHUB_STEP_SUMMARY</c>) when that variable is set. Default true.</summary>
    public bool JobSummary { get; init; } = true;

    /// <summary>
    /// Gets a value indicating whether the figures are published for later CI steps: GitHub Actions step outputs
    /// (<c>$GITHUB_OUTPUT</c>: <c>bytes-freed</c>, <c>versions-removed</c>) when that variable is set, and Azure
    /// Pipelines variables (<c>GOMODCACHE_BYTES_FREED</c>, <c>GOMODCACHE_VERSIONS_REMOVED</c>) when <c>TF_BUILD</c> is
    /// True. Default false.
    /// </summary>
    public bool PublishToCI { get; init; }

    /// <summary>Gets how environment variables are read (Cake passes its own environment; tests a dictionary).</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;
}
