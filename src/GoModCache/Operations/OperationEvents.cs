using System;
using System.Collections.Generic;
using GoCaches.Ci;
using GoCaches.Reports;

namespace GoCaches.Operations;

/// <summary>
/// The events of one operation run, and its publishing (report files, CI outputs), the same for every operation: calls
/// to the front end's callback never overlap (progress comes on a timer thread).
/// </summary>
internal sealed class OperationEvents(CacheOperation operation, Action<CacheOperationEvent>? log)
{
    private readonly object _gate = new();

    /// <summary>Sends one line.</summary>
    /// <param name="kind">What it tells.</param>
    /// <param name="message">The line.</param>
    public void Emit(CacheOperationEventKind kind, string message)
    {
        if (log == null)
        {
            return;
        }

        lock (_gate)
        {
            log(new CacheOperationEvent(operation, kind, message));
        }
    }

    /// <summary>Writes the report files asked for and tells each outcome.</summary>
    /// <param name="files">Where; null: none.</param>
    /// <param name="json">Makes the JSON text.</param>
    /// <param name="markdown">Makes the Markdown text.</param>
    /// <param name="picture">Makes the picture, or null.</param>
    /// <returns>The outcomes.</returns>
    public IReadOnlyList<WrittenReport> Reports(ReportFiles? files, Func<string> json, Func<string> markdown, Func<CacheReport>? picture)
    {
        if (files is not { Any: true })
        {
            return [];
        }

        var written = ReportPublisher.Publish(files, json, markdown, picture);
        foreach (var w in written)
        {
            Emit(w.Written ? CacheOperationEventKind.ReportWritten : CacheOperationEventKind.ReportNotWritten, w.ToString());
        }

        return written;
    }

    /// <summary>Publishes the outputs to the CI asked for and tells the outcome.</summary>
    /// <param name="target">Where; null: none.</param>
    /// <param name="outputs">What.</param>
    /// <param name="azureCommand">Prints an Azure Pipelines command; null: standard output.</param>
    /// <returns>What was published, or null.</returns>
    public CiPublication? Ci(CiTarget? target, IReadOnlyList<CiOutput> outputs, Action<string>? azureCommand)
    {
        var published = target == null ? null : CiPublisher.Publish(target, outputs, azureCommand);
        if (published != null)
        {
            Emit(published.Published ? CacheOperationEventKind.Published : CacheOperationEventKind.ReportNotWritten, published.ToString());
        }

        return published;
    }
}
