using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using GoCaches;
using GoCaches.Eviction;
using GoCaches.Go;
using GoCaches.Inventory;
using GoModCache.TestSupport;
using NUnit.Framework;

namespace GoModCache.Tests;

/// <summary>One version at a time, checked against the disk and against what real go does next.</summary>
public class ModuleVersionEvictorTests
{
    private GoSandbox _sandbox = null!;
    private string _appA = null!;
    private string _appB = null!;

    [SetUp]
    public void PopulateCache()
    {
        _sandbox = GoSandbox.WithSharedBuildCache("evict");
        var a = _sandbox.Proxy.Add("example.com/a", "v1.0.0", m => m.WithBulk(60, 200));
        _sandbox.Proxy.Add("example.com/a", "v1.1.0");
        var b = _sandbox.Proxy.Add("example.com/b", "v1.0.0");
        _sandbox.PublishProxy();
        _appA = _sandbox.WriteProject("app-a", a);
        _appB = _sandbox.WriteProject("app-b", b);
        _sandbox.MustGo(_appA, "build", "-o", Path.Combine(_appA, "app.bin"), ".");
        _sandbox.MustGo(_appB, "build", "-o", Path.Combine(_appB, "app.bin"), ".");
        _sandbox.MustGo(_appB, "mod", "download", "example.com/a@v1.1.0");
    }

    [TearDown]
    public void Cleanup() => _sandbox.Dispose();

    [Test]
    public void Evicting_removes_the_tree_and_download_files_keeps_the_lock_and_rewrites_the_list()
    {
        var dir = _sandbox.VersionDir("example.com/a", "v1.0.0");
        var (dirBytes, dirFiles) = DiskOracle.RegularFiles(dir);
        var downloadBytes = new[] { ".zip", ".ziphash", ".info", ".mod" }.Sum(e => new FileInfo(_sandbox.DownloadFile("example.com/a", "v1.0.0", e)).Length);
        var list = Path.Combine(_sandbox.DownloadDir("example.com/a"), "list");
        Assert.That(File.ReadAllText(list), Is.EqualTo("v1.0.0\nv1.1.0\n"), "Go's list before");

        var result = new ModuleVersionEvictor(_sandbox.GoModCache).Evict("example.com/a", "v1.0.0");

        Assert.Multiple(() =>
        {
            Assert.That(result.WasPresent, Is.True);
            Assert.That(result.DirectoryRemoved, Is.True);
            Assert.That(result.FilesRemoved, Is.EqualTo(DownloadFiles.Zip | DownloadFiles.ZipHash | DownloadFiles.Info | DownloadFiles.Mod | DownloadFiles.Partial));
            Assert.That(result.Removed.Bytes, Is.EqualTo(dirBytes + downloadBytes));
            Assert.That(result.Removed.Files, Is.EqualTo(dirFiles + 4));
            Assert.That(Directory.Exists(dir), Is.False);
            Assert.That(_sandbox.Holds("example.com/a", "v1.0.0"), Is.False);
            Assert.That(File.Exists(_sandbox.DownloadFile("example.com/a", "v1.0.0", ".lock")), Is.True, "the lock file stays, as Go leaves it");
            Assert.That(File.ReadAllText(list), Is.EqualTo("v1.1.0\n"), "the list names what is left, as Go's rewriteVersionList writes it");
            Assert.That(_sandbox.Holds("example.com/a", "v1.1.0"), Is.True);
            Assert.That(_sandbox.Holds("example.com/b", "v1.0.0"), Is.True);
        });

        // What go makes of it: the other project still builds with no network; the evicted version is really gone.
        _sandbox.MustGoOffline(_appB, "build", "-o", Path.Combine(_appB, "app.bin"), ".");
        var gone = _sandbox.GoOffline(_appA, "build", "-o", Path.Combine(_appA, "app.bin"), ".");
        Assert.That(gone.Succeeded, Is.False, "app-a needs the evicted version and must not find it offline");
        Assert.That(gone.StandardError, Does.Contain("example.com/a"));
        Assert.That(ModuleCacheInventory.Scan(_sandbox.GoModCache).Find("example.com/a", "v1.0.0")?.IsExtracted ?? false, Is.False);
    }

    [Test]
    public void Evicting_only_the_directory_lets_go_extract_it_again_without_network()
    {
        var dir = _sandbox.VersionDir("example.com/a", "v1.0.0");
        var before = PruneTestKit.Listing(dir);
        var result = new ModuleVersionEvictor(_sandbox.GoModCache, new EvictionOptions { KeepDownloadFiles = true }).Evict("example.com/a", "v1.0.0");
        Assert.Multiple(() =>
        {
            Assert.That(result.DirectoryRemoved, Is.True);
            Assert.That(result.FilesRemoved, Is.EqualTo(DownloadFiles.Partial), "only the marker it wrote itself");
            Assert.That(Directory.Exists(dir), Is.False);
            Assert.That(File.Exists(_sandbox.DownloadFile("example.com/a", "v1.0.0", ".zip")), Is.True);
            Assert.That(File.Exists(_sandbox.DownloadFile("example.com/a", "v1.0.0", ".ziphash")), Is.True);
        });

        var run = _sandbox.MustGoOffline(_appA, "run", ".");
        Assert.That(run.StandardOutput, Does.Contain("example.com/a@v1.0.0"));
        Assert.That(PruneTestKit.Listing(dir), Is.EqualTo(before), "Go extracted the same tree again");
        Assert.That(File.GetUnixFileMode(dir) & UnixFileMode.UserWrite, Is.EqualTo(UnixFileMode.None), "and made it read-only again");
    }

    [Test]
    public void Evicting_many_waits_the_grace_period_once_per_batch_and_reports_each_version()
    {
        var evictor = new ModuleVersionEvictor(_sandbox.GoModCache, new EvictionOptions { GracePeriod = TimeSpan.FromSeconds(1.5) });
        var seen = new System.Collections.Generic.List<(string Module, EvictionResult? Result, GoModCacheException? Error)>();
        var stopwatch = Stopwatch.StartNew();
        evictor.EvictAll(
            [new("example.com/a", "v1.0.0"), new("example.com/bad", "1.0"), new("example.com/a", "v1.1.0"), new("example.com/nothere", "v1.0.0"), new("example.com/b", "v1.0.0")],
            (m, r, e) => seen.Add((m.ToString(), r, e)));
        stopwatch.Stop();

        Assert.Multiple(() =>
        {
            Assert.That(stopwatch.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(1.5)).And.LessThan(TimeSpan.FromSeconds(4)), "one grace period for the batch, not one per version");
            Assert.That(seen.Select(s => s.Module), Is.EqualTo(new[] { "example.com/a@v1.0.0", "example.com/bad@1.0", "example.com/a@v1.1.0", "example.com/nothere@v1.0.0", "example.com/b@v1.0.0" }));
            Assert.That(seen[1].Error!.Message, Does.Contain("does not start with 'v'"), "a bad entry is reported and the rest go on");
            Assert.That(seen.Where((_, i) => i != 1 && i != 3).All(s => s.Result!.DirectoryRemoved), Is.True);
            Assert.That(seen[3].Result!.WasPresent, Is.False);
            Assert.That(_sandbox.Holds("example.com/a", "v1.0.0") || _sandbox.Holds("example.com/a", "v1.1.0") || _sandbox.Holds("example.com/b", "v1.0.0"), Is.False);
        });

        using var canceled = new CancellationTokenSource();
        canceled.Cancel();
        Assert.That(() => evictor.EvictAll([new("example.com/a", "v1.0.0")], (_, _, _) => { }, canceled.Token), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public void Evicting_a_version_the_cache_does_not_hold_does_nothing()
    {
        var result = new ModuleVersionEvictor(_sandbox.GoModCache).Evict("example.com/nothere", "v9.9.9");
        Assert.Multiple(() =>
        {
            Assert.That(result.WasPresent, Is.False);
            Assert.That(Directory.Exists(_sandbox.DownloadDir("example.com/nothere")), Is.False, "no lock file is made for nothing");
        });
    }

    [Test]
    public void Symbolic_links_are_removed_as_links_and_never_followed()
    {
        var outside = _sandbox.Dir("outside");
        File.WriteAllText(Path.Combine(outside, "precious.txt"), "keep me");
        var dir = _sandbox.VersionDir("example.com/a", "v1.0.0");

        // A link planted inside a version tree (Go never makes one).
        File.SetUnixFileMode(dir, File.GetUnixFileMode(dir) | UnixFileMode.UserWrite);
        Directory.CreateSymbolicLink(Path.Combine(dir, "escape"), outside);
        File.SetUnixFileMode(dir, File.GetUnixFileMode(dir) & ~UnixFileMode.UserWrite);

        // A version "directory" that is itself a link.
        var linked = _sandbox.VersionDir("example.com/linked", "v1.0.0");
        Directory.CreateDirectory(Path.GetDirectoryName(linked)!);
        Directory.CreateSymbolicLink(linked, outside);

        var evictor = new ModuleVersionEvictor(_sandbox.GoModCache);
        evictor.Evict("example.com/a", "v1.0.0");
        var linkResult = evictor.Evict("example.com/linked", "v1.0.0");

        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(Path.Combine(outside, "precious.txt")), Is.EqualTo("keep me"));
            Assert.That(Directory.Exists(dir), Is.False);
            Assert.That(linkResult.DirectoryRemoved, Is.True);
            Assert.That(new DirectoryInfo(linked).LinkTarget, Is.Null);
            Assert.That(Directory.Exists(linked), Is.False);
        });
    }

    [Test]
    public void A_path_that_leads_through_a_symbolic_link_out_of_the_cache_is_refused()
    {
        var outside = _sandbox.Dir("outside-tree");
        var target = Directory.CreateDirectory(Path.Combine(outside, "m@v1.0.0")).FullName;
        File.WriteAllText(Path.Combine(target, "f.go"), "package m");
        Directory.CreateSymbolicLink(Path.Combine(_sandbox.GoModCache, "evil.example.com"), outside);

        var evictor = new ModuleVersionEvictor(_sandbox.GoModCache);
        Assert.That(() => evictor.Evict("evil.example.com/m", "v1.0.0"), Throws.TypeOf<GoModCacheException>().With.Message.Contains("symbolic link"));
        Assert.That(File.Exists(Path.Combine(target, "f.go")), Is.True);
    }

    [TestCase("example.com/../../etc", "v1.0.0", "'..'")]
    [TestCase("example.com/a", "1.0.0", "does not start with 'v'")]
    [TestCase("example.com/a", "v1.0.0/../../x", "Go does not allow")]
    [TestCase("", "v1.0.0", "empty")]
    public void Invalid_module_paths_and_versions_are_refused(string path, string version, string message)
    {
        var before = PruneTestKit.Listing(_sandbox.GoModCache);
        Assert.That(() => new ModuleVersionEvictor(_sandbox.GoModCache).Evict(path, version), Throws.TypeOf<GoModCacheException>().With.Message.Contains(message));
        Assert.That(PruneTestKit.Listing(_sandbox.GoModCache), Is.EqualTo(before));
    }

    [Test]
    public void Eviction_waits_for_a_go_command_that_holds_the_lock_and_times_out_clearly()
    {
        var lockFile = _sandbox.DownloadFile("example.com/a", "v1.0.0", ".lock");

        // flock(1) takes the same flock(2) lock Go's lockedfile takes.
        using (var holder = Process.Start("flock", [lockFile, "sleep", "2"]))
        {
            Thread.Sleep(300);
            var stopwatch = Stopwatch.StartNew();
            var result = new ModuleVersionEvictor(_sandbox.GoModCache).Evict("example.com/a", "v1.0.0");
            Assert.Multiple(() =>
            {
                Assert.That(result.DirectoryRemoved, Is.True);
                Assert.That(stopwatch.Elapsed, Is.GreaterThan(TimeSpan.FromSeconds(1.2)), "it waited for the holder");
                Assert.That(result.LockWait, Is.GreaterThan(TimeSpan.FromSeconds(1.2)));
            });
            holder.WaitForExit();
        }

        var bLock = _sandbox.DownloadFile("example.com/b", "v1.0.0", ".lock");
        using var longHolder = Process.Start("flock", [bLock, "sleep", "5"]);
        Thread.Sleep(300);
        var impatient = new ModuleVersionEvictor(_sandbox.GoModCache, new EvictionOptions { LockTimeout = TimeSpan.FromMilliseconds(400) });
        Assert.That(() => impatient.Evict("example.com/b", "v1.0.0"), Throws.TypeOf<GoModCacheException>().With.Message.Contains("Timed out").And.Message.Contains("example.com/b@v1.0.0"));
        Assert.That(_sandbox.Holds("example.com/b", "v1.0.0"), Is.True, "nothing was touched");
        Assert.That(File.Exists(_sandbox.DownloadFile("example.com/b", "v1.0.0", ".partial")), Is.False);
        longHolder.Kill();
        longHolder.WaitForExit();
    }

    [Test]
    public void A_crash_that_leaves_the_marker_and_a_half_deleted_tree_is_repaired_by_go_offline()
    {
        var dir = _sandbox.VersionDir("example.com/a", "v1.0.0");
        var complete = PruneTestKit.Listing(dir);

        // The state a crash part-way through the removal leaves: marker written, tree writable and half gone.
        File.WriteAllBytes(_sandbox.DownloadFile("example.com/a", "v1.0.0", ".partial"), []);
        foreach (var d in Directory.EnumerateDirectories(dir, "*", SearchOption.AllDirectories).Append(dir))
        {
            File.SetUnixFileMode(d, (UnixFileMode)0b111_101_101);
        }

        var files = Directory.GetFiles(dir, "*", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal).ToList();
        foreach (var f in files.Where((_, i) => i % 2 == 0))
        {
            File.Delete(f);
        }

        Directory.Delete(Path.Combine(dir, "data", "d1"), recursive: true);
        Assert.That(PruneTestKit.Listing(dir), Is.Not.EqualTo(complete));

        var run = _sandbox.MustGoOffline(_appA, "run", ".");
        Assert.Multiple(() =>
        {
            Assert.That(run.StandardOutput, Does.Contain("example.com/a@v1.0.0"));
            Assert.That(PruneTestKit.Listing(dir), Is.EqualTo(complete), "Go removed the rest and extracted it again");
            Assert.That(File.Exists(_sandbox.DownloadFile("example.com/a", "v1.0.0", ".partial")), Is.False);
        });
        _sandbox.MustGoOffline(_appA, "mod", "verify");
    }

    [TestCase(true)]
    [TestCase(false)]
    public void A_crash_right_after_the_marker_leaves_a_state_go_repairs(bool keepDownloadFiles)
    {
        var dir = _sandbox.VersionDir("example.com/a", "v1.0.0");
        var complete = PruneTestKit.Listing(dir);
        var evictor = new ModuleVersionEvictor(_sandbox.GoModCache, new EvictionOptions { KeepDownloadFiles = keepDownloadFiles })
        {
            StageHook = (stage, _) =>
            {
                if (stage == EvictionStage.MarkedPartial)
                {
                    throw new InvalidOperationException("simulated crash");
                }
            },
        };
        Assert.That(() => evictor.Evict("example.com/a", "v1.0.0"), Throws.InvalidOperationException);
        Assert.That(File.Exists(_sandbox.DownloadFile("example.com/a", "v1.0.0", ".partial")), Is.True);
        Assert.That(File.Exists(_sandbox.DownloadFile("example.com/a", "v1.0.0", ".zip")), Is.EqualTo(keepDownloadFiles), "the zip goes before the marker");
        Assert.That(ModuleCacheInventory.Scan(_sandbox.GoModCache).Find("example.com/a", "v1.0.0")!.IsComplete, Is.False, "the inventory sees the interrupted state");

        // With the zip kept, go extracts again with no network; without it, go downloads it again.
        var build = new[] { "build", "-o", Path.Combine(_appA, "app.bin"), "." };
        if (keepDownloadFiles)
        {
            _sandbox.MustGoOffline(_appA, build);
        }
        else
        {
            _sandbox.MustGo(_appA, build);
        }

        Assert.That(PruneTestKit.Listing(dir), Is.EqualTo(complete));
        Assert.That(File.Exists(_sandbox.DownloadFile("example.com/a", "v1.0.0", ".partial")), Is.False);
        _sandbox.MustGoOffline(_appA, "mod", "verify");
    }

    [TestCase("MarkedPartial")]
    [TestCase("DirectoryRemoved")]
    public void A_build_that_starts_during_an_eviction_waits_for_it_then_extracts_again_and_succeeds(string stageName)
    {
        var stage = Enum.Parse<EvictionStage>(stageName);
        var dir = _sandbox.VersionDir("example.com/a", "v1.0.0");
        Task<GoCommandResult>? build = null;
        var blockedWhileLocked = false;
        var evictor = new ModuleVersionEvictor(_sandbox.GoModCache, new EvictionOptions { KeepDownloadFiles = true })
        {
            StageHook = (s, _) =>
            {
                if (s == stage)
                {
                    build = Task.Run(() => _sandbox.GoOffline(_appA, "run", "."));

                    // A warm build takes well under a second; this one must wait on Go's lock, which we hold.
                    blockedWhileLocked = !build.Wait(TimeSpan.FromSeconds(2.5));
                }
            },
        };

        evictor.Evict("example.com/a", "v1.0.0");
        Assert.That(build, Is.Not.Null);
        var result = build!.Result;
        Assert.Multiple(() =>
        {
            Assert.That(blockedWhileLocked, Is.True, "go waited for the lock instead of using the tree being removed");
            Assert.That(result.Succeeded, Is.True, result.StandardError);
            Assert.That(result.StandardOutput, Does.Contain("example.com/a@v1.0.0"));
            Assert.That(Directory.Exists(dir), Is.True, "go extracted it again from the kept zip");
        });
    }

    [Test]
    public void A_build_that_sees_the_marker_finds_no_zip_then_downloads_again_after_the_eviction_and_succeeds()
    {
        // The fault suite's failure ("unzip …: no such file or directory"): a go command that sees the marker stats the
        // zip without the lock; had it found the zip, it would wait for the lock holding that path, and the eviction
        // would take the zip away before it got the lock.
        var dir = _sandbox.VersionDir("example.com/a", "v1.0.0");
        var complete = PruneTestKit.Listing(dir);
        var zip = _sandbox.DownloadFile("example.com/a", "v1.0.0", ".zip");
        Task<GoCommandResult>? build = null;
        bool zipGoneAtMarker = false, blockedWhileLocked = false;
        var evictor = new ModuleVersionEvictor(_sandbox.GoModCache)
        {
            StageHook = (stage, _) =>
            {
                if (stage == EvictionStage.MarkedPartial)
                {
                    zipGoneAtMarker = !File.Exists(zip);
                    build = Task.Run(() => _sandbox.Go(_appA).Run("run", "."));
                    blockedWhileLocked = !build.Wait(TimeSpan.FromSeconds(2.5));
                }
            },
        };

        var result = evictor.Evict("example.com/a", "v1.0.0");
        Assert.That(build, Is.Not.Null);
        var run = build!.Result;
        Assert.Multiple(() =>
        {
            Assert.That(zipGoneAtMarker, Is.True, "the zip was gone before anyone could see the marker");
            Assert.That(blockedWhileLocked, Is.True, "go waited for the lock");
            Assert.That(result.DirectoryRemoved, Is.True);
            Assert.That(run.Succeeded, Is.True, run.StandardError);
            Assert.That(run.StandardOutput, Does.Contain("example.com/a@v1.0.0"));
            Assert.That(PruneTestKit.Listing(dir), Is.EqualTo(complete), "go downloaded and extracted it again");
        });
        _sandbox.MustGoOffline(_appA, "mod", "verify");
    }

    [Test]
    public void A_version_go_has_just_downloaded_and_not_yet_extracted_is_left_for_go_to_extract()
    {
        // Go's download: under the version's lock it writes the zip, releases the lock, takes it again and extracts.
        // An evictor queued on the lock gets it in between: a fresh zip, no tree, no marker.
        var dir = _sandbox.VersionDir("example.com/a", "v1.0.0");
        var complete = PruneTestKit.Listing(dir);
        RemoveTree(dir);
        var zip = _sandbox.DownloadFile("example.com/a", "v1.0.0", ".zip");
        File.SetLastWriteTimeUtc(zip, DateTime.UtcNow);
        var lockFile = _sandbox.DownloadFile("example.com/a", "v1.0.0", ".lock");
        EvictionResult result;
        using (var downloader = Process.Start("flock", [lockFile, "sleep", "1"]))
        {
            Thread.Sleep(300);
            result = new ModuleVersionEvictor(_sandbox.GoModCache).Evict("example.com/a", "v1.0.0");
            downloader.WaitForExit();
        }

        Assert.Multiple(() =>
        {
            Assert.That(result.InUse, Is.True);
            Assert.That(result.WasPresent, Is.False, "nothing removed");
            Assert.That(result.LockWait, Is.GreaterThan(TimeSpan.FromSeconds(0.3)), "it got the lock after the downloader");
            Assert.That(File.Exists(zip), Is.True);
            Assert.That(File.Exists(_sandbox.DownloadFile("example.com/a", "v1.0.0", ".partial")), Is.False);
        });

        // The go command that downloaded it now takes the lock and extracts from its zip.
        var run = _sandbox.MustGoOffline(_appA, "run", ".");
        Assert.That(run.StandardOutput, Does.Contain("example.com/a@v1.0.0"));
        Assert.That(PruneTestKit.Listing(dir), Is.EqualTo(complete));

        // A prune leaves it the same way and says so.
        RemoveTree(dir);
        File.SetLastWriteTimeUtc(zip, DateTime.UtcNow);
        var report = new GoCaches.Pruning.ModuleCachePruner(
            _sandbox.GoModCache,
            new GoCaches.Pruning.PrunePolicy { ModulePatterns = "example.com/a" },
            new GoCaches.Pruning.PruneOptions { IgnoreOtherBuilds = true, GracePeriod = TimeSpan.Zero }).Run();
        Assert.Multiple(() =>
        {
            Assert.That(report.Succeeded, Is.True);
            Assert.That(report.Removed.Select(r => r.Module.ToString()), Is.EquivalentTo(new[] { "example.com/a@v1.1.0" }));
            Assert.That(report.Kept, Does.ContainKey("being extracted by a go command").WithValue(1));
            Assert.That(File.Exists(zip), Is.True);
        });
    }

    [Test]
    public void A_zip_without_a_tree_that_is_not_new_is_evicted()
    {
        var dir = _sandbox.VersionDir("example.com/a", "v1.0.0");
        RemoveTree(dir);
        var zip = _sandbox.DownloadFile("example.com/a", "v1.0.0", ".zip");
        File.SetLastWriteTimeUtc(zip, DateTime.UtcNow.AddMinutes(-5));

        var result = new ModuleVersionEvictor(_sandbox.GoModCache).Evict("example.com/a", "v1.0.0");

        Assert.Multiple(() =>
        {
            Assert.That(result.InUse, Is.False);
            Assert.That(result.FilesRemoved & DownloadFiles.Zip, Is.EqualTo(DownloadFiles.Zip));
            Assert.That(_sandbox.Holds("example.com/a", "v1.0.0"), Is.False);
        });
    }

    [Test]
    public void A_fresh_zip_without_a_tree_goes_when_the_caller_knows_go_rejected_it()
    {
        // The heal of a checksum mismatch: go refused the download it just made, nothing will extract it.
        var dir = _sandbox.VersionDir("example.com/a", "v1.0.0");
        RemoveTree(dir);
        var zip = _sandbox.DownloadFile("example.com/a", "v1.0.0", ".zip");
        File.SetLastWriteTimeUtc(zip, DateTime.UtcNow);

        var result = new ModuleVersionEvictor(_sandbox.GoModCache, new EvictionOptions { LeaveJustDownloaded = false }).Evict("example.com/a", "v1.0.0");

        Assert.Multiple(() =>
        {
            Assert.That(result.InUse, Is.False);
            Assert.That(result.FilesRemoved & DownloadFiles.Zip, Is.EqualTo(DownloadFiles.Zip));
            Assert.That(_sandbox.Holds("example.com/a", "v1.0.0"), Is.False);
        });
    }

    private static void RemoveTree(string dir)
    {
        foreach (var d in Directory.EnumerateDirectories(dir, "*", SearchOption.AllDirectories).Append(dir))
        {
            File.SetUnixFileMode(d, (UnixFileMode)0b111_101_101);
        }

        Directory.Delete(dir, recursive: true);
    }
}
