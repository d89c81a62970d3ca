using System;
using System.Collections.Generic;
using System.Linq;
using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using Cake.Core.Tooling;
using GoCaches;
using GoCaches.Go;
using GoCaches.Leases;

namespace Cake.GoModCache;

/// <summary>What one go command wrote and how it exited.</summary>
public sealed class GoToolOutput
{
    private readonly List<string> _standardOutput = [];
    private readonly List<string> _standardError = [];

    /// <summary>Gets the exit code.</summary>
    public int ExitCode { get; internal set; }

    /// <summary>Gets the command as a failure names it (redacted, at most 200 characters of arguments).</summary>
    internal string CommandName { get; set; } = "go";

    /// <summary>
    /// Gets the redactor for this run's environment: what the tool logs or throws from Go's output goes through it, so
    /// that credentials in <c>GOPROXY</c>, <c>GOSUMDB</c> or <c>.netrc</c> never reach a log or a message.
    /// </summary>
    internal SecretRedactor Redactor { get; set; } = SecretRedactor.UrlsOnly;

    /// <summary>Gets the standard output lines.</summary>
    public IReadOnlyList<string> StandardOutput
    {
        get
        {
            lock (_standardOutput)
            {
                return _standardOutput.ToList();
            }
        }
    }

    /// <summary>Gets the standard error lines (Go writes its errors and its progress there).</summary>
    public IReadOnlyList<string> StandardError
    {
        get
        {
            lock (_standardError)
            {
                return _standardError.ToList();
            }
        }
    }

    internal void AddOutput(string line)
    {
        lock (_standardOutput)
        {
            _standardOutput.Add(line);
        }
    }

    internal void AddError(string line)
    {
        lock (_standardError)
        {
            _standardError.Add(line);
        }
    }

    /// <summary>Gets Go's error text: the standard error lines that are not progress (<c>go: downloading …</c>).</summary>
    /// <returns>The error lines.</returns>
    public IReadOnlyList<string> ErrorLines() =>
        StandardError.Where(l => !l.StartsWith("go: downloading ", StringComparison.Ordinal) && !l.StartsWith("go: finding ", StringComparison.Ordinal) && !string.IsNullOrWhiteSpace(l)).ToList();
}

/// <summary>
/// Base of the go command tools: finds <c>go</c> / <c>go.exe</c> (tool path setting, Cake's tool
/// resolution, <c>PATH</c>, then <c>$GOROOT/bin</c>), applies the Go environment settings, streams Go's
/// output into the Cake log while capturing it, and turns a failure into a <see cref="CakeException"/>
/// that carries Go's own error lines.
/// </summary>
/// <typeparam name="TSettings">The settings type.</typeparam>
public abstract class GoTool<TSettings> : Tool<TSettings>
    where TSettings : GoSettings
{
    private readonly ICakeEnvironment _environment;

    /// <summary>Initializes a new instance of the <see cref="GoTool{TSettings}"/> class.</summary>
    /// <param name="fileSystem">The file system.</param>
    /// <param name="environment">The environment.</param>
    /// <param name="processRunner">The process runner.</param>
    /// <param name="tools">The tool locator.</param>
    /// <param name="log">The Cake log.</param>
    protected GoTool(IFileSystem fileSystem, ICakeEnvironment environment, IProcessRunner processRunner, IToolLocator tools, ICakeLog log)
        : base(fileSystem, environment, processRunner, tools)
    {
        _environment = environment;
        Log = log;
    }

    /// <summary>Gets the Cake log.</summary>
    protected ICakeLog Log { get; }

    /// <summary>
    /// Gets or sets a value indicating whether a non-zero exit code is left to the caller (which parses
    /// Go's output first and then throws with a better message) instead of throwing at once.
    /// </summary>
    protected bool DeferExitCode { get; set; }

    /// <summary>Gets the resolved path of the go command for the given settings, or null.</summary>
    /// <param name="settings">The settings.</param>
    /// <returns>The path.</returns>
    public FilePath? ResolveGoPath(TSettings settings) => GetToolPath(settings);

    /// <inheritdoc/>
    protected override string GetToolName() => "Go";

    /// <inheritdoc/>
    protected override IEnumerable<string> GetToolExecutableNames() => ["go", "go.exe"];

    /// <inheritdoc/>
    protected override IEnumerable<FilePath> GetAlternativeToolPaths(TSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var goroot = settings.EnvironmentVariables.TryGetValue("GOROOT", out var fromSettings) ? fromSettings : _environment.GetEnvironmentVariable("GOROOT");
        if (string.IsNullOrEmpty(goroot))
        {
            return [];
        }

        var bin = new DirectoryPath(goroot).Combine("bin");
        return [bin.CombineWithFilePath("go"), bin.CombineWithFilePath("go.exe")];
    }

    /// <inheritdoc/>
    protected override IDictionary<string, string> GetEnvironmentVariables(TSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var env = new Dictionary<string, string>(settings.EnvironmentVariables, StringComparer.Ordinal);
        foreach (var pair in settings.GetGoEnvironment())
        {
            env[pair.Key] = pair.Value;
        }

        return env;
    }

    /// <summary>
    /// Gets the name of a go command that builds (<c>GoBuild</c>, <c>GoTest</c>): while it runs it holds shared
    /// leases on the module and build caches (<see cref="GoBuildLease"/>), so that a clean waits
    /// for it or leaves the clean to it. Null (the default) for commands that only query.
    /// </summary>
    private protected virtual string? LeaseName => null;

    /// <summary>Runs go, streaming its output into the log and capturing it.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="arguments">The arguments, starting with the go subcommand.</param>
    /// <param name="logStandardOutput">Whether standard output lines go to the log as they come (false for JSON output).</param>
    /// <returns>The captured output and exit code; a non-zero exit throws unless <see cref="ToolSettings.HandleExitCode"/> says otherwise.</returns>
    protected GoToolOutput RunGo(TSettings settings, ProcessArgumentBuilder arguments, bool logStandardOutput = true)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        // Everything about this run lives in its output object (the tool keeps no per-run state: one instance may run
        // go twice, or for two callers).
        var rendered = arguments.Render();
        var overrides = GetEnvironmentVariables(settings);
        var redactor = SecretRedactor.For(name => overrides.TryGetValue(name, out var value) ? value : _environment.GetEnvironmentVariable(name));
        var output = new GoToolOutput
        {
            Redactor = redactor,
            CommandName = redactor.Redact("go " + (rendered.Length > 200 ? rendered[..200] + "…" : rendered)),
        };
        var processSettings = new ProcessSettings
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectedStandardOutputHandler = line =>
            {
                if (line != null)
                {
                    // Kept as Go wrote it (JSON is parsed from it); what is logged is redacted.
                    output.AddOutput(line);
                    if (logStandardOutput)
                    {
                        Log.Information(Verbosity.Normal, "{0}", redactor.Redact(line));
                    }
                }

                return line!;
            },
            RedirectedStandardErrorHandler = line =>
            {
                if (line != null)
                {
                    line = redactor.Redact(line);
                    output.AddError(line);
                    Log.Information(Verbosity.Normal, "{0}", line);
                }

                return line!;
            },
        };
        var lease = LeaseName is { } what ? AcquireLease(settings, what) : null;
        try
        {
            // This run's environment: the settings' variables and the lease's (Cake's Tool uses these when given).
            foreach (var pair in lease?.EnvironmentVariables ?? new Dictionary<string, string>())
            {
                overrides[pair.Key] = pair.Value;
            }

            processSettings.EnvironmentVariables = overrides;
            Run(settings, arguments, processSettings, process => output.ExitCode = process.GetExitCode());
        }
        catch (GoExitCode failed)
        {
            throw new CakeException(failed.ExitCode, output.Redactor.Redact(FormatFailure(output.CommandName, failed.ExitCode, output.ErrorLines())));
        }
        finally
        {
            foreach (var line in lease?.Release() ?? [])
            {
                Log.Information("{0}", line);
            }
        }

        return output;
    }

    private GoBuildLease AcquireLease(TSettings settings, string what)
    {
        var overrides = GetEnvironmentVariables(settings);
        string? Getenv(string name) => overrides.TryGetValue(name, out var value) ? value : _environment.GetEnvironmentVariable(name);
        var workingDirectory = (settings.WorkingDirectory ?? _environment.WorkingDirectory).MakeAbsolute(_environment).FullPath;
        try
        {
            return GoBuildLease.AcquireFor(Getenv, what, workingDirectory, line => Log.Information("{0}", line));
        }
        catch (GoModCacheException ex)
        {
            throw new CakeException(ex.Message, ex);
        }
    }

    /// <summary>
    /// Hands a non-zero exit code back to the run (<see cref="RunGo"/>), which throws a <see cref="CakeException"/>
    /// that carries that run's Go error lines.
    /// </summary>
    /// <param name="exitCode">The exit code.</param>
    protected override void ProcessExitCode(int exitCode)
    {
        if (exitCode == 0 || DeferExitCode)
        {
            return;
        }

        throw new GoExitCode(exitCode);
    }

    /// <summary>Throws the failure exception for a run whose exit code was deferred.</summary>
    /// <param name="output">The run's output.</param>
    /// <param name="detail">Extra text to put first (e.g. failed test names), or null.</param>
    /// <returns>Never returns; typed so callers can write <c>throw Fail(…)</c>.</returns>
    protected CakeException Fail(GoToolOutput output, string? detail = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        var lines = output.ErrorLines();
        if (detail != null)
        {
            lines = [detail, .. lines];
        }

        return new CakeException(output.ExitCode == 0 ? 1 : output.ExitCode, output.Redactor.Redact(FormatFailure(output.CommandName, output.ExitCode, lines)));
    }

    internal static string FormatFailure(string command, int exitCode, IReadOnlyList<string> errorLines)
    {
        var message = $"'{command}' failed with exit code {exitCode}.";
        if (errorLines.Count > 0)
        {
            const int max = 40;
            message += Environment.NewLine + string.Join(Environment.NewLine, errorLines.Take(max));
            if (errorLines.Count > max)
            {
                message += Environment.NewLine + $"… and {errorLines.Count - max} more lines (see the log above).";
            }
        }

        return message;
    }

    /// <summary>A non-zero exit code on its way from <see cref="ProcessExitCode"/> back to the run that saw it.</summary>
    private sealed class GoExitCode(int exitCode) : Exception("go exited with code " + exitCode)
    {
        public int ExitCode { get; } = exitCode;
    }
}
