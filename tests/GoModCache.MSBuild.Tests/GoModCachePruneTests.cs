using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoCaches.Go;
using GoCaches.Inventory;
using GoModCache.TestSupport;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using NUnit.Framework;

namespace GoModCache.MSBuild.Tests;

/// <summary>
/// GoModCachePrune run by hand against a module cache that a real go filled: two versions of one module, and a
/// project that needs one of them.
/// </summary>
public class GoModCachePruneTests
{
    private const string NoGo = "/nonexistent/bin/go";
    private const string Lib = "example.com/lib";
    private GoSandbox _sandbox = null!;
    private string _app = null!;

    [SetUp]
    public void FillTheCache()
    {
        _sandbox = GoSandbox.WithSharedBuildCache("msbuild-prune");
        _sandbox.Proxy.Add(Lib, "v1.0.0", m => m.WithBulk(20, 300));
        var needed = _sandbox.Proxy.Add(Lib, "v1.1.0", m => m.WithBulk(5, 100));
        _sandbox.PublishProxy();
        _app = _sandbox.WriteProject("app", needed);
        _sandbox.MustGo(_app, "build", "-o", Path.Combine(_sandbox.Root, "app.bin"), ".");
        var populate = _sandbox.WriteProject("populate");
        _sandbox.MustGo(populate, "mod", "download", Lib + "@v1.0.0");
        Assert.That(Versions(), Is.EqualTo(new[] { Lib + "@v1.0.0", Lib + "@v1.1.0" }));
    }

    [TearDown]
    public void Cleanup() => _sandbox.Dispose();

    [Test]
    public void Keeps_what_the_project_needs_removes_the_rest_and_go_still_builds_offline()
    {
        var engine = new RecordingBuildEngine();
        var task = new GoModCachePrune
        {
            BuildEngine = engine,
            KeepProjects = [new TaskItem(_app)],
            GoExecutable = TestGo.Executable,
            EnvironmentVariables = GoTasksTests.Environment(_sandbox),
        };
        Assert.That(task.Execute(), Is.True, engine.Log);
        Assert.Multiple(() =>
        {
            Assert.That(task.ModCacheRoot, Is.EqualTo(_sandbox.GoModCache), "the root comes from go env");
            Assert.That(Versions(), Is.EqualTo(new[] { Lib + "@v1.1.0" }));
            Assert.That(task.VersionsRemoved, Is.EqualTo(1));
            Assert.That(task.BytesFreed, Is.GreaterThan(6000));
            Assert.That(engine.Warnings, Is.Empty);
            Assert.That(Messages(engine, MessageImportance.Normal), Has.Some.StartsWith($"GoModCache: removed {Lib}@v1.0.0, ").And.Contains("not needed by the projects"));
            Assert.That(Messages(engine, MessageImportance.High), Has.Exactly(1).StartsWith($"GoModCache: pruned the Go module cache {_sandbox.GoModCache}: removed 1 module version, freed ").And.Contains(" → ").And.Contains("1 module version left"));
        });

        var offline = new Dictionary<string, string?>(_sandbox.Environment) { ["GOPROXY"] = "off", ["GOFLAGS"] = "-mod=readonly" };
        var build = new GoCommand(TestGo.Executable, offline, _app).Run("build", "-o", Path.Combine(_sandbox.Root, "app2.bin"), ".");
        Assert.That(build.Succeeded, Is.True, build.StandardError + build.StandardOutput);
        Assert.That(DiskOracle.Run(Path.Combine(_sandbox.Root, "app2.bin")), Does.Contain(Lib + "@v1.1.0"));
    }

    [Test]
    public void The_grace_period_is_the_one_given()
    {
        var engine = new RecordingBuildEngine();
        var task = new GoModCachePrune
        {
            BuildEngine = engine,
            KeepProjects = [new TaskItem(_app)],
            GracePeriodSeconds = "3.5",
            GoExecutable = TestGo.Executable,
            EnvironmentVariables = GoTasksTests.Environment(_sandbox),
        };
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        Assert.That(task.Execute(), Is.True, engine.Log);
        Assert.That(stopwatch.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(3.5)), "the default is 2 s");
        Assert.That(Versions(), Is.EqualTo(new[] { Lib + "@v1.1.0" }));
    }

    [Test]
    public void A_dry_run_removes_nothing_and_says_what_it_would_remove()
    {
        var listing = Listing();
        var json = Path.Combine(_sandbox.Root, "reports", "prune.json");
        var markdown = Path.Combine(_sandbox.Root, "reports", "prune.md");
        var engine = new RecordingBuildEngine();
        var task = new GoModCachePrune
        {
            BuildEngine = engine,
            KeepProjects = [new TaskItem(Path.Combine(_app, "go.mod"))],
            DryRun = true,
            ReportJson = json,
            ReportMarkdown = markdown,
            ModCacheRoot = _sandbox.GoModCache,
            GoExecutable = NoGo,
        };
        Assert.That(task.Execute(), Is.True, engine.Log);
        Assert.Multiple(() =>
        {
            Assert.That(Listing(), Is.EqualTo(listing), "nothing changed on disk");
            Assert.That(task.VersionsRemoved, Is.EqualTo(1));
            Assert.That(task.BytesFreed, Is.GreaterThan(6000));
            Assert.That(Messages(engine, MessageImportance.Normal), Has.Some.StartsWith($"GoModCache: would remove {Lib}@v1.0.0, "));
            Assert.That(Messages(engine, MessageImportance.High), Has.Exactly(1).StartsWith($"GoModCache: pruning the Go module cache {_sandbox.GoModCache} would remove 1 module version and free ").And.Contains("dry run, nothing was removed"));
            Assert.That(File.ReadAllText(json), Does.Contain("\"dryRun\": true").And.Contains("\"version\": \"v1.0.0\"").And.Not.Contains("\"version\": \"v1.1.0\""));
            Assert.That(File.ReadAllText(markdown), Does.Contain("(dry run)").And.Contains("`v1.0.0`"));
        });
    }

    [TestCase(nameof(GoModCachePrune.SizeLimit), "5 XB", "SizeLimit: '5 XB' is not a size: unknown unit 'XB'")]
    [TestCase(nameof(GoModCachePrune.SizeLimit), "120%", "a percentage cannot be more than 100%")]
    [TestCase(nameof(GoModCachePrune.ModulePatterns), "example.com/[a-", "not a valid glob")]
    [TestCase(nameof(GoModCachePrune.KeepNewest), "two", "KeepNewest 'two' is not a whole number")]
    [TestCase(nameof(GoModCachePrune.KeepNewest), "0", "KeepNewest must be at least 1")]
    [TestCase(nameof(GoModCachePrune.UnusedFor), "a week", "UnusedFor 'a week' is neither a number of days")]
    [TestCase(nameof(GoModCachePrune.UnusedFor), "-3", "UnusedFor cannot be negative")]
    [TestCase(nameof(GoModCachePrune.ToolchainsInUse), "1.23", "'1.23' is not a Go toolchain")]
    [TestCase(nameof(GoModCachePrune.GracePeriodSeconds), "soon", "GracePeriodSeconds 'soon' is not a number of seconds")]
    [TestCase(nameof(GoModCachePrune.GracePeriodSeconds), "-1", "GracePeriodSeconds '-1' is not a number of seconds from 0")]
    public void An_invalid_parameter_is_GOMC040_and_nothing_is_removed(string parameter, string value, string message)
    {
        var task = new GoModCachePrune { KeepProjects = [new TaskItem(_app)], ModCacheRoot = _sandbox.GoModCache, GoExecutable = NoGo };
        var property = typeof(GoModCachePrune).GetProperty(parameter)!;
        property.SetValue(task, property.PropertyType == typeof(string[]) ? new[] { value } : value);
        AssertRefused(task, message);
    }

    [Test]
    public void A_malformed_go_sum_is_GOMC040_naming_the_line_and_nothing_is_removed()
    {
        File.WriteAllText(Path.Combine(_app, "go.sum"), $"{Lib} v1.1.0\n");
        AssertRefused(new GoModCachePrune { KeepProjects = [new TaskItem(_app)], ModCacheRoot = _sandbox.GoModCache, GoExecutable = NoGo }, "go.sum:1: malformed");
    }

    [Test]
    public void A_directory_that_is_not_a_module_cache_is_GOMC040()
    {
        var task = new GoModCachePrune { ModulePatterns = "example.com", ModCacheRoot = Path.Combine(_sandbox.Root, "projects"), GoExecutable = NoGo };
        AssertRefused(task, "it is not a Go module cache");
    }

    [Test]
    public void GOPATH_itself_is_refused_as_a_module_cache()
    {
        // The guard learns GOPATH from the variables given to the task (go env is not run: the root is given).
        Directory.CreateDirectory(Path.Combine(_sandbox.GoPath, "cache", "download"));
        var task = new GoModCachePrune { ModulePatterns = "example.com", ModCacheRoot = _sandbox.GoPath, GoExecutable = NoGo, EnvironmentVariables = GoTasksTests.Environment(_sandbox) };
        AssertRefused(task, "it is GOPATH itself");
    }

    [Test]
    public void An_empty_policy_is_GOMC040()
    {
        AssertRefused(new GoModCachePrune { ModCacheRoot = _sandbox.GoModCache, GoExecutable = NoGo }, "The prune policy is empty");
    }

    [Test]
    public void Without_a_root_a_missing_go_is_GOMC012()
    {
        var engine = new RecordingBuildEngine();
        var task = new GoModCachePrune { BuildEngine = engine, ModulePatterns = "example.com", GoExecutable = NoGo };
        Assert.Multiple(() =>
        {
            Assert.That(task.Execute(), Is.False);
            Assert.That(engine.Errors.Select(e => e.Code), Is.EqualTo(new[] { "GOMC012" }));
        });
    }

    [Test]
    public void Patterns_newest_and_a_size_limit_combine_as_the_engine_says()
    {
        // Both versions match; KeepNewest=1 keeps v1.1.0; the 0-byte limit cannot be met by what is left: a note.
        var engine = new RecordingBuildEngine();
        var task = new GoModCachePrune { BuildEngine = engine, ModulePatterns = "example.com", KeepNewest = "1", SizeLimit = "0", UnusedFor = "0", ModCacheRoot = _sandbox.GoModCache, GoExecutable = NoGo };
        Assert.That(task.Execute(), Is.True, engine.Log);
        Assert.Multiple(() =>
        {
            Assert.That(Versions(), Is.EqualTo(new[] { Lib + "@v1.1.0" }));
            Assert.That(Messages(engine, MessageImportance.High), Has.Some.Contains("cannot be reached"));
        });
    }

    [TestCase("30", 30 * 24.0)]
    [TestCase("0.5", 12.0)]
    [TestCase(" 2 ", 48.0)]
    [TestCase("12:00:00", 12.0)]
    [TestCase("7.12:00:00", 7 * 24 + 12.0)]
    [TestCase("1:30", 1.5)]
    public void Ages_are_days_or_time_spans(string text, double hours)
    {
        Assert.Multiple(() =>
        {
            Assert.That(GoModCachePrune.TryParseAge(text, out var age), Is.True);
            Assert.That(age, Is.EqualTo(TimeSpan.FromHours(hours)));
        });
    }

    [TestCase("a week")]
    [TestCase("30d")]
    [TestCase("1e3")]
    [TestCase("99999999999")]
    public void What_is_not_an_age_is_refused(string text) => Assert.That(GoModCachePrune.TryParseAge(text, out _), Is.False);

    private static IEnumerable<string> Messages(RecordingBuildEngine engine, MessageImportance importance) =>
        engine.Messages.Where(m => m.Importance == importance).Select(m => m.Message ?? string.Empty);

    private List<string> Versions() =>
        ModuleCacheInventory.Scan(_sandbox.GoModCache).Modules.Where(m => m.IsComplete).Select(m => m.ToString()).OrderBy(s => s, StringComparer.Ordinal).ToList();

    private string Listing() => string.Join(
        "\n",
        DiskOracle.Run("find", "-P", _sandbox.GoModCache, "-printf", "%P %y %s\\n").Split('\n').Order(StringComparer.Ordinal));

    private void AssertRefused(GoModCachePrune task, string message)
    {
        var engine = new RecordingBuildEngine();
        task.BuildEngine = engine;
        var listing = Listing();
        Assert.Multiple(() =>
        {
            Assert.That(task.Execute(), Is.False);
            Assert.That(engine.Errors.Select(e => e.Code), Is.EqualTo(new[] { "GOMC040" }), engine.Log);
            Assert.That(engine.Errors.Select(e => e.Message), Has.Exactly(1).Contains(message).And.EndsWith("Nothing was removed."));
            Assert.That(Listing(), Is.EqualTo(listing), "nothing changed on disk");
            Assert.That(task.VersionsRemoved, Is.Zero);
        });
    }
}
