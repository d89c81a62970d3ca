namespace GoCaches.Reports;

/// <summary>One report file <see cref="ReportPublisher"/> wrote, or could not write.</summary>
/// <param name="Format">The kind of report.</param>
/// <param name="Path">The file.</param>
/// <param name="Error">Why it could not be written, or null when it was.</param>
public sealed record WrittenReport(ReportFormat Format, string Path, string? Error = null)
{
    /// <summary>Gets a value indicating whether the file was written.</summary>
    public bool Written => Error == null;

    /// <summary>Gets the outcome in words.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Written ? $"Wrote the {Name} report {Path}" : $"Could not write the {Name} report {Path}: {Error}";

    private string Name => Format switch
    {
        ReportFormat.Json => "JSON",
        ReportFormat.Html => "HTML cache",
        ReportFormat.JobSummary => "job summary",
        _ => Format.ToString(),
    };
}
