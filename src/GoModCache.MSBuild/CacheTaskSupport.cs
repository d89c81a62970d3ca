using System;
using System.Collections.Generic;
using GoCaches.Reports;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace GoModCache.MSBuild;

/// <summary>
/// The tasks' side of report publishing: the engine's <see cref="ReportPublisher"/> writes the files (the same
/// writer the Cake aliases use); this maps task parameters to <see cref="ReportFiles"/> and each outcome to the log
/// (a file that cannot be written is warning <c>GOMC042</c>).
/// </summary>
internal static class CacheTaskSupport
{
    /// <summary>Makes the report files from task parameters.</summary>
    /// <param name="json">The JSON file, or empty.</param>
    /// <param name="markdown">The Markdown file, or empty.</param>
    /// <param name="html">The HTML picture, or empty.</param>
    /// <param name="jobSummary">Whether to append to the GitHub job summary (when <c>GITHUB_STEP_SUMMARY</c> is set).</param>
    /// <returns>The files.</returns>
    public static ReportFiles Files(string? json, string? markdown, string? html, bool jobSummary) => new()
    {
        Json = Blank(json),
        Markdown = Blank(markdown),
        Html = Blank(html),
        JobSummary = ReportFiles.GitHubJobSummary(jobSummary),
    };

    /// <summary>Writes the HTML picture of the caches when a path is given.</summary>
    /// <param name="log">The task's log.</param>
    /// <param name="task">The task's name, for a warning.</param>
    /// <param name="path">The file, or empty.</param>
    /// <param name="report">Makes the picture.</param>
    public static void WriteHtml(TaskLoggingHelper log, string task, string? path, Func<CacheReport> report) =>
        Publish(log, task, new ReportFiles { Html = Blank(path) }, () => string.Empty, () => string.Empty, report);

    /// <summary>Publishes an operation's reports through the engine and logs each outcome.</summary>
    /// <param name="log">The task's log.</param>
    /// <param name="task">The task's name, for a warning.</param>
    /// <param name="files">Where the reports go.</param>
    /// <param name="json">Makes the JSON text.</param>
    /// <param name="markdown">Makes the Markdown text.</param>
    /// <param name="picture">Makes the picture of the caches, or null.</param>
    public static void Publish(TaskLoggingHelper log, string task, ReportFiles files, Func<string> json, Func<string> markdown, Func<CacheReport>? picture)
    {
        if (!files.Any)
        {
            return;
        }

        Log(log, task, ReportPublisher.Publish(files, json, markdown, picture));
    }

    private static void Log(TaskLoggingHelper log, string task, IReadOnlyList<WrittenReport> written)
    {
        foreach (var w in written)
        {
            if (w.Written)
            {
                log.LogMessage(MessageImportance.Normal, $"GoModCache: {w}.");
            }
            else
            {
                log.LogWarning(null, ErrorCodes.ReportNotWritten, null, null, 0, 0, 0, 0, $"{task}: {w}");
            }
        }
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
