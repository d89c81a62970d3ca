using System;
using System.IO;
using System.Threading;
using GoCaches;
using GoCaches.Ci;
using GoCaches.Operations;
using Microsoft.Build.Framework;

namespace GoModCache.MSBuild;

/// <summary>
/// The base of the tasks that run an engine operation on Go's caches (every task that is not a <c>go</c> command).
/// <see cref="Execute"/> is sealed and is the one error path: a task maps its parameters to the engine in
/// <see cref="Run"/> and its events to the log; an engine exception (<see cref="GoModCacheException"/>, or the I/O
/// exceptions an operation can throw) becomes one logged error with its code (<see cref="ErrorCodes"/>), a
/// cancellation one warning, and the task succeeds only when no error was logged.
/// </summary>
public abstract class GoCacheTask : Microsoft.Build.Utilities.Task, ICancelableTask
{
    private volatile CancellationTokenSource? _cancel;

    /// <summary>Gets or sets the full path of the go command. Empty: <c>PATH</c>, then <c>$GOROOT/bin</c>.</summary>
    public string? GoExecutable { get; set; }

    /// <summary>Gets or sets <c>NAME=value</c> pairs for <c>go env</c>.</summary>
    public string[]? EnvironmentVariables { get; set; }

    /// <summary>Gets or sets where <c>go env</c> runs. Empty: the current directory (the MSBuild project's).</summary>
    public string? WorkingDirectory { get; set; }

    /// <summary>Gets the code of the error an engine refusal (<see cref="GoModCacheException"/>) is logged with.</summary>
    private protected abstract string FailureCode { get; }

    /// <summary>Gets what the error message of an engine refusal ends with (for example that nothing was removed).</summary>
    private protected virtual string FailureSuffix => string.Empty;

    /// <summary>Gets a value indicating whether a failure is logged as a message only and the task still succeeds.</summary>
    private protected virtual bool FailureIsMessage => false;

    /// <summary>Gets the code of the warning a cancelled task logs.</summary>
    private protected virtual string CancelledCode => ErrorCodes.PruneIncomplete;

    /// <inheritdoc />
    public void Cancel()
    {
        try
        {
            _cancel?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The task has finished.
        }
    }

    /// <inheritdoc />
    public sealed override bool Execute()
    {
        using var cancel = new CancellationTokenSource();
        _cancel = cancel;
        try
        {
            Run(cancel.Token);
            return !Log.HasLoggedErrors;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            Log.LogWarning(null, CancelledCode, null, null, 0, 0, 0, 0, $"{GetType().Name} was cancelled; what was removed before that stays removed.");
            return false;
        }
        catch (Exception ex) when (ex is GoModCacheException or IOException or UnauthorizedAccessException)
        {
            var (code, message) = ex switch
            {
                GoCacheTaskException coded => (coded.Code, coded.Message),
                GoModCacheException => (FailureCode, $"{GetType().Name}: {ex.Message}{FailureSuffix}"),
                _ => (ErrorCodes.CacheUnreadable, $"{GetType().Name} could not read Go's caches: {ex.Message}"),
            };
            if (FailureIsMessage)
            {
                Log.LogMessage(MessageImportance.Normal, message);
                return true;
            }

            Log.LogError(null, code, null, null, 0, 0, 0, 0, message);
            return false;
        }
        finally
        {
            _cancel = null;
        }
    }

    /// <summary>Maps the parameters to the engine, runs it and maps its results and events to outputs and the log.</summary>
    /// <param name="cancellationToken">Cancelled when MSBuild cancels the task.</param>
    private protected abstract void Run(CancellationToken cancellationToken);

    /// <summary>Finds the cache roots: those given, else from <c>go env</c>; a failure is error <c>GOMC012</c>.</summary>
    /// <param name="modCacheRoot">The module cache root given, or empty.</param>
    /// <param name="buildCacheRoot">The build cache root given, or empty.</param>
    /// <param name="needModCache">Whether the module cache is needed.</param>
    /// <param name="needBuildCache">Whether the build cache is needed.</param>
    /// <returns>The roots.</returns>
    private protected CacheRoots Locate(string? modCacheRoot, string? buildCacheRoot, bool needModCache, bool needBuildCache)
    {
        try
        {
            return CacheRoots.Locate(modCacheRoot, buildCacheRoot, needModCache, needBuildCache, GoExecutable, EnvironmentVariables, WorkingDirectory);
        }
        catch (Exception ex) when (ex is GoModCacheException or IOException or UnauthorizedAccessException)
        {
            throw new GoCacheTaskException(ErrorCodes.CacheUnreadable, $"{GetType().Name} could not find Go's caches: {ex.Message}", ex);
        }
    }

    /// <summary>Logs an engine operation's event: what could not be removed as warning <paramref name="incompleteCode"/>, a report or CI output not written as <c>GOMC042</c>, outcomes and remarks as high-importance messages, the rest as normal ones.</summary>
    /// <param name="e">The event.</param>
    /// <param name="incompleteCode">The warning code of something not removed (<see cref="ErrorCodes"/>).</param>
    private protected void LogEvent(CacheOperationEvent e, string incompleteCode)
    {
        switch (e.Kind)
        {
            case CacheOperationEventKind.NotRemoved:
                Log.LogWarning(null, incompleteCode, null, null, 0, 0, 0, 0, $"{GetType().Name} {e.Message}");
                break;
            case CacheOperationEventKind.ReportNotWritten:
                Log.LogWarning(null, ErrorCodes.ReportNotWritten, null, null, 0, 0, 0, 0, $"{GetType().Name}: {e.Message}");
                break;
            case CacheOperationEventKind.Summary or CacheOperationEventKind.Note or CacheOperationEventKind.OtherBuilds:
                Log.LogMessage(MessageImportance.High, "GoModCache: " + e.Message);
                break;
            case CacheOperationEventKind.ReportWritten:
                Log.LogMessage(MessageImportance.Normal, $"GoModCache: {e.Message}.");
                break;
            default:
                Log.LogMessage(MessageImportance.Normal, "GoModCache: " + e.Message);
                break;
        }
    }

    /// <summary>Gets the CI of the build's environment when <paramref name="publish"/> is true (the tasks' <c>PublishToCI</c>).</summary>
    /// <param name="publish">Whether to publish.</param>
    /// <returns>The target.</returns>
    private protected static CiTarget Ci(bool publish) => CiTarget.FromEnvironment(publish);

    /// <summary>Prints an Azure Pipelines logging command as a message of its own, where the agent reads it.</summary>
    /// <param name="command">The <c>##vso[…]</c> line.</param>
    private protected void AzureCommand(string command) => Log.LogMessage(MessageImportance.High, command);

    /// <summary>Makes the exception for a refusal with its own code, logged by <see cref="Execute"/> as one error.</summary>
    /// <param name="code">The code (<see cref="ErrorCodes"/>).</param>
    /// <param name="message">The message, whole.</param>
    /// <returns>The exception to throw.</returns>
    private protected static GoModCacheException Fail(string code, string message) => new GoCacheTaskException(code, message, null);
}
