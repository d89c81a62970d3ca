using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace GoCaches.Reports;

/// <summary>
/// Writes an operation's report files (JSON, Markdown, the HTML picture) and appends to the GitHub Actions job
/// summary, the same way for every front end. A file that cannot be written does not stop the others: each
/// outcome comes back as a <see cref="WrittenReport"/> for the front end to log (or fail on).
/// </summary>
public static class ReportPublisher
{
    /// <summary>Writes the reports <paramref name="files"/> asks for.</summary>
    /// <param name="files">Where the reports go.</param>
    /// <param name="json">Makes the JSON text.</param>
    /// <param name="markdown">Makes the Markdown text.</param>
    /// <param name="picture">Makes the picture of the caches, for the HTML page and the job summary's chart; null: none.</param>
    /// <returns>One outcome per file asked for, in the order JSON, Markdown, HTML, job summary.</returns>
    public static IReadOnlyList<WrittenReport> Publish(ReportFiles files, Func<string> json, Func<string> markdown, Func<CacheReport>? picture = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(markdown);
        var outcomes = new List<WrittenReport>();
        CacheReport? drawn = null;
        string? text = null;
        string Markdown() => text ??= markdown();
        CacheReport? Picture() => picture == null ? null : drawn ??= picture();

        Write(ReportFormat.Json, files.Json, path => File.WriteAllText(path, json()));
        Write(ReportFormat.Markdown, files.Markdown, path => File.WriteAllText(path, Markdown()));
        Write(ReportFormat.Html, picture == null ? null : files.Html, path => Picture()!.WriteHtml(path));
        Write(ReportFormat.JobSummary, files.JobSummary, path =>
        {
            var chart = Picture()?.ToMarkdownChart();
            File.AppendAllText(path, Markdown() + Environment.NewLine + (string.IsNullOrEmpty(chart) ? string.Empty : chart + Environment.NewLine), new UTF8Encoding(false));
        });
        return outcomes;

        void Write(ReportFormat format, string? path, Action<string> write)
        {
            if (string.IsNullOrWhiteSpace(path))
            {
                return;
            }

            var full = Path.GetFullPath(path);
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                write(full);
                outcomes.Add(new WrittenReport(format, full));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or GoModCacheException)
            {
                outcomes.Add(new WrittenReport(format, full, ex.Message));
            }
        }
    }
}
