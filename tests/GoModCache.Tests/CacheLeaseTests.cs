using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using GoCaches.Eviction;
using GoCaches.Inventory;
using GoCaches.Leases;
using GoCaches.Pruning;
using GoModCache.TestSupport;
using NUnit.Framework;

namespace GoModCache.Tests;

/// <summary>
/// Build leases (issue 15): shared leases for builds, an exclusive one for a whole-cache removal, waiting, deferring
/// to the last build out, holders that died, go processes found through /proc, and the lease directory being no
/// part of the cache.
/// </summary>
public class CacheLeaseTests
{
    private string _root = null!;

    [SetUp]
    public void CreateCache()
    {
        _root = Path.Combine(Directory.CreateTempSubdirectory("gomodcache-lease-").FullName, "mod");
        Populate(_root);
    }

    [TearDown]
    public void RemoveCache() => Directory.Delete(Path.GetDirectoryName(_root)!, recursive: true);

    [Test]
    public void Shared_leases_coexist_and_a_clean_defers_to_the_last_build_out()
    {
        var one = CacheLease.AcquireShared(_root, CacheKind.ModuleCache, "job one", project: "/src/one");
        var two = CacheLease.AcquireShared(_root, CacheKind.ModuleCache, "job two");
        Assert.That(one.Held && two.Held, Is.True);

        var stopwatch = Stopwatch.StartNew();
        var report = ModuleCacheCleaner.Clean(_root, new PruneOptions { LeaseWait = TimeSpan.FromMilliseconds(300) });
        stopwatch.Stop();
        Assert.Multiple(() =>
        {
            Assert.That(report.Postponed, Is.True);
            Assert.That(report.Lease!.Outcome, Is.EqualTo(CacheLeaseOutcome.Deferred));
            Assert.That(report.Lease.Holders.Select(h => h.Description), Is.EquivalentTo(new[] { "job one", "job two" }));
            Assert.That(report.Lease.Holders.Single(h => h.Description == "job one").Project, Is.EqualTo("/src/one"));
            Assert.That(report.Lease.Message, Does.StartWith("2 other builds are using the module cache; clean deferred to the last one"));
            Assert.That(report.Removed, Is.Empty);
            Assert.That(stopwatch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
            Assert.That(ModuleCacheInventory.Scan(_root).Modules, Has.Count.EqualTo(2), "nothing removed under the builds");
            Assert.That(report.ToJson(), Does.Contain("\"outcome\": \"deferred\""));
            Assert.That(report.ToMarkdown(), Does.Contain("clean deferred to the last one"));
        });

        Assert.That(one.Release(), Is.Null, "not the last one out");
        Assert.That(ModuleCacheInventory.Scan(_root).Modules, Has.Count.EqualTo(2));
        var performed = two.Release();
        Assert.Multiple(() =>
        {
            Assert.That(performed, Does.StartWith("Last build out: performed the module cache clean deferred by"));
            Assert.That(DiskOracle.IsEmptyCache(_root), Is.True, "the last build out emptied the cache");
            Assert.That(File.Exists(Path.Combine(_root, CacheLease.DirectoryName, "lease")), Is.True, "the lease file survives the clean");
            Assert.That(File.Exists(Path.Combine(_root, CacheLease.DirectoryName, "deferred-clean.json")), Is.False);
        });
    }

    [Test]
    public void A_clean_waits_for_a_build_that_ends_within_the_wait()
    {
        var build = CacheLease.AcquireShared(_root, CacheKind.ModuleCache, "short build");
        var release = Task.Run(() =>
        {
            Thread.Sleep(400);
            build.Release();
        });
        var report = ModuleCacheCleaner.Clean(_root, new PruneOptions { LeaseWait = TimeSpan.FromSeconds(20) });
        release.Wait();
        Assert.Multiple(() =>
        {
            Assert.That(report.Lease!.Outcome, Is.EqualTo(CacheLeaseOutcome.Waited));
            Assert.That(report.Lease.Waited, Is.GreaterThan(TimeSpan.FromMilliseconds(300)).And.LessThan(TimeSpan.FromSeconds(10)));
            Assert.That(report.Lease.Message, Does.StartWith("Waited ").And.Contain("short build"));
            Assert.That(report.Removed, Has.Count.EqualTo(2));
            Assert.That(DiskOracle.IsEmptyCache(_root), Is.True);
        });
    }

    [Test]
    public void A_build_waits_for_a_clean_in_progress()
    {
        var clean = CacheLease.TryAcquireExclusive(_root, CacheKind.ModuleCache, TimeSpan.Zero, out var result);
        Assert.That(clean, Is.Not.Null);
        Assert.That(result.Outcome, Is.EqualTo(CacheLeaseOutcome.Free));
        var acquired = Task.Run(() => CacheLease.AcquireShared(_root, CacheKind.ModuleCache, "waiting build"));
        Assert.That(acquired.Wait(300), Is.False, "the build waits while the clean holds the lease");
        clean!.Release();
        Assert.That(acquired.Wait(5000), Is.True);
        using var lease = acquired.Result;
        Assert.That(lease.Held, Is.True);
        Assert.That(lease.Waited, Is.GreaterThan(TimeSpan.FromMilliseconds(250)));
    }

    [Test]
    public void A_holder_killed_with_SIGKILL_blocks_nothing()
    {
        // flock(1) takes the same flock(2) lock a build's lease is; SIGKILL lets the kernel drop it.
        var lockFile = Path.Combine(_root, CacheLease.DirectoryName, "lease");
        Directory.CreateDirectory(Path.GetDirectoryName(lockFile)!);
        using var holder = Process.Start(new ProcessStartInfo("flock", ["--shared", lockFile, "sleep", "60"]))!;
        var deadline = Stopwatch.StartNew();
        while (CacheLease.TryAcquireExclusive(_root, CacheKind.ModuleCache, TimeSpan.Zero, out _) is { } free)
        {
            free.Release();
            Assert.That(deadline.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)), "flock took the lease");
            Thread.Sleep(20);
        }

        // The whole job (flock and the sleep that inherited its locked file), as a CI agent kills a job.
        holder.Kill(entireProcessTree: true);
        holder.WaitForExit();
        var stopwatch = Stopwatch.StartNew();
        var report = ModuleCacheCleaner.Clean(_root, new PruneOptions { LeaseWait = TimeSpan.FromSeconds(5) });
        Assert.Multiple(() =>
        {
            Assert.That(report.Lease!.Ran, Is.True);
            Assert.That(stopwatch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)), "no longer than the wait");
            Assert.That(DiskOracle.IsEmptyCache(_root), Is.True);
        });
    }

    [Test]
    public void A_stale_holder_file_is_not_counted()
    {
        var dir = Path.Combine(_root, CacheLease.DirectoryName);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "holder-999999-dead.json"), "{\"Pid\":999999,\"Description\":\"dead job\",\"Project\":null,\"Since\":\"2026-01-01T00:00:00+00:00\"}");
        Assert.That(CacheLease.Users(_root, CacheKind.ModuleCache).Where(h => !h.External), Is.Empty);
        Assert.That(File.Exists(Path.Combine(dir, "holder-999999-dead.json")), Is.False, "removed as stale");
    }

    [Test]
    public void A_go_process_not_started_by_us_counts_as_a_holder_on_Linux()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("/proc is Linux only.");
        }

        // A process named "go" whose environment points at this cache (a copy of sleep: the scan reads comm and environ).
        var fakeGo = Path.Combine(Path.GetDirectoryName(_root)!, "bin", "go");
        Directory.CreateDirectory(Path.GetDirectoryName(fakeGo)!);
        File.Copy("/bin/sleep", fakeGo);
        var psi = new ProcessStartInfo(fakeGo, ["30"]) { WorkingDirectory = Path.GetDirectoryName(_root)! };
        psi.Environment["GOMODCACHE"] = _root;
        using var go = Process.Start(psi)!;
        try
        {
            Thread.Sleep(100);
            var lease = CacheLease.TryAcquireExclusive(_root, CacheKind.ModuleCache, TimeSpan.FromMilliseconds(200), out var result);
            Assert.Multiple(() =>
            {
                Assert.That(lease, Is.Null);
                Assert.That(result.Holders.Single().External, Is.True);
                Assert.That(result.Holders.Single().ProcessId, Is.EqualTo(go.Id));
                Assert.That(result.Holders.Single().Description, Does.Contain("not started by Cake.GoModCache"));
            });
        }
        finally
        {
            go.Kill();
            go.WaitForExit();
        }

        // Started under a lease (the holder variable names a live process): covered by that lease, not counted twice.
        psi.Environment[CacheLease.HolderVariable] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var leased = Process.Start(psi)!;
        try
        {
            Thread.Sleep(100);
            using var lease = CacheLease.TryAcquireExclusive(_root, CacheKind.ModuleCache, TimeSpan.Zero, out var result);
            Assert.That(lease, Is.Not.Null, string.Join("; ", result.Holders));
        }
        finally
        {
            leased.Kill();
            leased.WaitForExit();
        }
    }

    [Test]
    public void The_lease_directory_is_no_part_of_either_cache()
    {
        var empty = Path.Combine(Path.GetDirectoryName(_root)!, "empty");
        using (CacheLease.AcquireShared(empty, CacheKind.ModuleCache, "build"))
        using (CacheLease.AcquireShared(empty, CacheKind.BuildCache, "build"))
        {
            var modules = ModuleCacheInventory.Scan(empty);
            var build = BuildCacheInventory.Scan(empty);
            Assert.Multiple(() =>
            {
                Assert.That(modules.Total, Is.EqualTo(TreeSize.Empty));
                Assert.That(modules.Unrecognized, Is.Empty);
                Assert.That(build.Total, Is.EqualTo(TreeSize.Empty));
            });
        }

        var report = ModuleCacheCleaner.Clean(empty);
        Assert.That(report.Notes, Has.Some.Contains("empty: nothing to clean"));
    }

    [Test]
    public void A_prune_beside_builds_that_name_their_projects_keeps_what_they_need()
    {
        var project = Path.Combine(Path.GetDirectoryName(_root)!, "project");
        Directory.CreateDirectory(project);
        File.WriteAllText(Path.Combine(project, "go.mod"), "module example.com/app\n\ngo 1.19\n\nrequire example.com/a v1.0.0\n");
        File.WriteAllText(Path.Combine(project, "go.sum"), "example.com/a v1.0.0 h1:x=\nexample.com/a v1.0.0/go.mod h1:y=\n");
        using var build = CacheLease.AcquireShared(_root, CacheKind.ModuleCache, "build of app", project);
        var report = new ModuleCachePruner(_root, new PrunePolicy { ModulePatterns = "example.com" }, new PruneOptions { LeaseWait = TimeSpan.FromMilliseconds(200), GracePeriod = TimeSpan.Zero }).Run();
        Assert.Multiple(() =>
        {
            Assert.That(report.Lease!.Outcome, Is.EqualTo(CacheLeaseOutcome.KeptForHolders));
            Assert.That(report.Removed.Select(r => r.Module.ToString()), Is.EqualTo(new[] { "example.com/b@v1.0.0" }));
            Assert.That(report.Kept, Does.ContainKey("needed by a build using the cache"));
        });

        using var anonymous = CacheLease.AcquireShared(_root, CacheKind.ModuleCache, "build of something");
        var skipped = new ModuleCachePruner(_root, new PrunePolicy { ModulePatterns = "example.com" }, new PruneOptions { LeaseWait = TimeSpan.FromMilliseconds(200) }).Run();
        Assert.Multiple(() =>
        {
            Assert.That(skipped.Lease!.Outcome, Is.EqualTo(CacheLeaseOutcome.Skipped));
            Assert.That(skipped.Removed, Is.Empty);
            Assert.That(skipped.Postponed, Is.True);
        });
    }

    private static void Populate(string root)
    {
        foreach (var name in new[] { "a", "b" })
        {
            var dir = Path.Combine(root, "example.com", name + "@v1.0.0");
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, "go.mod"), $"module example.com/{name}\n");
            File.WriteAllText(Path.Combine(dir, name + ".go"), $"package {name}\n");
            var download = Path.Combine(root, "cache", "download", "example.com", name, "@v");
            Directory.CreateDirectory(download);
            File.WriteAllText(Path.Combine(download, "v1.0.0.mod"), $"module example.com/{name}\n");
            File.WriteAllText(Path.Combine(download, "v1.0.0.info"), "{\"Version\":\"v1.0.0\"}");
            File.WriteAllText(Path.Combine(download, "v1.0.0.zip"), "zip");
            File.WriteAllText(Path.Combine(download, "v1.0.0.ziphash"), "h1:x=");
        }
    }
}
