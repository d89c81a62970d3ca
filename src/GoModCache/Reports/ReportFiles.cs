using System;

namespace GoCaches.Reports;

/// <summary>Where an operation's report goes: each file is written when its path is given (absolute paths).</summary>
public sealed record ReportFiles
{
    /// <summary>Gets the JSON file, or null.</summary>
    public string? Json { get; init; }

    /// <summary>Gets the Markdown file, or null.</summary>
    public string? Markdown { get; init; }

    /// <summary>Gets the HTML picture, or null.</summary>
    public string? Html { get; init; }

    /// <summary>Gets the job summary file to append to (the value of <c>$GITHUB_STEP_SUMMARY</c>), or null.</summary>
    public string? JobSummary { get; init; }

    /// <summary>Gets a value indicating whether any report is asked for.</summary>
    public bool Any => Json != null || Markdown != null || Html != null || JobSummary != null;

    /// <summary>Gets the job summary file of this process's environment (<c>$GITHUB_STEP_SUMMARY</c>) when <paramref name="write"/> is true and it is set.</summary>
    /// <param name="write">Whether the job summary is wanted.</param>
    /// <param name="variable">Reads an environment variable; this process's environment when null.</param>
    /// <returns>The file, or null.</returns>
    public static string? GitHubJobSummary(bool write, Func<string, string?>? variable = null)
    {
        var value = write ? (variable ?? Environment.GetEnvironmentVariable)("GITHUB_STEP_SUMMARY") : null;
        return string.IsNullOrEmpty(value) ? null : value;
    }
}
