using System;
using System.Globalization;
using System.IO;
using System.Threading;
using GoCaches;
using GoCaches.Operations;
using GoCaches.Reports;
using Microsoft.Build.Framework;

namespace GoModCache.MSBuild;

/// <summary>
/// The base of the tasks that run an engine operation on Go's caches. <see cref="Execute"/> is sealed: it maps the
/// engine's messages and progress to the MSBuild log, turns an engine exception into one logged error with its code
/// (<see cref="ErrorCodes"/>), and a cancellation into warning <c>GOMC041</c>. A task maps its parameters to a
/// request in <see cref="Run"/>, nothing more.
/// </summary>
public abstract class GoCacheTask : Microsoft.Build.Utilities.Task, ICancelableTask
{
    private volatile CancellationTokenSource? _cancel;

    /// <summary>Gets or sets the full path of the go command. Empty: <c>PATH</c>, then <c>$GOROOT/bin</c>.</summary>
    public string? GoExecutable { get; set; }

    /// <summary>Gets or sets <c>NAME=value</c> pairs for <c>go env</c>.</summary>
    public string[]? EnvironmentVariables { get; set; }

    /// <summary>Gets or sets where <c>go env</c> runs. Empty: the MSBuild project's directory.</summary>
    public string? WorkingDirectory { get; set; }

    /// <summary>Gets or sets how often a long prune or clean logs its progress (tests shorten it).</summary>
    internal TimeSpan ProgressInterval { get; set; } = OperationDefaults.ProgressInterval;

    /// <summary>Gets the code of an engine failure that carries none.</summary>
    protected virtual string DefaultErrorCode => ErrorCodes.CacheUnreadable;

    /// <inheritdoc />
    public void Cancel()
    {
        try
        {
            _cancel?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The operation has finished.
        }
    }

    /// <inheritdoc />
    public sealed override bool Execute()
    {
        using var cancel = new CancellationTokenSource();
        _cancel = cancel;
        var operations = new GoCacheOperations();
        operations.Message += (_, m) => Write(m);
        operations.Progress += (_, p) =>
        {
            if (p.Phase != GoCaches.Pruning.PrunePhase.Done)
            {
                Log.LogMessage(MessageImportance.Normal, "GoModCache: " + p);
            }
        };
        try
        {
            return Run(operations, cancel.Token) && !Log.HasLoggedErrors;
        }
        catch (GoModCacheException ex)
        {
            Log.LogError(null, ex.ErrorCode ?? DefaultErrorCode, null, null, 0, 0, 0, 0, ex.Message);
            return false;
        }
        catch (OperationCanceledException)
        {
            Log.LogWarning(null, ErrorCodes.PruneIncomplete, null, null, 0, 0, 0, 0, $"{GetType().Name} was cancelled; what was removed before that stays removed.");
            return false;
        }
        finally
        {
            _cancel = null;
        }
    }

    /// <summary>Maps the parameters to a request and runs it.</summary>
    /// <param name="operations">The engine, its events already mapped to the log.</param>
    /// <param name="cancel">Cancelled when MSBuild cancels the task.</param>
    /// <returns>Whether the task succeeded (errors logged also fail it).</returns>
    protected abstract bool Run(GoCacheOperations operations, CancellationToken cancel);

    /// <summary>Finds the cache roots: those given, else from <c>go env</c>.</summary>
    /// <param name="modCacheRoot">The module cache root given, or empty.</param>
    /// <param name="buildCacheRoot">The build cache root given, or empty.</param>
    /// <param name="needModCache">Whether the module cache is needed.</param>
    /// <param name="needBuildCache">Whether the build cache is needed.</param>
    /// <returns>The roots.</returns>
    protected CacheRoots Locate(string? modCacheRoot, string? buildCacheRoot, bool needModCache, bool needBuildCache)
    {
        try
        {
            return CacheRoots.Locate(modCacheRoot, buildCacheRoot, needModCache, needBuildCache, GoExecutable, CacheRoots.ParseEnvironment(EnvironmentVariables), WorkingDirectory);
        }
        catch (GoModCacheException ex) when (ex.ErrorCode == null)
        {
            throw new GoModCacheException("Could not find Go's caches: " + ex.Message, ex) { ErrorCode = ErrorCodes.CacheUnreadable };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new GoModCacheException("Could not find Go's caches: " + ex.Message, ex) { ErrorCode = ErrorCodes.CacheUnreadable };
        }
    }

    /// <summary>Makes the report targets from task parameters.</summary>
    /// <param name="json">The JSON file, or empty.</param>
    /// <param name="markdown">The Markdown file, or empty.</param>
    /// <param name="jobSummary">Whether to append to the GitHub job summary.</param>
    /// <param name="publishToCI">Whether to publish CI variables.</param>
    /// <returns>The targets.</returns>
    protected static ReportTargets Reports(string? json, string? markdown, bool jobSummary, bool publishToCI) => new()
    {
        JsonFile = string.IsNullOrWhiteSpace(json) ? null : Path.GetFullPath(json),
        MarkdownFile = string.IsNullOrWhiteSpace(markdown) ? null : Path.GetFullPath(markdown),
        JobSummary = jobSummary,
        PublishToCI = publishToCI,
    };

    /// <summary>Reads a duration: a number of <paramref name="unit"/>s, or a time span as .NET writes it (<c>[d.]hh:mm[:ss]</c>).</summary>
    /// <param name="text">The text.</param>
    /// <param name="unit">One unit (a day, a second).</param>
    /// <param name="value">The duration.</param>
    /// <returns>Whether the text is a duration.</returns>
    internal static bool TryParseDuration(string text, TimeSpan unit, out TimeSpan value)
    {
        var s = text.Trim();
        if (double.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var units))
        {
            if (units > TimeSpan.MaxValue.Ticks / (double)unit.Ticks - 1)
            {
                value = default;
                return false;
            }

            value = TimeSpan.FromTicks((long)(units * unit.Ticks));
            return true;
        }

        return TimeSpan.TryParse(s, CultureInfo.InvariantCulture, out value);
    }

    private void Write(OperationMessage m)
    {
        var text = "GoModCache: " + m.Text;
        switch (m.Level)
        {
            case MessageLevel.Detail:
                Log.LogMessage(MessageImportance.Low, text);
                break;
            case MessageLevel.Info:
                Log.LogMessage(MessageImportance.Normal, text);
                break;
            case MessageLevel.Important:
                Log.LogMessage(MessageImportance.High, m.Text.StartsWith("##vso[", StringComparison.Ordinal) ? m.Text : text);
                break;
            case MessageLevel.Warning:
                Log.LogWarning(null, m.Code, null, null, 0, 0, 0, 0, m.Text);
                break;
            default:
                Log.LogError(null, m.Code, null, null, 0, 0, 0, 0, m.Text);
                break;
        }
    }
}
