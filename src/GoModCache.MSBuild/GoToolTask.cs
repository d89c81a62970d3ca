using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoCaches;
using GoCaches.Go;
using GoCaches.Leases;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using GoLocator = GoCaches.Go.GoToolLocator;

namespace GoModCache.MSBuild;

/// <summary>
/// The base of the tasks that run the go command: finds go (<see cref="GoExecutable"/>, else <c>PATH</c>, else
/// <c>$GOROOT/bin</c>), passes Go's environment through <see cref="ToolTask.EnvironmentVariables"/>, and turns Go's
/// <c>file:line:col: message</c> lines into MSBuild errors with the full file path, line and column.
/// </summary>
public abstract class GoToolTask : ToolTask
{
    private const int KeptTextLines = 20;

    private readonly List<string> _text = [];
    private GoDiagnostic? _pending;
    private string? _resolvedGo;
    private SecretRedactor _redactor = SecretRedactor.UrlsOnly;
    private string[]? _processVariables;

    /// <summary>Gets or sets the full path of the go command. Empty: <c>PATH</c>, then <c>$GOROOT/bin</c>.</summary>
    public string? GoExecutable { get; set; }

    /// <summary>Gets or sets <c>GOFLAGS</c> for the go process (unset: inherited).</summary>
    public string? GoFlags { get; set; }

    /// <summary>Gets or sets the directory go runs in. Empty: the MSBuild project's directory.</summary>
    public string? WorkingDirectory { get; set; }

    /// <summary>Gets the number of errors this task logged from Go's positioned diagnostics.</summary>
    internal int DiagnosticErrors { get; private set; }

    /// <inheritdoc />
    protected override string ToolName => GoLocator.FileName;

    /// <summary>Gets a short name of the command for messages, e.g. <c>go build</c>.</summary>
    protected abstract string CommandDisplayName { get; }

    /// <summary>Gets the directory go runs in, absolute; Go's relative file names in diagnostics are relative to it.</summary>
    protected virtual string EffectiveWorkingDirectory => Path.GetFullPath(string.IsNullOrEmpty(WorkingDirectory) ? Directory.GetCurrentDirectory() : WorkingDirectory);

    /// <inheritdoc />
    public override bool Execute()
    {
        if (!Directory.Exists(EffectiveWorkingDirectory))
        {
            Log.LogError(null, ErrorCodes.DirectoryMissing, null, null, 0, 0, 0, 0, $"The directory '{EffectiveWorkingDirectory}' where '{CommandDisplayName}' should run does not exist.");
            return false;
        }

        try
        {
            _resolvedGo = GoLocator.Find(string.IsNullOrWhiteSpace(GoExecutable) ? null : GoExecutable);
        }
        catch (GoModCacheException ex)
        {
            Log.LogError(null, ErrorCodes.GoNotFound, null, null, 0, 0, 0, 0, ex.Message);
            return false;
        }

        var extra = GoEnvironmentOverrides().ToList();
        if (extra.Count > 0)
        {
            EnvironmentVariables = [.. EnvironmentVariables ?? [], .. extra];
        }

        // Credentials in GOPROXY, GOSUMDB or .netrc never reach the build log: Go's lines are masked before they are logged.
        var goVariables = CacheRoots.ParseEnvironment(EnvironmentVariables);
        _redactor = SecretRedactor.For(name => goVariables.TryGetValue(name, out var value) ? value : Environment.GetEnvironmentVariable(name));

        if (LeaseName is not { } what)
        {
            return RunTool();
        }

        // A build holds shared leases on the caches while go runs, so that a clean by another job waits for it or
        // leaves the clean to it (the last build out performs it on release).
        GoBuildLease lease;
        try
        {
            var variables = CacheRoots.ParseEnvironment(EnvironmentVariables);
            lease = GoBuildLease.AcquireFor(
                name => variables.TryGetValue(name, out var value) ? value : Environment.GetEnvironmentVariable(name),
                what,
                EffectiveWorkingDirectory,
                line => Log.LogMessage(MessageImportance.High, "GoModCache: " + line));
        }
        catch (GoModCacheException ex)
        {
            Log.LogError(null, ErrorCodes.LeaseTimeout, null, null, 0, 0, 0, 0, ex.Message);
            return false;
        }

        try
        {
            EnvironmentVariables = [.. EnvironmentVariables ?? [], .. lease.EnvironmentVariables.Select(p => p.Key + "=" + p.Value)];
            return RunTool();
        }
        finally
        {
            foreach (var line in lease.Release())
            {
                Log.LogMessage(MessageImportance.High, "GoModCache: " + line);
            }
        }
    }

    /// <inheritdoc />
    protected override System.Diagnostics.ProcessStartInfo GetProcessStartInfo(string pathToTool, string commandLineCommands, string responseFileSwitch)
    {
        var startInfo = base.GetProcessStartInfo(pathToTool, commandLineCommands, responseFileSwitch);
        foreach (var pair in CacheRoots.ParseEnvironment(_processVariables))
        {
            startInfo.Environment[pair.Key] = pair.Value;
        }

        return startInfo;
    }

    /// <summary>Gets the name of a task that builds (<c>GoBuild</c>): it holds the caches' leases while go runs. Null for the others.</summary>
    private protected virtual string? LeaseName => null;

    /// <summary>
    /// Runs go through <see cref="ToolTask.Execute"/> with the variables applied by <see cref="GetProcessStartInfo"/>
    /// instead of ToolTask's own list, which ToolTask logs as they are: here they are logged masked.
    /// </summary>
    private bool RunTool()
    {
        _processVariables = EnvironmentVariables;
        if (_processVariables is { Length: > 0 })
        {
            Log.LogMessage(MessageImportance.Low, "Environment variables passed to go:");
            foreach (var pair in _processVariables)
            {
                Log.LogMessage(MessageImportance.Low, "  " + _redactor.Redact(pair));
            }
        }

        EnvironmentVariables = null;
        try
        {
            return base.Execute() && !Log.HasLoggedErrors;
        }
        finally
        {
            EnvironmentVariables = _processVariables;
        }
    }

    /// <summary>Processes one line of Go's output as <see cref="LogEventsFromTextOutput"/> does (for tests).</summary>
    /// <param name="line">The line.</param>
    internal void ProcessLine(string line) => LogEventsFromTextOutput(line, MessageImportance.Normal);

    /// <summary>Logs the diagnostic still waiting for continuation lines, if any.</summary>
    internal void FlushPending()
    {
        if (_pending == null)
        {
            return;
        }

        var d = _pending;
        _pending = null;
        switch (d.Severity)
        {
            case GoDiagnosticSeverity.Error:
                DiagnosticErrors++;
                Log.LogError(null, ErrorCodes.Go, null, d.File, d.Line, d.Column, 0, 0, d.Message);
                break;
            case GoDiagnosticSeverity.Warning:
                Log.LogWarning(null, ErrorCodes.Go, null, d.File, d.Line, d.Column, 0, 0, d.Message);
                break;
            default:
                Log.LogMessage(null, null, null, d.File, d.Line, d.Column, 0, 0, MessageImportance.High, d.Message);
                break;
        }
    }

    /// <summary>Variables to set for the go process besides <see cref="ToolTask.EnvironmentVariables"/> (they win over it).</summary>
    /// <returns><c>NAME=value</c> pairs.</returns>
    protected virtual IEnumerable<string> GoEnvironmentOverrides()
    {
        if (!string.IsNullOrEmpty(GoFlags))
        {
            yield return "GOFLAGS=" + GoFlags;
        }
    }

    /// <inheritdoc />
    protected override string GenerateFullPathToTool() => _resolvedGo ?? GoLocator.Find();

    /// <inheritdoc />
    protected override string GetWorkingDirectory() => EffectiveWorkingDirectory;

    /// <inheritdoc />
    protected override int ExecuteTool(string pathToTool, string responseFileCommands, string commandLineCommands)
    {
        var code = base.ExecuteTool(pathToTool, responseFileCommands, commandLineCommands);
        FlushPending();
        return code;
    }

    /// <inheritdoc />
    protected override void LogEventsFromTextOutput(string singleLine, MessageImportance messageImportance)
    {
        ArgumentNullException.ThrowIfNull(singleLine);
        singleLine = _redactor.Redact(singleLine);
        var kind = GoOutputParser.Classify(singleLine, EffectiveWorkingDirectory, out var diagnostic);
        if (kind == GoLineKind.Continuation && _pending != null)
        {
            // One line per diagnostic reads best in IDE error lists and CI annotations: "…; have (int); want (string)".
            _pending = _pending with { Message = _pending.Message + "; " + singleLine.Trim() };
            return;
        }

        FlushPending();
        switch (kind)
        {
            case GoLineKind.Diagnostic:
                _pending = diagnostic;
                break;
            case GoLineKind.PackageHeader:
                Log.LogMessage(MessageImportance.High, singleLine);
                break;
            default:
                KeepText(singleLine);
                base.LogEventsFromTextOutput(singleLine, messageImportance);
                break;
        }
    }

    /// <inheritdoc />
    protected override bool HandleTaskExecutionErrors()
    {
        FlushPending();
        if (DiagnosticErrors == 0 && !Log.HasLoggedErrors)
        {
            // No file position to point at (a missing go.sum entry, an unreachable proxy, …): say what go said.
            var said = _text.Count == 0 ? "." : ":" + Environment.NewLine + string.Join(Environment.NewLine, _text);
            Log.LogError(null, ErrorCodes.GoFailed, null, null, 0, 0, 0, 0, $"'{CommandDisplayName}' exited with code {ExitCode}{said}");
        }
        else
        {
            Log.LogMessage(MessageImportance.Normal, $"'{CommandDisplayName}' exited with code {ExitCode}.");
        }

        return false;
    }

    /// <summary>Builds <c>NAME=value</c> for a Go boolean variable such as <c>CGO_ENABLED</c> from MSBuild's true/false.</summary>
    /// <param name="name">The variable.</param>
    /// <param name="value">true/false/1/0 (or empty: nothing).</param>
    /// <returns>The pair, or null.</returns>
    protected static string? BooleanVariable(string name, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var v = value.Trim();
        return v.ToUpperInvariant() switch
        {
            "TRUE" or "1" or "YES" or "ON" => name + "=1",
            "FALSE" or "0" or "NO" or "OFF" => name + "=0",
            _ => name + "=" + v,
        };
    }

    private void KeepText(string line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }

        _text.Add(line);
        if (_text.Count > KeptTextLines)
        {
            _text.RemoveAt(0);
        }
    }
}
