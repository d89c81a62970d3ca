using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using GoCaches.Eviction;
using GoCaches.Go;
using GoCaches.Inventory;
using GoCaches.Modules;
using GoCaches.Operations;
using GoCaches.Pruning;

namespace GoCaches.Reports;

/// <summary>Publishes a prune or clean report: JSON and Markdown files, the GitHub job summary, CI variables.</summary>
public static class ReportPublisher
{
    /// <summary>Publishes a report. A target that cannot be written is a warning (<see cref="ErrorCodes.ReportNotWritten"/>), never a failure.</summary>
    /// <param name="report">The report.</param>
    /// <param name="targets">Where it goes.</param>
    /// <param name="log">Receives what was written, warnings, and the Azure Pipelines logging commands (print them as they are).</param>
    /// <returns>The files written to.</returns>
    public static IReadOnlyList<string> Publish(PruneReport report, ReportTargets targets, Action<OperationMessage> log)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(log);
        var written = new List<string>();
        var markdown = new Lazy<string>(() => report.ToMarkdown());
        void Write(string? path, string kind, Func<string> text, bool append)
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

                written.Add(full);
                log(new OperationMessage(report.Operation, MessageLevel.Info, $"Wrote the {kind} {full}."));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                log(new OperationMessage(report.Operation, MessageLevel.Warning, $"Could not write the {kind} '{full}': {ex.Message}", ErrorCodes.ReportNotWritten));
            }
        }

        Write(targets.JsonFile, "JSON report", report.ToJson, append: false);
        Write(targets.MarkdownFile, "Markdown report", () => markdown.Value, append: false);
        if (targets.JobSummary)
        {
            Write(targets.Environment("GITHUB_STEP_SUMMARY"), "GitHub job summary", () => markdown.Value + System.Environment.NewLine, append: true);
        }

        if (targets.PublishToCI)
        {
            var freed = report.BytesFreed.ToString(CultureInfo.InvariantCulture);
            var removed = report.Removed.Count.ToString(CultureInfo.InvariantCulture);
            Write(targets.Environment("GITHUB_OUTPUT"), "GitHub step outputs", () => $"bytes-freed={freed}\nversions-removed={removed}\n", append: true);
            if (string.Equals(targets.Environment("TF_BUILD"), "True", StringComparison.OrdinalIgnoreCase))
            {
                log(new OperationMessage(report.Operation, MessageLevel.Important, $"##vso[task.setvariable variable=GOMODCACHE_BYTES_FREED]{freed}"));
                log(new OperationMessage(report.Operation, MessageLevel.Important, $"##vso[task.setvariable variable=GOMODCACHE_VERSIONS_REMOVED]{removed}"));
            }
        }

        return written;
    }
}
