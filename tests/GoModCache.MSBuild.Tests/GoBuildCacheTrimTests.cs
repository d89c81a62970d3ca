using System;
using System.IO;
using System.Linq;
using GoCaches.Inventory;
using GoModCache.TestSupport;
using Microsoft.Build.Utilities;
using NUnit.Framework;

namespace GoModCache.MSBuild.Tests;

/// <summary>
/// Issue 13: GoBuildCacheTrim, GoCacheRestored and GoCachePrepareForSave run by hand against caches a real go
/// filled (a private build cache, seeded from the shared one).
/// </summary>
public class GoBuildCacheTrimTests
{
    private GoSandbox _sandbox = null!;
    private string _app = null!;

    [SetUp]
    public void FillTheCaches()
    {
        _sandbox = new GoSandbox("msbuild-trim");
        var seed = GoSandbox.WithSharedBuildCache("msbuild-trim-seed");
        try
        {
            seed.MustGo(seed.WriteProject("seed"), "build", "-o", "app.bin", ".");
        }
        finally
        {
            seed.Dispose();
        }

        DiskOracle.Run("cp", "-a", GoSandbox.SharedBuildCache + "/.", _sandbox.GoCache);
        var lib = _sandbox.Proxy.Add("example.com/lib", "v1.0.0", m => m.WithBulk(5, 100));
        _sandbox.PublishProxy();
        _app = _sandbox.WriteProject("app", lib);
        _sandbox.MustGo(_app, "build", "-o", "app.bin", ".");
    }

    [TearDown]
    public void Cleanup() => _sandbox.Dispose();

    [Test]
    public void Trims_old_entries_by_age_and_reports_them()
    {
        var entries = BuildCacheEntries.Scan(_sandbox.GoCache, includeFuzz: false);
        var old = entries.Take(entries.Count / 2).ToList();
        foreach (var file in old.SelectMany(e => e.Files))
        {
            File.SetLastWriteTimeUtc(file.Path, DateTime.UtcNow.AddDays(-9));
        }

        var markdown = Path.Combine(_sandbox.Root, "trim.md");
        var engine = new RecordingBuildEngine();
        var task = new GoBuildCacheTrim
        {
            BuildEngine = engine,
            UnusedFor = "7",
            ReportMarkdown = markdown,
            WriteJobSummary = false,
            GoExecutable = TestGo.Executable,
            EnvironmentVariables = GoTasksTests.Environment(_sandbox),
        };
        Assert.That(task.Execute(), Is.True, engine.Log);
        Assert.Multiple(() =>
        {
            Assert.That(task.BuildCacheRoot, Is.EqualTo(_sandbox.GoCache));
            Assert.That(task.EntriesRemoved, Is.EqualTo(old.Count));
            Assert.That(old.SelectMany(e => e.Files).Any(f => File.Exists(f.Path)), Is.False);
            Assert.That(File.ReadAllText(markdown), Does.Contain("Go build cache trim"));
            Assert.That(engine.Log, Does.Contain("trimmed the Go build cache"));
        });
        _sandbox.MustGo(_app, "build", "-o", "app2.bin", ".");
    }

    [Test]
    public void Refuses_a_root_that_is_not_a_build_cache_and_an_age_that_does_not_parse()
    {
        var engine = new RecordingBuildEngine();
        var notCache = _sandbox.Dir("not-a-cache");
        Assert.That(new GoBuildCacheTrim { BuildEngine = engine, BuildCacheRoot = notCache, SizeLimit = "1MB" }.Execute(), Is.False);
        Assert.That(engine.Errors.Single().Code, Is.EqualTo("GOMC060"));
        Assert.That(engine.Errors.Single().Message, Does.Contain("not a Go build cache"));

        var second = new RecordingBuildEngine();
        Assert.That(new GoBuildCacheTrim { BuildEngine = second, BuildCacheRoot = _sandbox.GoCache, UnusedFor = "soon" }.Execute(), Is.False);
        Assert.That(second.Errors.Single().Code, Is.EqualTo("GOMC060"));
    }

    [Test]
    public void Restored_then_prepare_for_save_says_whether_to_save()
    {
        var state = Path.Combine(_sandbox.Root, "restored.json");
        var env = GoTasksTests.Environment(_sandbox);
        var engine = new RecordingBuildEngine();
        Assert.That(new GoCacheRestored { BuildEngine = engine, StateFile = state, GoExecutable = TestGo.Executable, EnvironmentVariables = env }.Execute(), Is.True, engine.Log);

        // Nothing built since the restore: nothing to save.
        var unchanged = new GoCachePrepareForSave { BuildEngine = engine, StateFile = state, KeepProjects = [new TaskItem(_app)], GoExecutable = TestGo.Executable, EnvironmentVariables = env, PublishToCI = false };
        Assert.That(unchanged.Execute(), Is.True, engine.Log);
        Assert.That(unchanged.SaveNeeded, Is.False, engine.Log);

        // A build that adds entries: the build cache is worth saving, and it weighs something.
        File.AppendAllText(Path.Combine(_app, "main.go"), "\nfunc extra() int { return 42 }\n");
        _sandbox.MustGo(_app, "build", "-o", "app.bin", ".");
        var changed = new GoCachePrepareForSave { BuildEngine = engine, StateFile = state, KeepProjects = [new TaskItem(_app)], GoExecutable = TestGo.Executable, EnvironmentVariables = env, PublishToCI = false };
        Assert.That(changed.Execute(), Is.True, engine.Log);
        Assert.Multiple(() =>
        {
            Assert.That(changed.BuildCacheSaveNeeded, Is.True, engine.Log);
            Assert.That(changed.ModCacheSaveNeeded, Is.False, "the module cache holds the same versions");
            Assert.That(changed.SavedBytes, Is.GreaterThan(0));
        });
    }

    [Test]
    public void The_std_cache_is_filled_once_left_out_of_the_build_cache_and_merged_back_so_that_nothing_recompiles()
    {
        var state = Path.Combine(_sandbox.Root, "restored.json");
        var env = GoTasksTests.Environment(_sandbox);
        var std = _sandbox.GoCache + "-std";
        var engine = new RecordingBuildEngine();

        // Job 1: the CI restored no standard library cache; the build compiled the standard library (Go 1.20+).
        var restored = new GoCacheRestored { BuildEngine = engine, StateFile = state, StdCache = true, GoExecutable = TestGo.Executable, EnvironmentVariables = env };
        Assert.That(restored.Execute(), Is.True, engine.Log);
        Assert.That(restored.StdCacheFiles, Is.Zero);
        File.AppendAllText(Path.Combine(_app, "main.go"), "\nfunc extra() int { return 42 }\n");
        _sandbox.MustGo(_app, "build", "-o", "app.bin", ".");
        var first = new GoCachePrepareForSave { BuildEngine = engine, StateFile = state, StdCache = true, KeepProjects = [new TaskItem(_app)], GoExecutable = TestGo.Executable, EnvironmentVariables = env, PublishToCI = false };
        Assert.That(first.Execute(), Is.True, engine.Log);
        var stdFiles = Directory.Exists(std) ? Directory.GetFiles(std, "*-?", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(std, f)).ToList() : [];
        var goVersion = TestGo.Version["go".Length..].Split('.');
        var compiledStd = int.Parse(goVersion[0], System.Globalization.CultureInfo.InvariantCulture) > 1 || int.Parse(goVersion[1], System.Globalization.CultureInfo.InvariantCulture) >= 20;
        Assert.Multiple(() =>
        {
            Assert.That(first.StdCacheSaveNeeded, Is.EqualTo(compiledStd), engine.Log);
            Assert.That(stdFiles, compiledStd ? Has.Count.GreaterThan(10) : Is.Empty);
            Assert.That(stdFiles.Where(f => File.Exists(Path.Combine(_sandbox.GoCache, f))), Is.Empty, "none of them stays in the build cache to save");
        });

        // Job 2: both caches restored as job 1 left them; the standard library comes back from its own cache.
        var again = new GoCacheRestored { BuildEngine = engine, StateFile = state, StdCache = true, GoExecutable = TestGo.Executable, EnvironmentVariables = env };
        Assert.That(again.Execute(), Is.True, engine.Log);
        Assert.That(again.StdCacheFiles, Is.EqualTo(stdFiles.Count));
        File.AppendAllText(Path.Combine(_app, "main.go"), "\nfunc more() int { return 43 }\n");
        var build = _sandbox.MustGo(_app, "build", "-x", "-o", "app.bin", ".");
        var stdCompiles = CiCacheSimulation.StdCompileCount(build.StandardOutput + build.StandardError);
        var second = new GoCachePrepareForSave { BuildEngine = engine, StateFile = state, StdCache = true, KeepProjects = [new TaskItem(_app)], GoExecutable = TestGo.Executable, EnvironmentVariables = env, PublishToCI = false };
        Assert.That(second.Execute(), Is.True, engine.Log);
        Assert.Multiple(() =>
        {
            Assert.That(stdCompiles, Is.Zero, "go build -x compiles no standard library package");
            Assert.That(build.StandardError, Does.Contain("/compile "), "it compiled the changed main package, so -x shows compiles");
            Assert.That(second.StdCacheSaveNeeded, Is.False, "a restored standard library cache is not saved again");
            Assert.That(stdFiles.Where(f => File.Exists(Path.Combine(_sandbox.GoCache, f))), Is.Empty, "left out of the build cache again");
        });
    }
}
