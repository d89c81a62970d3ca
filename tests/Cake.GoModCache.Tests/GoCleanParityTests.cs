using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Cake.GoModCache.Clean;
using GoCaches.Inventory;
using GoCaches.Leases;
using GoModCache.MSBuild;
using GoModCache.MSBuild.Tests;
using GoModCache.TestSupport;
using NUnit.Framework;

namespace Cake.GoModCache.Tests;

/// <summary>
/// Issue 10, item 2: "the plain GoClean alias and task stay a plain go clean". The Cake alias <c>GoClean</c> and the
/// MSBuild task <c>GoClean</c>, each on its own copy of one cache that real go filled, run go's own
/// <c>go clean -modcache -cache</c> (with <c>GOFLAGS=-x</c> go prints the <c>rm -rf</c> it runs, and it removes the
/// module cache root, which the engine's cleaner keeps), but behind the caches' leases: both wait for a build holding
/// a lease, and both defer to a build still holding it, the last build out doing the clean. Both report the same.
/// </summary>
[NonParallelizable]
public class GoCleanParityTests
{
    private static readonly string[] Fronts = ["cake", "task"];
    private CacheCopies _caches = null!;
    private string _project = null!;

    [OneTimeSetUp]
    public void FillOneCache()
    {
        _caches = new CacheCopies("go-clean-parity");
        _project = _caches.BuildOneProject();
    }

    [OneTimeTearDown]
    public void RemoveCache() => _caches.Dispose();

    [TearDown]
    public void RemoveCopies() => _caches.RemoveCopies();

    [Test]
    public void Both_run_go_clean_itself_and_report_the_same_bytes_freed()
    {
        var results = Fronts.ToDictionary(front => front, front =>
        {
            var copy = Copy("plain-" + front);
            var bytes = ModuleCacheInventory.Scan(copy.ModCache).Total.Bytes;
            var run = Run(front, copy, wait: "0");
            return (Copy: copy, Bytes: bytes, Run: run);
        });
        foreach (var (front, (copy, bytes, run)) in results)
        {
            Assert.Multiple(() =>
            {
                Assert.That(run.Succeeded, Is.True, run.Log);
                Assert.That(run.Log, Does.Contain("rm -rf " + copy.ModCache), front + ": go printed its own removal of the module cache (GOFLAGS=-x)");
                Assert.That(run.Log, Does.Match("rm -rf? " + Regex.Escape(Path.Combine(copy.BuildCache, "0"))), front + ": and of the build cache's entry directories (Go 1.19 prints rm -r)");
                Assert.That(Directory.Exists(copy.ModCache), Is.False, front + ": go clean -modcache removes the root (the engine's cleaner keeps it)");
                Assert.That(BuildCacheInventory.Scan(copy.BuildCache).Entries.Files, Is.Zero, front);
                Assert.That(run.ModCacheFreed, Is.EqualTo(bytes).And.GreaterThan(30 * 1000), front + ": the engine inventory measured what go freed");
                Assert.That(run.Log, Does.Contain($"leaned the Go module cache {copy.ModCache}: freed {SizeParser.Format(bytes)}"), front);
            });
        }

        Assert.That(results["task"].Run.ModCacheFreed, Is.EqualTo(results["cake"].Run.ModCacheFreed), "both front ends report the same");
        Assert.That(results["task"].Run.BuildCacheFreed, Is.EqualTo(results["cake"].Run.BuildCacheFreed).And.Positive);
        Assert.That(Listing(results["task"].Copy.GoPath), Is.EqualTo(Listing(results["cake"].Copy.GoPath)), "the same left in GOPATH");
    }

    [Test]
    public void Both_wait_for_a_build_holding_the_lease_then_run_go_clean()
    {
        foreach (var front in Fronts)
        {
            var copy = Copy("wait-" + front);
            var other = GoBuildLease.Acquire(copy.ModCache, copy.BuildCache, "another build", _project);
            IReadOnlyList<string> performed = [];
            using var waiting = new ManualResetEventSlim();
            var release = Task.Run(() =>
            {
                // Released once the clean says it waits (not after a fixed time, which a loaded machine outruns),
                // and a moment later, so that the clean is seen to wait.
                waiting.Wait(TimeSpan.FromSeconds(60));
                Thread.Sleep(300);
                performed = other.Release();
            });
            var run = Run(front, copy, wait: "60", line =>
            {
                if (line.Contains("waiting up to 60 s before the clean", StringComparison.Ordinal))
                {
                    waiting.Set();
                }
            });
            release.Wait();
            Assert.Multiple(() =>
            {
                Assert.That(run.Succeeded, Is.True, run.Log);
                Assert.That(run.Log, Does.Contain("1 other build is using the module cache " + copy.ModCache + " (another build in " + _project).And.Contain("waiting up to 60 s before the clean"), front);
                Assert.That(performed, Is.Empty, front + ": nothing was deferred to the other build");
                Assert.That(run.Log, Does.Contain("rm -rf " + copy.ModCache), front + ": go ran after the wait");
                Assert.That(Directory.Exists(copy.ModCache), Is.False, front);
                Assert.That(run.ModCacheDeferred || run.BuildCacheDeferred, Is.False, front);
            });
        }
    }

    [Test]
    public void Both_defer_to_a_build_still_holding_the_lease_and_go_does_not_run()
    {
        foreach (var front in Fronts)
        {
            var copy = Copy("defer-" + front);
            var before = Listing(copy.ModCache);
            IReadOnlyList<string> performed;
            using (var other = GoBuildLease.Acquire(copy.ModCache, copy.BuildCache, "another build", _project))
            {
                var run = Run(front, copy, wait: "0.2");
                Assert.Multiple(() =>
                {
                    Assert.That(run.Succeeded, Is.True, run.Log);
                    Assert.That(run.ModCacheDeferred && run.BuildCacheDeferred, Is.True, front + ": " + run.Log);
                    Assert.That(run.Log, Does.Contain("1 other build is using the module cache; clean deferred to the last one (another build in " + _project), front);
                    Assert.That(run.Log, Does.Not.Contain("rm -rf"), front + ": go was not started");
                    Assert.That(Listing(copy.ModCache), Is.EqualTo(before), front + ": nothing removed under the other build");
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

    private sealed record CleanRun(bool Succeeded, string Log, long ModCacheFreed, long BuildCacheFreed, bool ModCacheDeferred, bool BuildCacheDeferred);

    private static List<string> Listing(string root) => CacheCopies.Listing(root, p => p.StartsWith(CacheLease.DirectoryName, StringComparison.Ordinal));

    private Dictionary<string, string> Variables(CacheCopy copy)
    {
        var variables = _caches.Variables(copy);
        variables["GOFLAGS"] = (variables.GetValueOrDefault("GOFLAGS", string.Empty) + " -x").Trim();
        return variables;
    }

    private CleanRun Run(string front, CacheCopy copy, string wait, Action<string>? onLog = null)
    {
        if (front == "cake")
        {
            var fixture = new CakeFixture(realProcesses: true);
            fixture.Log.OnWrite = onLog;
            var settings = new GoCleanSettings { ModCache = true, Cache = true, WaitForOtherBuilds = TimeSpan.FromSeconds(double.Parse(wait, System.Globalization.CultureInfo.InvariantCulture)) }.For(_caches.Source, _project);
            foreach (var pair in Variables(copy))
            {
                settings.EnvironmentVariables[pair.Key] = pair.Value;
            }

            var result = new GoCleaner(fixture.FileSystem, fixture.Environment, fixture.Context.ProcessRunner, fixture.Context.Tools, fixture.Log).CleanCaches(settings);
            return new CleanRun(
                true,
                fixture.Log.Text,
                result.ModuleCache?.Deferred == false ? result.ModuleCache.BytesFreed : 0,
                result.BuildCache?.Deferred == false ? result.BuildCache.BytesFreed : 0,
                result.ModuleCache?.Deferred == true,
                result.BuildCache?.Deferred == true);
        }

        var engine = new RecordingBuildEngine { OnMessage = onLog };
        var task = new GoClean
        {
            BuildEngine = engine,
            ModCache = true,
            Cache = true,
            Report = true,
            WaitForOtherBuildsSeconds = wait,
            GoExecutable = TestGo.Executable,
            EnvironmentVariables = Variables(copy).Select(p => p.Key + "=" + p.Value).ToArray(),
            WorkingDirectory = _project,
        };
        var ok = task.Execute();
        return new CleanRun(ok, engine.Log, task.ModCacheBytesFreed, task.BuildCacheBytesFreed, task.ModCacheDeferred, task.BuildCacheDeferred);
    }

    private CacheCopy Copy(string name) => _caches.Copy(name);
}
