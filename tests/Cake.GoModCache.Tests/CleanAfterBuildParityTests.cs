using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Cake.GoModCache.Workflow;
using GoCaches.AfterBuild;
using GoCaches.Inventory;
using GoCaches.Leases;
using GoModCache.MSBuild;
using GoModCache.MSBuild.Tests;
using GoModCache.TestSupport;
using NUnit.Framework;

namespace Cake.GoModCache.Tests;

/// <summary>
/// Issue 10: the clean after a successful build through both front ends, the Cake alias <c>GoBuildAndClean</c> and the
/// MSBuild task <c>GoCleanCaches</c> (what the target <c>GoCleanAfterBuild</c> runs), on two copies of one cache that
/// real go filled. Both are the engine's locked cleaner: they leave the same caches on disk, and both defer to a build
/// that holds the cache's lease, the last build out doing the clean.
/// </summary>
[NonParallelizable]
public class CleanAfterBuildParityTests
{
    private CacheCopies _caches = null!;
    private string _project = null!;

    [OneTimeSetUp]
    public void FillOneCache()
    {
        _caches = new CacheCopies("clean-parity");
        _project = _caches.BuildOneProject();
    }

    [OneTimeTearDown]
    public void RemoveCache() => _caches.Dispose();

    [TearDown]
    public void RemoveCopies() => _caches.RemoveCopies();

    [Test]
    public void GoCleanAfterBuild_leaves_what_GoBuildAndClean_leaves()
    {
        var cakeCopy = Copy("cake");
        var taskCopy = Copy("task");
        var versions = ModuleCacheInventory.Scan(cakeCopy.ModCache).Modules.Count;

        var cake = cakeCopy.WithGitHubOutput(() => RunCake(cakeCopy));
        var (task, result, log) = taskCopy.WithGitHubOutput(() => RunTask(taskCopy));
        var cakeOutputs = cakeCopy.Outputs();
        var taskOutputs = taskCopy.Outputs();
        Assert.Multiple(() =>
        {
            Assert.That(result, Is.True, log);
            Assert.That(cake.Cleanup!.ModuleCache.Action, Is.EqualTo(AfterBuildAction.Cleaned));
            Assert.That(cake.Cleanup.BuildCache.Action, Is.EqualTo(AfterBuildAction.Cleaned));
            Assert.That(task.ModCacheAction, Is.EqualTo(nameof(AfterBuildAction.Cleaned)));
            Assert.That(task.BuildCacheAction, Is.EqualTo(nameof(AfterBuildAction.Cleaned)));
            Assert.That(task.ModCacheBytesFreed, Is.EqualTo(cake.Cleanup.ModuleCache.BytesFreed).And.GreaterThan(30 * 1000), "the same module cache freed");
            Assert.That(log, Does.Contain($"GoModCache: cleaned the Go module cache {taskCopy.ModCache}: freed {SizeParser.Format(task.ModCacheBytesFreed)} ({versions} module versions)."));
            Assert.That(DiskOracle.IsEmptyCache(cakeCopy.ModCache), Is.True);
            Assert.That(Listing(taskCopy.GoPath), Is.EqualTo(Listing(cakeCopy.GoPath)), "the same left in GOPATH (the module cache root and its lease directory)");
            Assert.That(Listing(taskCopy.BuildCache), Is.EqualTo(Listing(cakeCopy.BuildCache)), "the same left of the build cache");
            Assert.That(BuildCacheInventory.Scan(taskCopy.BuildCache).Entries.Files, Is.Zero);

            // The same step outputs published by both (GoCleanCaches's names).
            Assert.That(cakeOutputs.Keys, Is.SupersetOf(new[] { "clean-bytes-freed", "clean-versions-removed", "clean-modcache-action", "clean-buildcache-action", "clean-buildcache-bytes-freed" }));
            Assert.That(cakeOutputs["clean-modcache-action"], Is.EqualTo("Cleaned"));
            Assert.That(cakeOutputs, Is.EqualTo(taskOutputs), "the CI step outputs each published");
        });
    }



    [Test]
    public void Both_defer_to_a_build_holding_the_lease_and_the_last_build_out_cleans()
    {
        foreach (var front in new[] { "cake", "task" })
        {
            var copy = Copy("lease-" + front);
            var before = Listing(copy.ModCache);
            IReadOnlyList<string> performed;
            using (var other = GoBuildLease.Acquire(copy.ModCache, copy.BuildCache, "another build", _project))
            {
                AfterBuildAction mod, build;
                if (front == "cake")
                {
                    var cake = RunCake(copy);
                    (mod, build) = (cake.Cleanup!.ModuleCache.Action, cake.Cleanup.BuildCache.Action);
                    Assert.That(cake.CleanDeferred, Is.True);
                }
                else
                {
                    var (task, result, log) = RunTask(copy);
                    Assert.That(result, Is.True, log);
                    Assert.That(task.ModCacheDeferred && task.BuildCacheDeferred, Is.True, log);
                    (mod, build) = (Enum.Parse<AfterBuildAction>(task.ModCacheAction), Enum.Parse<AfterBuildAction>(task.BuildCacheAction));
                }

                Assert.Multiple(() =>
                {
                    Assert.That((mod, build), Is.EqualTo((AfterBuildAction.Deferred, AfterBuildAction.Deferred)), front);
                    Assert.That(Listing(copy.ModCache).Where(f => !f.StartsWith(CacheLease.DirectoryName, StringComparison.Ordinal)), Is.EqualTo(before.Where(f => !f.StartsWith(CacheLease.DirectoryName, StringComparison.Ordinal))), front + ": nothing removed under the other build");
                });
                performed = other.Release();
            }

            Assert.Multiple(() =>
            {
                Assert.That(performed, Has.Count.EqualTo(2), front + ": the other build, last out, did both deferred cleans");
                Assert.That(DiskOracle.IsEmptyCache(copy.ModCache), Is.True, front);
                Assert.That(BuildCacheInventory.Scan(copy.BuildCache).Entries.Files, Is.Zero, front);
            });
        }
    }

    private static List<string> Listing(string root) => CacheCopies.Listing(root, p => p.Contains(CacheLease.DirectoryName + Path.DirectorySeparatorChar, StringComparison.Ordinal));

    private Dictionary<string, string> Variables(CacheCopy copy) => _caches.Variables(copy);

    private GoBuildAndCleanResult RunCake(CacheCopy copy)
    {
        var fixture = new CakeFixture(realProcesses: true);
        var settings = new GoBuildAndCleanSettings { Output = Path.Combine(copy.Root, "cake-bin"), WaitForOtherBuilds = TimeSpan.Zero }.For(_caches.Source, _project);
        foreach (var pair in Variables(copy))
        {
            settings.EnvironmentVariables[pair.Key] = pair.Value;
        }

        return fixture.Context.GoBuildAndClean(settings);
    }

    private (GoCleanCaches Task, bool Result, string Log) RunTask(CacheCopy copy)
    {
        // The Go build the target follows, then the task as GoCleanAfterBuild runs it.
        var variables = Variables(copy);
        var build = new GoCaches.Go.GoCommand(TestGo.Executable, variables.ToDictionary(p => p.Key, p => (string?)p.Value), _project).Run("build", "-o", Path.Combine(copy.Root, "task-bin"), ".");
        Assert.That(build.ExitCode, Is.Zero, build.StandardError);
        var engine = new RecordingBuildEngine();
        var task = new GoCleanCaches
        {
            BuildEngine = engine,
            ModCache = true,
            BuildCache = true,
            WaitForOtherBuildsSeconds = "0",
            GoExecutable = TestGo.Executable,
            EnvironmentVariables = variables.Select(p => p.Key + "=" + p.Value).ToArray(),
            WorkingDirectory = _project,
        };
        var result = task.Execute();
        return (task, result, engine.Log);
    }

    private CacheCopy Copy(string name) => _caches.Copy(name);
}
