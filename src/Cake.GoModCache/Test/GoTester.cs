using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using Cake.Core.Tooling;

namespace Cake.GoModCache.Test;

/// <summary>Runs <c>go test -json</c> and reads its events.</summary>
public sealed class GoTester : GoTool<GoTestSettings>
{
    /// <inheritdoc/>
    private protected override string? LeaseName => "GoTest";

    /// <summary>Initializes a new instance of the <see cref="GoTester"/> class.</summary>
    /// <param name="fileSystem">The file system.</param>
    /// <param name="environment">The environment.</param>
    /// <param name="processRunner">The process runner.</param>
    /// <param name="tools">The tool locator.</param>
    /// <param name="log">The Cake log.</param>
    public GoTester(IFileSystem fileSystem, ICakeEnvironment environment, IProcessRunner processRunner, IToolLocator tools, ICakeLog log)
        : base(fileSystem, environment, processRunner, tools, log)
    {
        DeferExitCode = true;
    }

    /// <summary>Runs the tests.</summary>
    /// <param name="settings">The settings.</param>
    /// <returns>The counts and the failed tests.</returns>
    /// <exception cref="CakeException">A test or a package failed and <see cref="GoTestSettings.FailOnTestFailure"/> is set, or go failed to run.</exception>
    public GoTestResult Test(GoTestSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var output = RunGo(settings, GetArguments(settings), logStandardOutput: false);
        var result = Parse(output.Redactor.Redact(output.StandardOutput), Log);
        result.ExitCode = output.ExitCode;
        Log.Information("go test: {0} passed, {1} failed, {2} skipped in {3} package(s).", result.Passed, result.Failed, result.Skipped, result.Packages.Count);
        if (output.ExitCode != 0 && result.FailedTests.Count == 0 && result.FailedPackages.Count == 0)
        {
            throw Fail(output);
        }

        if (!result.Succeeded && settings.FailOnTestFailure)
        {
            var detail = result.FailedTests.Count > 0
                ? "Failed tests: " + string.Join(", ", result.FailedTests)
                : "Failed packages: " + string.Join(", ", result.FailedPackages);
            throw Fail(output, detail);
        }

        return result;
    }

    internal static ProcessArgumentBuilder GetArguments(GoTestSettings settings)
    {
        var builder = new ProcessArgumentBuilder();
        builder.Append("test");
        builder.Append("-json");
        if (!string.IsNullOrEmpty(settings.Run))
        {
            builder.Append("-run");
            builder.AppendQuoted(settings.Run);
        }

        if (settings.Race)
        {
            builder.Append("-race");
        }

        if (settings.Count != null)
        {
            builder.Append("-count=" + settings.Count.Value.ToString(CultureInfo.InvariantCulture));
        }

        if (settings.Timeout != null)
        {
            builder.Append("-timeout=" + ((long)Math.Ceiling(settings.Timeout.Value.TotalSeconds)).ToString(CultureInfo.InvariantCulture) + "s");
        }

        if (settings.Tags.Count > 0)
        {
            builder.Append("-tags");
            builder.AppendQuoted(string.Join(',', settings.Tags));
        }

        if (settings.Packages.Count == 0)
        {
            builder.Append("./...");
        }
        else
        {
            foreach (var p in settings.Packages)
            {
                builder.AppendQuoted(p);
            }
        }

        return builder;
    }

    /// <summary>Reads <c>go test -json</c> events (test2json format), logging test output as it goes.</summary>
    /// <param name="lines">The standard output lines.</param>
    /// <param name="log">The log, or null.</param>
    /// <returns>The result (exit code not set).</returns>
    internal static GoTestResult Parse(IEnumerable<string> lines, ICakeLog? log)
    {
        int passed = 0, failed = 0, skipped = 0;
        var failedTests = new List<string>();
        var failedPackages = new List<string>();
        var packages = new SortedSet<string>(StringComparer.Ordinal);
        var outputs = new Dictionary<(string, string), List<string>>();
        foreach (var line in lines)
        {
            if (!line.StartsWith('{'))
            {
                log?.Information(Verbosity.Normal, "{0}", line);
                continue;
            }

            TestEvent? e;
            try
            {
                e = JsonSerializer.Deserialize<TestEvent>(line);
            }
            catch (JsonException)
            {
                log?.Information(Verbosity.Normal, "{0}", line);
                continue;
            }

            if (e?.Action == null)
            {
                continue;
            }

            var package = e.Package ?? string.Empty;
            var key = (package, e.Test ?? string.Empty);
            switch (e.Action)
            {
                case "output":
                    if (!outputs.TryGetValue(key, out var list))
                    {
                        outputs[key] = list = [];
                    }

                    list.Add((e.Output ?? string.Empty).TrimEnd('\n', '\r'));
                    if (e.Test == null)
                    {
                        log?.Information(Verbosity.Verbose, "{0}", (e.Output ?? string.Empty).TrimEnd('\n', '\r'));
                    }

                    break;
                case "pass" or "fail" or "skip" when e.Test == null:
                    packages.Add(package);
                    if (e.Action == "fail")
                    {
                        failedPackages.Add(package);
                        ReportFailure(log, outputs, key, package);
                    }

                    break;
                case "pass" when !e.Test!.Contains('/', StringComparison.Ordinal):
                    passed++;
                    break;
                case "skip" when !e.Test!.Contains('/', StringComparison.Ordinal):
                    skipped++;
                    break;
                case "fail":
                    failedTests.Add(package + "." + e.Test);
                    if (!e.Test!.Contains('/', StringComparison.Ordinal))
                    {
                        failed++;
                    }

                    ReportFailure(log, outputs, key, package + "." + e.Test);
                    break;
            }
        }

        return new GoTestResult
        {
            Passed = passed,
            Failed = failed,
            Skipped = skipped,
            FailedTests = failedTests,
            FailedPackages = failedPackages,
            Packages = packages.ToList(),
        };
    }

    private static void ReportFailure(ICakeLog? log, Dictionary<(string, string), List<string>> outputs, (string, string) key, string name)
    {
        if (log == null)
        {
            return;
        }

        log.Error("FAIL {0}", name);
        if (outputs.TryGetValue(key, out var lines))
        {
            foreach (var l in lines.Where(l => !l.StartsWith("=== ", StringComparison.Ordinal)))
            {
                log.Error("{0}", l);
            }
        }
    }

    private sealed class TestEvent
    {
        public string? Action { get; set; }

        public string? Package { get; set; }

        public string? Test { get; set; }

        public string? Output { get; set; }

        public double? Elapsed { get; set; }
    }
}
