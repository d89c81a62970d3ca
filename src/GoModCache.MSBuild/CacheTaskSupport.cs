using System;
using System.IO;
using GoCaches;
using GoCaches.Reports;
using Microsoft.Build.Utilities;

namespace GoModCache.MSBuild;

/// <summary>What the build cache trim and the CI lifecycle tasks share: parsing and report files.</summary>
internal static class CacheTaskSupport
{
    /// <summary>Writes the HTML picture of the caches (<see cref="CacheReport"/>) when a path is given; a cache that cannot be read or a file that cannot be written is a warning.</summary>
    public static void WriteHtml(TaskLoggingHelper log, string task, string? path, Func<CacheReport> report)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return;
        }

        var full = Path.GetFullPath(path);
        try
        {
            report().WriteHtml(full);
            log.LogMessage(Microsoft.Build.Framework.MessageImportance.Normal, $"GoModCache: wrote the HTML report {full}.");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or GoModCacheException)
        {
            log.LogWarning(null, ErrorCodes.ReportNotWritten, null, null, 0, 0, 0, 0, $"{task} could not write the HTML report '{full}': {ex.Message}");
        }
    }

    /// <summary>Writes the report files and, when <c>GITHUB_STEP_SUMMARY</c> is set and asked for, appends the Markdown to the job summary.</summary>
    public static void WriteReports(TaskLoggingHelper log, string task, string? json, string? markdown, bool jobSummary, Func<string> toJson, Func<string> toMarkdown)
    {
        Write(json, "JSON", toJson);
        Write(markdown, "Markdown", toMarkdown);
        var summary = Environment.GetEnvironmentVariable("GITHUB_STEP_SUMMARY");
        if (jobSummary && !string.IsNullOrEmpty(summary))
        {
            Write(summary, "job summary", () => toMarkdown() + Environment.NewLine, append: true);
        }

        void Write(string? path, string kind, Func<string> text, bool append = false)
        {
            if (string.IsNullOrWhiteSpace(path))
            {
                return;
            }

            var full = Path.GetFullPath(path);
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                if (append)
                {
                    File.AppendAllText(full, text());
                }
                else
                {
                    File.WriteAllText(full, text());
                }

                log.LogMessage(Microsoft.Build.Framework.MessageImportance.Normal, $"GoModCache: wrote the {kind} report {full}.");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                log.LogWarning(null, ErrorCodes.ReportNotWritten, null, null, 0, 0, 0, 0, $"{task} could not write the {kind} report '{full}': {ex.Message}");
            }
        }
    }
}
