namespace GoCaches.Reports;

/// <summary>A kind of report file (<see cref="ReportPublisher"/>).</summary>
public enum ReportFormat
{
    /// <summary>Indented JSON.</summary>
    Json,

    /// <summary>Markdown, e.g. for a CI job summary.</summary>
    Markdown,

    /// <summary>The self-contained HTML picture of the caches (<see cref="CacheReport"/>).</summary>
    Html,

    /// <summary>The GitHub Actions job summary (<c>$GITHUB_STEP_SUMMARY</c>): the Markdown and a chart of the module cache, appended.</summary>
    JobSummary,
}
