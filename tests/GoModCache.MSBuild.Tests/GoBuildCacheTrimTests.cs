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
}
