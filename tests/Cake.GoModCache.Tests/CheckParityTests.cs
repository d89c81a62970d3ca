using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Cake.Core;
using Cake.GoModCache.Caches;
using GoCaches.Checks;
using GoCaches.Inventory;
using GoModCache.MSBuild;
using GoModCache.MSBuild.Tests;
using GoModCache.TestSupport;
using NUnit.Framework;

namespace Cake.GoModCache.Tests;

/// <summary>
/// Issue 10: the cache limit check (and the prune and the build cache trim) run through both front ends, the Cake alias <c>GoModCacheCheck</c> and the
/// MSBuild task <c>GoModCacheCheck</c>, with the same limits and action on two copies of one cache (module cache
/// and build cache that real go filled). What each removed (the module versions left on disk, the build cache
/// left) and what each reported (sizes, limits exceeded, action taken, steps, the JSON report) must be the same.
/// </summary>
[NonParallelizable]
public class CheckParityTests
{
    private CacheCopies _caches = null!;
    private string _current = null!;

    [OneTimeSetUp]
    public void FillOneCache()
    {
        _caches = new CacheCopies("parity");
        var lib1 = _caches.Source.Proxy.Add("example.com/lib", "v1.0.0", m => m.WithBulk(20, 1000));
        var lib2 = _caches.Source.Proxy.Add("example.com/lib", "v1.1.0", m => m.WithBulk(20, 1000));
        var other = _caches.Source.Proxy.Add("example.com/Other", "v0.1.0", m => m.WithBulk(10, 1000));
        var third = _caches.Source.Proxy.Add("example.com/third", "v1.2.0", m => m.WithBulk(15, 1000));
        _caches.Source.PublishProxy();
        _current = _caches.Source.WriteProject("current", lib2);
        _caches.Source.MustGo(_current, "build", "-o", Path.Combine(_caches.Source.Root, "current-bin"), ".");
        var old = _caches.Source.WriteProject("old", lib1, other, third);
        _caches.Source.MustGo(old, "build", "-o", Path.Combine(_caches.Source.Root, "old-bin"), ".");

    }

    [OneTimeTearDown]
    public void RemoveCache() => _caches.Dispose();

    [TearDown]
    public void RemoveCopies() => _caches.RemoveCopies();

    [Test]
    public void Both_front_ends_speak_one_action_vocabulary()
    {
        Assert.That(Enum.GetNames<GoCacheLimitAction>(), Is.EqualTo(Enum.GetNames<CacheLimitAction>()), "the Cake enum is the engine's, member for member");
        var copy = Copy("vocabulary");
        foreach (var name in Enum.GetNames<CacheLimitAction>().Append("Error").Append("fail"))
        {
            var (task, engine) = RunTask(copy, "1 TiB", "1 TiB", name);
            Assert.Multiple(() =>
            {
                Assert.That(task.Errors, Is.Empty, name + ": the task takes the engine's words (and Error, the synonym of Fail)\n" + engine);
                Assert.That(task.Result, Is.True, name);
            });
        }
    }

    [TestCase(CacheLimitAction.Warn)]
    [TestCase(CacheLimitAction.Fail)]
    [TestCase(CacheLimitAction.Prune)]
    [TestCase(CacheLimitAction.Clean)]
    [TestCase(CacheLimitAction.Trim)]
    public void The_same_check_removes_and_reports_the_same_through_Cake_and_MSBuild(CacheLimitAction action)
    {
        var cakeCopy = Copy("cake");
        var msbuildCopy = Copy("msbuild");
        var modBytes = ModuleCacheInventory.Scan(cakeCopy.ModCache).Total.Bytes;
        var buildBytes = BuildCacheInventory.Scan(cakeCopy.BuildCache).Total.Bytes;
        Assert.Multiple(() =>
        {
            Assert.That(ModuleCacheInventory.Scan(msbuildCopy.ModCache).Total.Bytes, Is.EqualTo(modBytes), "two copies of one cache");
            Assert.That(Versions(msbuildCopy.ModCache), Is.EqualTo(Versions(cakeCopy.ModCache)));
            Assert.That(BuildCacheInventory.Scan(msbuildCopy.BuildCache).Total.Bytes, Is.EqualTo(buildBytes));
        });
        var modLimit = (modBytes / 2).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var buildLimit = (buildBytes / 2).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var versionsBefore = Versions(cakeCopy.ModCache);

        // Cake: the alias in a real Cake context.
        var fixture = new CakeFixture(realProcesses: true);
        var settings = new GoModCacheCheckSettings
        {
            ModCacheSizeLimit = modLimit,
            BuildCacheSizeLimit = buildLimit,
            Action = Enum.Parse<GoCacheLimitAction>(action.ToString()),
            GracePeriod = TimeSpan.Zero,
            WaitForOtherBuilds = TimeSpan.Zero,
            CacheIdle = true,
            ReportJson = Json(cakeCopy),
            WriteJobSummary = false,
        }.For(_caches.Source, _current);
        settings.KeepProjects.Add(_current);
        CacheCopies.Point(settings.EnvironmentVariables, cakeCopy);
        GoModCacheCheckResult? cake = null;
        CakeException? cakeFailure = null;
        try
        {
            cake = cakeCopy.WithGitHubOutput(() => fixture.Context.GoModCacheCheck(settings));
        }
        catch (CakeException ex)
        {
            cakeFailure = ex;
        }

        // MSBuild: the task as the targets call it.
        var (msbuild, engine) = msbuildCopy.WithGitHubOutput(() => RunTask(msbuildCopy, modLimit, buildLimit, action.ToString()));

        var cakeJson = JsonDocument.Parse(File.ReadAllText(Json(cakeCopy))).RootElement;
        var msbuildJson = JsonDocument.Parse(File.ReadAllText(Json(msbuildCopy))).RootElement;
        Assert.Multiple(() =>
        {
            // What each removed.
            Assert.That(Versions(msbuildCopy.ModCache), Is.EqualTo(Versions(cakeCopy.ModCache)), "module versions left");
            Assert.That(ModuleCacheInventory.Scan(msbuildCopy.ModCache).Total.Bytes, Is.EqualTo(ModuleCacheInventory.Scan(cakeCopy.ModCache).Total.Bytes), "module cache bytes left");
            Assert.That(BuildCacheInventory.Scan(msbuildCopy.BuildCache).Total.Bytes, Is.EqualTo(BuildCacheInventory.Scan(cakeCopy.BuildCache).Total.Bytes), "build cache bytes left");

            // What each reported.
            Assert.That(msbuild.Task.ModCacheBytes, Is.EqualTo(modBytes));
            Assert.That(msbuild.Task.BuildCacheBytes, Is.EqualTo(buildBytes));
            Assert.That((msbuild.Task.ModCacheExceeded, msbuild.Task.BuildCacheExceeded), Is.EqualTo((true, true)));
            Assert.That(msbuild.Task.ActionTaken, Is.EqualTo(action.ToString()));
            Assert.That(Summary(msbuildJson), Is.EqualTo(Summary(cakeJson)), "the JSON reports, roots and times apart");
            Assert.That(Removed(msbuildJson), Is.EqualTo(Removed(cakeJson)), "the module versions each report says it removed");

            // What each published to the CI (free space apart: the volume changes between the two runs).
            Assert.That(msbuildCopy.Outputs().Where(o => o.Key != "check-free-bytes"), Is.EquivalentTo(cakeCopy.Outputs().Where(o => o.Key != "check-free-bytes")), "the CI step outputs each published");
            Assert.That(cakeCopy.Outputs()["check-action-taken"], Is.EqualTo(action.ToString()));
            Assert.That(cakeCopy.Outputs()["check-modcache-bytes"], Is.EqualTo(modBytes.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        });

        if (action == CacheLimitAction.Fail)
        {
            Assert.Multiple(() =>
            {
                Assert.That(cakeFailure?.Message, Does.Contain("module cache").And.Contain("build cache").And.Contain("over its limit"));
                Assert.That(msbuild.Result, Is.False);
                Assert.That(msbuild.Errors, Is.EquivalentTo(new[] { "GOMC001", "GOMC002" }));
                Assert.That(Versions(cakeCopy.ModCache), Is.EqualTo(versionsBefore), "a failing check removes nothing");
            });
            return;
        }

        Assert.That(cakeFailure, Is.Null, fixture.Log.Text);
        Assert.Multiple(() =>
        {
            Assert.That(msbuild.Result, Is.True, engine);
            Assert.That(msbuild.Errors, Is.Empty, engine);
            Assert.That(cake!.ModCacheBytes, Is.EqualTo(msbuild.Task.ModCacheBytes));
            Assert.That(cake.BuildCacheBytes, Is.EqualTo(msbuild.Task.BuildCacheBytes));
            Assert.That(cake.ModCacheLimitBytes, Is.EqualTo(modBytes / 2));
            Assert.That(cake.ActionTaken?.ToString(), Is.EqualTo(msbuild.Task.ActionTaken));
            Assert.That(cake.Steps.Select(s => s.ToString()), Is.EqualTo(msbuild.Task.Steps));
            Assert.That(cake.Exceeded, Has.Count.EqualTo(2));
        });

        // And each did what the action says (so that two front ends doing nothing alike cannot pass).
        var left = Versions(cakeCopy.ModCache);
        switch (action)
        {
            case CacheLimitAction.Warn:
                Assert.Multiple(() =>
                {
                    Assert.That(left, Is.EqualTo(versionsBefore));
                    Assert.That(msbuild.Warnings, Is.EquivalentTo(new[] { "GOMC001", "GOMC002" }));
                    Assert.That(fixture.Log.Entries.Count(e => e.Level == Cake.Core.Diagnostics.LogLevel.Warning && e.Text.Contains("over its limit", StringComparison.Ordinal)), Is.EqualTo(2));
                    Assert.That(cake!.Steps, Is.EqualTo(new[] { CacheLimitStep.Warned }));
                });
                break;
            case CacheLimitAction.Prune:
                Assert.Multiple(() =>
                {
                    Assert.That(left, Does.Contain("example.com/lib@v1.1.0"), "KeepProjects keeps what the current project needs");
                    Assert.That(left.Count, Is.LessThan(versionsBefore.Count));
                    Assert.That(ModuleCacheInventory.Scan(cakeCopy.ModCache).Total.Bytes, Is.LessThanOrEqualTo(modBytes / 2));
                    Assert.That(cake!.Steps, Is.EqualTo(new[] { CacheLimitStep.ModuleCachePruned, CacheLimitStep.BuildCacheCleaned }));
                    Assert.That(DiskOracle.CacheFiles(cakeCopy.BuildCache).Bytes, Is.LessThan(buildBytes / 10), "the build cache was cleaned");
                });
                break;
            case CacheLimitAction.Clean:
                Assert.Multiple(() =>
                {
                    Assert.That(left, Is.Empty);
                    Assert.That(DiskOracle.IsEmptyCache(cakeCopy.ModCache), Is.True);
                    Assert.That(cake!.Steps, Is.EqualTo(new[] { CacheLimitStep.ModuleCacheCleaned, CacheLimitStep.BuildCacheCleaned }));
                    Assert.That(cake.Check.Cleaned, Is.EqualTo(new[] { GoCaches.Leases.CacheKind.ModuleCache, GoCaches.Leases.CacheKind.BuildCache }));
                });
                break;
            case CacheLimitAction.Trim:
                Assert.Multiple(() =>
                {
                    Assert.That(cake!.Steps, Is.EqualTo(new[] { CacheLimitStep.ModuleCachePruned, CacheLimitStep.BuildCacheTrimmed }));
                    Assert.That(BuildCacheInventory.Scan(cakeCopy.BuildCache).Total.Bytes, Is.LessThanOrEqualTo(buildBytes / 2));
                    Assert.That(cake.BuildCacheReport!.Removed, Is.Not.Empty);
                });
                break;
        }
    }

    [Test]
    public void The_same_prune_removes_and_reports_the_same_through_Cake_and_MSBuild()
    {
        var cakeCopy = Copy("prune-cake");
        var msbuildCopy = Copy("prune-msbuild");
        var modBytes = ModuleCacheInventory.Scan(cakeCopy.ModCache).Total.Bytes;
        var limit = (modBytes / 2).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var versionsBefore = Versions(cakeCopy.ModCache);

        var fixture = new CakeFixture(realProcesses: true);
        var settings = new GoModCachePruneSettings { SizeLimit = limit, GracePeriod = TimeSpan.Zero, WaitForOtherBuilds = TimeSpan.Zero, ReportJson = Json(cakeCopy), WriteJobSummary = false }.For(_caches.Source, _current);
        settings.KeepProjects.Add(_current);
        CacheCopies.Point(settings.EnvironmentVariables, cakeCopy);
        var cake = cakeCopy.WithGitHubOutput(() => fixture.Context.GoModCachePrune(settings));

        var engine = new RecordingBuildEngine();
        var task = new GoModCachePrune
        {
            BuildEngine = engine,
            SizeLimit = limit,
            KeepProjects = [new Microsoft.Build.Utilities.TaskItem(_current)],
            GracePeriodSeconds = "0",
            WaitForOtherBuildsSeconds = "0",
            ReportJson = Json(msbuildCopy),
            GoExecutable = TestGo.Executable,
            EnvironmentVariables = Variables(msbuildCopy),
            WorkingDirectory = _current,
        };
        var result = msbuildCopy.WithGitHubOutput(task.Execute);

        var cakeJson = JsonDocument.Parse(File.ReadAllText(Json(cakeCopy))).RootElement;
        var msbuildJson = JsonDocument.Parse(File.ReadAllText(Json(msbuildCopy))).RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(result, Is.True, engine.Log);
            Assert.That(engine.Errors, Is.Empty, engine.Log);

            // What each removed.
            Assert.That(Versions(msbuildCopy.ModCache), Is.EqualTo(Versions(cakeCopy.ModCache)), "module versions left");
            Assert.That(ModuleCacheInventory.Scan(msbuildCopy.ModCache).Total.Bytes, Is.EqualTo(ModuleCacheInventory.Scan(cakeCopy.ModCache).Total.Bytes), "module cache bytes left");

            // What each reported.
            Assert.That((task.BytesFreed, task.VersionsRemoved), Is.EqualTo((cake.BytesFreed, cake.Removed.Count)));
            Assert.That(PruneSummary(msbuildJson), Is.EqualTo(PruneSummary(cakeJson)), "the JSON reports, roots and times apart");
            Assert.That(msbuildCopy.Outputs(), Is.EqualTo(cakeCopy.Outputs()), "the CI step outputs each published");
            Assert.That(cakeCopy.Outputs()["prune-bytes-freed"], Is.EqualTo(cake.BytesFreed.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(cakeCopy.Outputs()["prune-versions-removed"], Is.EqualTo(cake.Removed.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)));

            // And the prune did what its rules say (so that two front ends doing nothing cannot pass).
            Assert.That(Versions(cakeCopy.ModCache), Does.Contain("example.com/lib@v1.1.0").And.Count.LessThan(versionsBefore.Count));
            Assert.That(ModuleCacheInventory.Scan(cakeCopy.ModCache).Total.Bytes, Is.LessThanOrEqualTo(modBytes / 2));
        });
    }

    [Test]
    public void The_same_build_cache_trim_removes_and_reports_the_same_through_Cake_and_MSBuild()
    {
        var cakeCopy = Copy("trim-cake");
        var msbuildCopy = Copy("trim-msbuild");
        var buildBytes = BuildCacheInventory.Scan(cakeCopy.BuildCache).Total.Bytes;
        var limit = (buildBytes / 2).ToString(System.Globalization.CultureInfo.InvariantCulture);

        var fixture = new CakeFixture(realProcesses: true);
        var settings = new GoBuildCacheTrimSettings { SizeLimit = limit, CacheIdle = true, ReportJson = Json(cakeCopy), WriteJobSummary = false }.For(_caches.Source, _current);
        CacheCopies.Point(settings.EnvironmentVariables, cakeCopy);
        var cake = cakeCopy.WithGitHubOutput(() => fixture.Context.GoBuildCacheTrim(settings));

        var engine = new RecordingBuildEngine();
        var task = new GoBuildCacheTrim
        {
            BuildEngine = engine,
            SizeLimit = limit,
            CacheIdle = true,
            ReportJson = Json(msbuildCopy),
            WriteJobSummary = false,
            GoExecutable = TestGo.Executable,
            EnvironmentVariables = Variables(msbuildCopy),
            WorkingDirectory = _current,
        };
        var result = msbuildCopy.WithGitHubOutput(task.Execute);

        var cakeJson = JsonDocument.Parse(File.ReadAllText(Json(cakeCopy))).RootElement;
        var msbuildJson = JsonDocument.Parse(File.ReadAllText(Json(msbuildCopy))).RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(result, Is.True, engine.Log);
            Assert.That(engine.Errors, Is.Empty, engine.Log);
            Assert.That(BuildCacheInventory.Scan(msbuildCopy.BuildCache).Total.Bytes, Is.EqualTo(BuildCacheInventory.Scan(cakeCopy.BuildCache).Total.Bytes), "build cache bytes left");
            Assert.That((task.BytesFreed, task.EntriesRemoved), Is.EqualTo((cake.BytesFreed, cake.Removed.Count)));
            Assert.That(TrimSummary(msbuildJson), Is.EqualTo(TrimSummary(cakeJson)), "the JSON reports, roots and times apart");
            Assert.That(msbuildCopy.Outputs(), Is.EqualTo(cakeCopy.Outputs()), "the CI step outputs each published");
            Assert.That(cakeCopy.Outputs()["trim-entries-removed"], Is.EqualTo(cake.Removed.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(cake.Removed, Is.Not.Empty);
            Assert.That(BuildCacheInventory.Scan(cakeCopy.BuildCache).Total.Bytes, Is.LessThanOrEqualTo(buildBytes / 2));
        });
    }

    [Test]
    public void The_same_module_cache_clean_removes_and_publishes_the_same_through_Cake_and_MSBuild()
    {
        var cakeCopy = Copy("clean-cake");
        var msbuildCopy = Copy("clean-msbuild");
        var versionsBefore = Versions(cakeCopy.ModCache);
        var bytesBefore = ModuleCacheInventory.Scan(cakeCopy.ModCache).Total.Bytes;

        // Cake: the GoModCacheClean alias. MSBuild: GoCleanCaches, the clean the targets run (module cache only).
        var fixture = new CakeFixture(realProcesses: true);
        var settings = new GoModCacheCleanSettings { WaitForOtherBuilds = TimeSpan.Zero, ReportJson = Json(cakeCopy), WriteJobSummary = false }.For(_caches.Source, _current);
        CacheCopies.Point(settings.EnvironmentVariables, cakeCopy);
        var cake = cakeCopy.WithGitHubOutput(() => fixture.Context.GoModCacheClean(settings));

        var engine = new RecordingBuildEngine();
        var task = new GoCleanCaches
        {
            BuildEngine = engine,
            ModCache = true,
            WaitForOtherBuildsSeconds = "0",
            GoExecutable = TestGo.Executable,
            EnvironmentVariables = Variables(msbuildCopy),
            WorkingDirectory = _current,
        };
        var result = msbuildCopy.WithGitHubOutput(task.Execute);

        var cakeOutputs = cakeCopy.Outputs();
        var msbuildOutputs = msbuildCopy.Outputs();
        Assert.Multiple(() =>
        {
            Assert.That(result, Is.True, engine.Log);
            Assert.That(engine.Errors, Is.Empty, engine.Log);

            // What each removed: every module version, and the same left on disk.
            Assert.That(cake.Removed.Select(r => r.Module.ToString()).OrderBy(v => v, StringComparer.Ordinal), Is.EqualTo(versionsBefore), "the clean removed every version");
            Assert.That(Versions(cakeCopy.ModCache), Is.Empty);
            Assert.That(Versions(msbuildCopy.ModCache), Is.Empty);
            Assert.That(DiskOracle.IsEmptyCache(msbuildCopy.ModCache) && DiskOracle.IsEmptyCache(cakeCopy.ModCache), Is.True);
            Assert.That(task.ModCacheBytesFreed, Is.EqualTo(cake.BytesFreed).And.GreaterThan(bytesBefore / 2));

            // What each published: the Cake alias's clean outputs, the same in the task's (which adds what it did to each cache).
            Assert.That(cakeOutputs.Keys, Is.EquivalentTo(new[] { "clean-bytes-freed", "clean-versions-removed", "clean-bytes-before", "clean-bytes-after", "clean-dry-run", "clean-postponed" }));
            Assert.That(cakeOutputs.Keys.ToDictionary(k => k, k => msbuildOutputs.GetValueOrDefault(k)), Is.EqualTo(cakeOutputs), "the CI step outputs each published");
            Assert.That(cakeOutputs["clean-versions-removed"], Is.EqualTo(versionsBefore.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(msbuildOutputs["clean-modcache-action"], Is.EqualTo("Cleaned"));
            Assert.That(msbuildOutputs["clean-buildcache-action"], Is.EqualTo("Kept"));
        });
    }



    private string[] Variables(CacheCopy copy) => _caches.Variables(copy).Select(p => p.Key + "=" + p.Value).ToArray();

    private static string PruneSummary(JsonElement report) => string.Join(
        "\n",
        new[] { $"operation={report.GetProperty("operation")}", $"dryRun={report.GetProperty("dryRun")}", $"bytesFreed={report.GetProperty("bytesFreed")}" }
            .Concat(report.GetProperty("removed").EnumerateArray()
                .Select(r => $"{r.GetProperty("path")}@{r.GetProperty("version")} {r.GetProperty("rule")} {r.GetProperty("bytes")} {r.GetProperty("files")}")
                .OrderBy(r => r, StringComparer.Ordinal)));

    private static string TrimSummary(JsonElement report) => string.Join(
        "\n",
        new[] { $"operation={report.GetProperty("operation")}", $"dryRun={report.GetProperty("dryRun")}", $"bytesFreed={report.GetProperty("bytesFreed")}", $"after={report.GetProperty("after")}" }
            .Concat(report.GetProperty("removed").EnumerateArray()
                .Select(r => $"{r.GetProperty("id")} {r.GetProperty("kind")} {r.GetProperty("rule")} {r.GetProperty("bytes")}")
                .OrderBy(r => r, StringComparer.Ordinal)));

    private static string Json(CacheCopy copy) => copy.File("check.json");


    private sealed record TaskRun(GoModCacheCheck Task, bool Result, IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings);

    private static List<string> Versions(string modCache) =>
        ModuleCacheInventory.Scan(modCache).Modules.Select(v => v.Path + "@" + v.Version).OrderBy(v => v, StringComparer.Ordinal).ToList();

    // The report without what differs between two runs by nature: roots, durations, file paths.
    private static string Summary(JsonElement report) => string.Join(
        "\n",
        $"action={report.GetProperty("action")}",
        $"withinLimits={report.GetProperty("withinLimits")}",
        $"steps={report.GetProperty("steps")}",
        $"mod={report.GetProperty("moduleCache").GetProperty("bytes")}/{report.GetProperty("moduleCache").GetProperty("limitBytes")}/{report.GetProperty("moduleCache").GetProperty("exceeded")}",
        $"build={report.GetProperty("buildCache").GetProperty("bytes")}/{report.GetProperty("buildCache").GetProperty("limitBytes")}/{report.GetProperty("buildCache").GetProperty("exceeded")}",
        $"exceeded={report.GetProperty("exceeded").GetArrayLength()}",
        $"modFreed={(report.TryGetProperty("moduleCacheReport", out var m) ? m.GetProperty("bytesFreed").GetInt64() : -1)}",
        $"trimFreed={(report.TryGetProperty("buildCacheTrimReport", out var t) ? t.GetProperty("bytesFreed").GetInt64() : -1)}",
        $"cleanFreed={(report.TryGetProperty("buildCacheCleanReport", out var c) ? c.GetProperty("bytesFreed").GetInt64() : -1)}");

    private static List<string> Removed(JsonElement report) => report.TryGetProperty("moduleCacheReport", out var m)
        ? m.GetProperty("removed").EnumerateArray().Select(r => r.GetProperty("path").GetString() + "@" + r.GetProperty("version").GetString()).OrderBy(v => v, StringComparer.Ordinal).ToList()
        : [];

    private (TaskRun Run, string Log) RunTask(CacheCopy copy, string modLimit, string buildLimit, string action)
    {
        var engine = new RecordingBuildEngine();
        var variables = _caches.Variables(copy);
        var task = new GoModCacheCheck
        {
            BuildEngine = engine,
            ModCacheSizeLimit = modLimit,
            BuildCacheSizeLimit = buildLimit,
            Action = action,
            KeepProjects = [new Microsoft.Build.Utilities.TaskItem(_current)],
            GracePeriodSeconds = "0",
            WaitForOtherBuildsSeconds = "0",
            CacheIdle = true,
            ReportJson = Json(copy),
            WriteJobSummary = false,
            GoExecutable = TestGo.Executable,
            EnvironmentVariables = variables.Select(p => p.Key + "=" + p.Value).ToArray(),
            WorkingDirectory = _current,
        };
        var result = task.Execute();
        return (new TaskRun(task, result, engine.Errors.Select(e => e.Code).ToList(), engine.Warnings.Select(w => w.Code).ToList()), engine.Log);
    }

    private CacheCopy Copy(string name)
    {
        // cp -a keeps modes and times (the extraction times, access times and entry times the prune and trim order by).
        var copy = _caches.Copy(name);

        // Copying reads the source, which moves its access times: each copy gets the same last uses, set here. The
        // current project's version is the least recently used: only KeepProjects keeps it from a prune by size, so a
        // front end that dropped KeepProjects would remove it.
        var modCache = copy.ModCache;
        foreach (var (escapedPath, version, daysAgo) in new[] { ("example.com/lib", "v1.1.0", 30), ("example.com/lib", "v1.0.0", 20), ("example.com/!other", "v0.1.0", 10), ("example.com/third", "v1.2.0", 5) })
        {
            var when = daysAgo + " days ago";
            DiskOracle.Run("find", Path.Combine(modCache, escapedPath + "@" + version), "-exec", "touch", "-h", "-d", when, "{}", "+");
            DiskOracle.Run("find", Path.Combine(modCache, "cache", "download", escapedPath, "@v"), "-name", version + ".*", "-exec", "touch", "-h", "-d", when, "{}", "+");
        }

        return copy;
    }
}
