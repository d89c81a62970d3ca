using System;
using System.Collections.Generic;
using System.Linq;
using Cake.Core;
using Cake.Core.Configuration;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using Cake.Core.Tooling;

namespace Cake.GoModCache.Tests;

/// <summary>A log that keeps what it is told.</summary>
public sealed class RecordingLog : ICakeLog
{
    private readonly List<(LogLevel Level, string Text)> _entries = [];

    public Verbosity Verbosity { get; set; } = Verbosity.Diagnostic;

    public IReadOnlyList<(LogLevel Level, string Text)> Entries
    {
        get
        {
            lock (_entries)
            {
                return _entries.ToList();
            }
        }
    }

    public string Text => string.Join("\n", Entries.Select(e => e.Text));

    /// <summary>Gets or sets what is told each line as it is written (from the writer's thread), for a test that acts on a line.</summary>
    public Action<string>? OnWrite { get; set; }

    public void Write(Verbosity verbosity, LogLevel level, string format, params object[] args)
    {
        var text = args.Length == 0 ? format : string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args);
        lock (_entries)
        {
            _entries.Add((level, text));
        }

        OnWrite?.Invoke(text);
    }
}

/// <summary>One process start a <see cref="RecordingProcessRunner"/> saw.</summary>
public sealed record RecordedProcess(FilePath File, ProcessSettings Settings)
{
    public string Arguments => Settings.Arguments.Render();
}

/// <summary>
/// Records every process start and answers with the exit code and output lines a test set up, feeding the
/// lines through the redirect handlers as Cake's own runner does.
/// </summary>
public sealed class RecordingProcessRunner : IProcessRunner
{
    public List<RecordedProcess> Started { get; } = [];

    public Queue<(int ExitCode, string[] StandardOutput, string[] StandardError)> Answers { get; } = new();

    public IProcess Start(FilePath filePath, ProcessSettings settings)
    {
        Started.Add(new RecordedProcess(filePath, settings));
        var (exitCode, stdout, stderr) = Answers.Count > 0 ? Answers.Dequeue() : (0, Array.Empty<string>(), Array.Empty<string>());
        var output = stdout.Select(l => settings.RedirectedStandardOutputHandler?.Invoke(l) ?? l).ToList();
        var error = stderr.Select(l => settings.RedirectedStandardErrorHandler?.Invoke(l) ?? l).ToList();
        return new FinishedProcess(exitCode, output, error);
    }

    private sealed class FinishedProcess(int exitCode, List<string> output, List<string> error) : IProcess
    {
        public void Dispose()
        {
        }

        public void WaitForExit()
        {
        }

        public bool WaitForExit(int milliseconds) => true;

        public int GetExitCode() => exitCode;

        public IEnumerable<string> GetStandardError() => error;

        public IEnumerable<string> GetStandardOutput() => output;

        public void Kill()
        {
        }
    }
}

/// <summary>These tests install no tools: a request to is a test bug.</summary>
public sealed class NoToolInstaller : IToolInstaller
{
    public IEnumerable<FilePath> Install(Cake.Core.Packaging.PackageReference tool) => throw new NotSupportedException("The tests install no tools: " + tool);
}

/// <summary>An empty service provider.</summary>
public sealed class NoServices : IServiceProvider
{
    public object? GetService(Type serviceType) => null;
}

/// <summary>A real <see cref="CakeContext"/> built from Cake.Core's public classes.</summary>
public sealed class CakeFixture
{
    public CakeFixture(bool realProcesses = false)
    {
        FileSystem = new FileSystem();
        Environment = new CakeEnvironment(new CakePlatform(), new CakeRuntime());

        var globber = new Globber(FileSystem, Environment);
        var configuration = new CakeConfiguration(new Dictionary<string, string>());
        Log = new RecordingLog();
        var tools = new ToolLocator(Environment, new ToolRepository(Environment), new ToolResolutionStrategy(FileSystem, Environment, globber, configuration, Log));
        Recorder = new RecordingProcessRunner();
        IProcessRunner runner = realProcesses ? new ProcessRunner(FileSystem, Environment, Log, tools, configuration) : Recorder;
        Context = new CakeContext(
            FileSystem,
            Environment,
            globber,
            Log,
            new CakeArguments(Array.Empty<string>().ToLookup(a => a)),
            runner,
            new WindowsRegistry(),
            tools,
            new CakeDataService(),
            configuration,
            new NoToolInstaller(),
            new NoServices());
    }

    public FileSystem FileSystem { get; }

    public CakeEnvironment Environment { get; }

    public RecordingLog Log { get; }

    public RecordingProcessRunner Recorder { get; }

    public CakeContext Context { get; }

    /// <summary>Gets the one process started (fails when there were more or fewer).</summary>
    public RecordedProcess OnlyProcess => Recorder.Started.Count == 1 ? Recorder.Started[0] : throw new InvalidOperationException($"{Recorder.Started.Count} processes were started");
}
