using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;

namespace GoCaches.Go;

/// <summary>
/// Runs the go command for the engine (the Cake addin and the MSBuild tasks run Go through their own
/// process runners for builds; the engine only needs short, machine-readable queries).
/// </summary>
public sealed class GoCommand
{
    /// <summary>Initializes a new instance of the <see cref="GoCommand"/> class.</summary>
    /// <param name="executable">Full path of the go command (see <see cref="GoToolLocator.Find"/>).</param>
    /// <param name="environment">Variables to set (or, with a null value, to remove) for each run.</param>
    /// <param name="workingDirectory">The working directory; the current directory when null.</param>
    public GoCommand(string executable, IReadOnlyDictionary<string, string?>? environment = null, string? workingDirectory = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(executable);
        Executable = executable;
        Environment = environment ?? new Dictionary<string, string?>();
        WorkingDirectory = workingDirectory;
    }

    /// <summary>Gets the full path of the go command.</summary>
    public string Executable { get; }

    /// <summary>Gets the environment overrides applied to each run.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; }

    /// <summary>Gets the working directory, or null for the current one.</summary>
    public string? WorkingDirectory { get; }

    /// <summary>Finds go the usual way (<see cref="GoToolLocator.Find"/>) and returns a command for it.</summary>
    /// <param name="explicitPath">An explicit path of the go command, or null.</param>
    /// <param name="environment">Environment overrides for each run.</param>
    /// <param name="workingDirectory">The working directory, or null.</param>
    /// <returns>The command.</returns>
    public static GoCommand Locate(string? explicitPath = null, IReadOnlyDictionary<string, string?>? environment = null, string? workingDirectory = null)
    {
        IReadOnlyDictionary<string, string?>? lookup = null;
        if (environment != null && (environment.ContainsKey("PATH") || environment.ContainsKey("GOROOT")))
        {
            var merged = new Dictionary<string, string?>
            {
                ["PATH"] = System.Environment.GetEnvironmentVariable("PATH"),
                ["GOROOT"] = System.Environment.GetEnvironmentVariable("GOROOT"),
            };
            foreach (var pair in environment)
            {
                merged[pair.Key] = pair.Value;
            }

            lookup = merged;
        }

        return new GoCommand(GoToolLocator.Find(explicitPath, lookup), environment, workingDirectory);
    }

    /// <summary>Runs go with the given arguments and waits for it.</summary>
    /// <param name="arguments">The arguments, one per element (no shell quoting needed).</param>
    /// <returns>The exit code and captured output.</returns>
    /// <exception cref="GoModCacheException">The process could not be started.</exception>
    public GoCommandResult Run(params string[] arguments) => Run((IEnumerable<string>)arguments);

    /// <summary>Runs go with the given arguments and waits for it.</summary>
    /// <param name="arguments">The arguments, one per element (no shell quoting needed).</param>
    /// <returns>The exit code and captured output.</returns>
    /// <exception cref="GoModCacheException">The process could not be started.</exception>
    public GoCommandResult Run(IEnumerable<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var args = arguments.ToList();
        var startInfo = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            CreateNoWindow = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }

        if (WorkingDirectory != null)
        {
            startInfo.WorkingDirectory = WorkingDirectory;
        }

        foreach (var pair in Environment)
        {
            if (pair.Value == null)
            {
                startInfo.Environment.Remove(pair.Key);
            }
            else
            {
                startInfo.Environment[pair.Key] = pair.Value;
            }
        }

        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        using var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => Append(stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(stderr, e.Data);
        try
        {
            process.Start();
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new GoModCacheException($"Could not start '{Executable}': {ex.Message}", ex);
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.WaitForExit();
        return new GoCommandResult(process.ExitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Describes a failed run for an error message: the command line and Go's own error text.</summary>
    /// <param name="arguments">The arguments the command ran with.</param>
    /// <param name="result">The result.</param>
    /// <returns>A one-paragraph description.</returns>
    public string Describe(IEnumerable<string> arguments, GoCommandResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = result.StandardError.Trim();
        if (text.Length == 0)
        {
            text = result.StandardOutput.Trim();
        }

        var described = $"'{Executable} {string.Join(' ', arguments)}' exited with code {result.ExitCode}" + (text.Length > 0 ? $": {text}" : ".");
        return SecretRedactor.For(Environment).Redact(described);
    }

    private static void Append(StringBuilder sb, string? line)
    {
        if (line == null)
        {
            return;
        }

        lock (sb)
        {
            sb.Append(line).Append('\n');
        }
    }
}
