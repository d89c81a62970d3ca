using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Cake.GoModCache.Caches;
using GoCaches.Inventory;
using GoCaches.Operations;
using GoModCache.MSBuild;
using GoModCache.MSBuild.Tests;
using GoModCache.TestSupport;
using Microsoft.Build.Utilities;
using NUnit.Framework;

namespace Cake.GoModCache.Tests;

/// <summary>
/// The same check, prune and clean through both front ends (Cake aliases, MSBuild tasks) on two copies of one
/// module cache: what each removed, what it left and what it reported must be the same.
/// </summary>
public class FrontEndParityTests
{
    private GoSandbox _sandbox = null!;
    private string _current = null!;
    private string _cake = null!;
    private string _msbuild = null!;

    [SetUp]
    public void Populate()
    {
        _sandbox = new GoSandbox("parity");
        var lib1 = _sandbox.Proxy.Add("example.com/lib", "v1.0.0", m => m.WithBulk(20, 1000));
        var lib2 = _sandbox.Proxy.Add("example.com/lib", "v1.1.0", m => m.WithBulk(20, 1000));
        var other = _sandbox.Proxy.Add("example.com/Other", "v0.1.0", m => m.WithBulk(10, 1000));
        _sandbox.PublishProxy();
        var old = _sandbox.WriteProject("old", lib1, other);
        _sandbox.MustGo(old, "build", "-o", Path.Combine(_sandbox.Root, "old-bin"), ".");
        _current = _sandbox.WriteProject("current", lib2);
        _sandbox.MustGo(_current, "build", "-o", Path.Combine(_sandbox.Root, "current-bin"), ".");
        _cake = Copy("cake");
        _msbuild = Copy("msbuild");
    }

    [TearDown]
    public void Cleanup() => _sandbox.Dispose();

    [Test]
    public void Check_prune_and_clean_remove_and_report_the_same_in_Cake_and_MSBuild()
    {
        var total = ModuleCacheInventory.Scan(_cake).Total.Bytes;
        var limit = (total * 3 / 4).ToString(System.Globalization.CultureInfo.InvariantCulture);

        // Check, over the limit, Prune: down to the limit, keeping what the current project needs.
        var cakeFixture = new CakeFixture(realProcesses: true);
        var check = new GoModCacheCheckSettings { ModCacheLimit = limit, Action = CacheLimitAction.Prune, GracePeriod = System.TimeSpan.Zero, GoModCache = _cake }.For(_sandbox, _current);
        check.KeepProjects.Add(_current);
        var cakeCheck = cakeFixture.Context.GoModCacheCheck(check);
        var (msCheck, msCheckLog) = Run(new GoModCacheCheck { ModCacheLimit = limit, Action = "Prune", GracePeriod = "0", KeepProjects = [new TaskItem(_current)], ModCacheRoot = _msbuild });
        Assert.Multiple(() =>
        {
            Assert.That(cakeCheck.ActionTaken, Is.EqualTo(LimitActionTaken.Pruned));
            Assert.That(msCheck.ActionTaken, Is.EqualTo(nameof(LimitActionTaken.Pruned)));
            Assert.That(msCheck.ModCacheBytes, Is.EqualTo(cakeCheck.ModCacheBytes));
            Assert.That(msCheck.BytesFreed, Is.EqualTo(cakeCheck.ModCacheReport!.BytesFreed).And.GreaterThan(0));
            Assert.That(Versions(_msbuild), Is.EqualTo(Versions(_cake)));
            Assert.That(Removals(msCheckLog), Is.EqualTo(Removals(cakeFixture.Log.Text)).And.Not.Empty);
        });

        // Prune: everything the current project does not need.
        cakeFixture = new CakeFixture(realProcesses: true);
        var prune = new GoModCachePruneSettings { GracePeriod = System.TimeSpan.Zero, GoModCache = _cake }.For(_sandbox, _current);
        prune.KeepProjects.Add(_current);
        var cakePrune = cakeFixture.Context.GoModCachePrune(prune);
        var (msPrune, msPruneLog) = Run(new GoModCachePrune { KeepProjects = [new TaskItem(_current)], GracePeriod = "0", ModCacheRoot = _msbuild });
        Assert.Multiple(() =>
        {
            Assert.That(msPrune.VersionsRemoved, Is.EqualTo(cakePrune.Removed.Count));
            Assert.That(msPrune.BytesFreed, Is.EqualTo(cakePrune.BytesFreed));
            Assert.That(Versions(_msbuild), Is.EqualTo(Versions(_cake)).And.EqualTo(new[] { "example.com/lib@v1.1.0" }));
            Assert.That(Removals(msPruneLog), Is.EqualTo(Removals(cakeFixture.Log.Text)));
        });

        // Clean: the whole module cache, with the engine's cleaner in both.
        cakeFixture = new CakeFixture(realProcesses: true);
        var cakeClean = cakeFixture.Context.GoModCacheClean(new GoModCacheCleanSettings { GoModCache = _cake }.For(_sandbox, _current));
        var (msClean, _) = Run(new GoModCacheClean { ModCache = true, ModCacheRoot = _msbuild });
        Assert.Multiple(() =>
        {
            Assert.That(msClean.ModCacheBytesFreed, Is.EqualTo(cakeClean.BytesFreed).And.GreaterThan(0));
            Assert.That(Directory.Exists(_cake), Is.False);
            Assert.That(Directory.Exists(_msbuild), Is.False);
        });
    }

    private static List<string> Versions(string root) => ModuleCacheInventory.Scan(root).Modules.Select(m => m.ToString()).Order().ToList();

    // "removed example.com/lib@v1.0.0, 20.1 KiB: not needed by the projects." as both front ends print it.
    private static List<string> Removals(string log) => log.Split('\n')
        .Select(l => l.Trim())
        .Select(l => l.StartsWith("GoModCache: ", System.StringComparison.Ordinal) ? l["GoModCache: ".Length..] : l)
        .Where(l => l.StartsWith("removed example.com/", System.StringComparison.Ordinal))
        .Order()
        .ToList();

    private (T Task, string Log) Run<T>(T task)
        where T : GoCacheTask
    {
        var engine = new RecordingBuildEngine();
        task.BuildEngine = engine;
        task.GoExecutable = TestGo.Executable;
        task.EnvironmentVariables = _sandbox.Environment.Select(p => p.Key + "=" + p.Value).ToArray();
        Assert.That(task.Execute(), Is.True, engine.Log);
        return (task, engine.Log);
    }

    private string Copy(string name)
    {
        var target = Path.Combine(_sandbox.Root, "parity-" + name);
        using var cp = Process.Start("cp", ["-a", _sandbox.GoModCache, target])!;
        cp.WaitForExit();
        Assert.That(cp.ExitCode, Is.Zero);
        return target;
    }
}
