using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using GoCaches.Eviction;
using GoCaches.Go;
using GoCaches.Leases;
using GoModCache.TestSupport;
using NUnit.Framework;

namespace GoModCache.Tests;

/// <summary>
/// A tree goes only once the go commands that were running when it was marked have exited: such a command may have
/// found the tree complete before the marker and open its files at any time (the fault suite's "open …/name.go: no
/// such file or directory" under load, when the grace period alone was not enough).
/// </summary>
[Platform("Linux")]
public class GoCommandWatchTests
{
    private GoSandbox _sandbox = null!;
    private string _sleeper = null!;

    [SetUp]
    public void PopulateCache()
    {
        _sandbox = GoSandbox.WithSharedBuildCache("watch");
        var a = _sandbox.Proxy.Add("example.com/a", "v1.0.0");
        _sandbox.Proxy.Add("example.com/a", "v1.1.0");
        _sandbox.PublishProxy();
        var app = _sandbox.WriteProject("app-a", a);
        _sandbox.MustGo(app, "mod", "download", "example.com/a@v1.0.0", "example.com/a@v1.1.0");

        // A go command that runs until told to stop, with the sandbox's module cache: `go run` of a program that waits for a file.
        _sleeper = _sandbox.Dir("sleeper");
        Directory.CreateDirectory(_sleeper);
        File.WriteAllText(Path.Combine(_sleeper, "go.mod"), "module example.com/sleeper\n\ngo 1.19\n");
        File.WriteAllText(Path.Combine(_sleeper, "main.go"), """
            package main

            import (
            	"os"
            	"time"
            )

            func main() {
            	os.WriteFile(os.Args[1]+".ready", nil, 0o644)
            	for {
            		if _, err := os.Stat(os.Args[1]); err == nil {
            			return
            		}
            		time.Sleep(20 * time.Millisecond)
            	}
            }
            """);
    }

    [TearDown]
    public void Cleanup() => _sandbox.Dispose();

    [Test]
    public void One_eviction_removes_the_tree_only_after_a_go_command_running_at_marking_has_exited()
    {
        using var running = StartGoCommand();
        var dir = _sandbox.VersionDir("example.com/a", "v1.0.0");
        var evictor = new ModuleVersionEvictor(_sandbox.GoModCache, new EvictionOptions { GracePeriod = TimeSpan.FromMilliseconds(100) });
        var eviction = Task.Run(() => evictor.Evict("example.com/a", "v1.0.0"));

        Assert.That(eviction.Wait(TimeSpan.FromSeconds(2)), Is.False, "the removal waits while the go command runs");
        Assert.Multiple(() =>
        {
            Assert.That(Directory.Exists(dir), Is.True, "the tree is still there");
            Assert.That(File.Exists(_sandbox.DownloadFile("example.com/a", "v1.0.0", ".partial")), Is.True, "marked, so no new go command trusts it");
        });

        var exited = running.Stop();
        Assert.That(eviction.Wait(TimeSpan.FromSeconds(20)), Is.True, "the removal goes on once the command has exited");
        Assert.Multiple(() =>
        {
            Assert.That(eviction.Result.DirectoryRemoved, Is.True);
            Assert.That(Directory.Exists(dir), Is.False);
            Assert.That(exited.Succeeded, Is.True, exited.StandardError);
        });
    }

    [Test]
    public void A_prune_of_many_versions_waits_for_the_go_command_then_removes_all()
    {
        using var running = StartGoCommand();
        var evictor = new ModuleVersionEvictor(_sandbox.GoModCache, new EvictionOptions { GracePeriod = TimeSpan.FromMilliseconds(100) });
        var removed = 0;
        var eviction = Task.Run(() => evictor.EvictAll([new("example.com/a", "v1.0.0"), new("example.com/a", "v1.1.0")], (_, r, _) => removed += r?.DirectoryRemoved == true ? 1 : 0));

        Assert.That(eviction.Wait(TimeSpan.FromSeconds(2)), Is.False, "the batch waits while the go command runs");
        Assert.That(_sandbox.Holds("example.com/a", "v1.0.0") && _sandbox.Holds("example.com/a", "v1.1.0"), Is.True);

        running.Stop();
        Assert.That(eviction.Wait(TimeSpan.FromSeconds(20)), Is.True);
        Assert.That(removed, Is.EqualTo(2));
    }

    [Test]
    public void The_wait_for_one_command_is_bounded_and_zero_turns_it_off()
    {
        using var running = StartGoCommand();
        var bounded = new ModuleVersionEvictor(_sandbox.GoModCache, new EvictionOptions { GracePeriod = TimeSpan.FromMilliseconds(100), GoCommandWait = TimeSpan.FromSeconds(1) });
        var stopwatch = Stopwatch.StartNew();
        var result = bounded.Evict("example.com/a", "v1.0.0");
        var boundedTook = stopwatch.Elapsed;

        var off = new ModuleVersionEvictor(_sandbox.GoModCache, new EvictionOptions { GracePeriod = TimeSpan.FromMilliseconds(100), GoCommandWait = TimeSpan.Zero });
        stopwatch.Restart();
        var offResult = off.Evict("example.com/a", "v1.1.0");
        var offTook = stopwatch.Elapsed;

        Assert.Multiple(() =>
        {
            Assert.That(result.DirectoryRemoved && offResult.DirectoryRemoved, Is.True);
            Assert.That(boundedTook, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(1)).And.LessThan(TimeSpan.FromSeconds(10)), "waited the longest wait, then removed");
            Assert.That(offTook, Is.LessThan(TimeSpan.FromSeconds(1)), "no wait beyond the grace period");
            Assert.That(running.Task.IsCompleted, Is.False, "the go command was still running throughout");
        });
    }

    [Test]
    public void A_go_command_started_after_the_snapshot_is_not_waited_for()
    {
        var watch = new GoCommandWatch(_sandbox.GoModCache, TimeSpan.FromMinutes(1));
        var before = watch.Snapshot();
        using var running = StartGoCommand();
        var now = watch.Snapshot();
        Assert.Multiple(() =>
        {
            Assert.That(before, Is.Empty, "nothing ran at the first snapshot");
            Assert.That(watch.IsClear(before), Is.True, "so nothing is waited for, though a go command runs now");
            Assert.That(now, Has.Count.EqualTo(1), "a snapshot taken now sees the go command (not the program it runs)");
            Assert.That(watch.IsClear(now), Is.False);
        });

        running.Stop();
        Assert.That(watch.IsClear(now), Is.True, "an exited command is not waited for");
    }

    [Test]
    public void A_process_blocked_on_a_lock_this_process_holds_is_not_waited_for()
    {
        var lockFile = Path.Combine(_sandbox.Root, "held.lock");
        using var held = GoFileLock.Acquire(lockFile, TimeSpan.FromSeconds(5), "a test lock");
        using var blocked = Process.Start("flock", [lockFile, "true"])!;
        using var other = Process.Start("sleep", ["30"])!;
        try
        {
            var deadline = Stopwatch.StartNew();
            while (!GoCommandWatch.BlockedOnThisProcess().ContainsKey(blocked.Id) && deadline.Elapsed < TimeSpan.FromSeconds(10))
            {
                Thread.Sleep(20);
            }

            var stuck = GoCommandWatch.BlockedOnThisProcess();
            Assert.Multiple(() =>
            {
                Assert.That(stuck.Keys, Does.Contain(blocked.Id), "flock waits for our lock (/proc/locks)");
                Assert.That(stuck[blocked.Id], Is.EquivalentTo(new[] { held.Identity }), "and for that lock file");
                Assert.That(held.Identity, Does.Match("^[0-9a-f]+:[0-9a-f]+:[0-9]+$"));
                Assert.That(stuck.Keys, Does.Not.Contain(other.Id));
                Assert.That(GoProcessId.Of(blocked.Id)!.Value.IsRunning(), Is.True);
            });
        }
        finally
        {
            other.Kill();
        }

        held.Dispose();
        Assert.That(blocked.WaitForExit(10_000), Is.True, "flock gets the lock once it is released");
    }

    [Test]
    public void A_go_command_blocked_on_one_marked_version_gets_it_first_and_the_others_wait_until_it_exits()
    {
        // The fault suite's failure under load: a go build found example.com/e complete, then (in parallel loading)
        // blocked on the lock of example.com/Dee, both marked by one prune. Treating "blocked on our lock" as "done"
        // removed e too, and the build failed reading it once it had downloaded Dee again. Here a process named go
        // (so the watch sees it) waits for the lock of v1.0.0 once both versions are marked.
        var bin = _sandbox.Dir("fake-go");
        Directory.CreateDirectory(bin);
        File.WriteAllText(Path.Combine(bin, "go.mod"), "module example.com/fakego\n\ngo 1.19\n");
        File.WriteAllText(Path.Combine(bin, "main.go"), """
            package main

            import (
            	"os"
            	"syscall"
            	"time"
            )

            func wait(path string) {
            	for {
            		if _, err := os.Stat(path); err == nil {
            			return
            		}
            		time.Sleep(20 * time.Millisecond)
            	}
            }

            func main() {
            	wait(os.Args[1])
            	f, err := os.OpenFile(os.Args[2], os.O_RDWR, 0)
            	if err != nil {
            		panic(err)
            	}
            	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
            		panic(err)
            	}
            	os.WriteFile(os.Args[3]+".locked", nil, 0o644)
            	wait(os.Args[3])
            }
            """);
        _sandbox.MustGo(bin, "build", "-o", Path.Combine(bin, "go"), ".");

        var goAhead = Path.Combine(_sandbox.Root, "go-ahead");
        var release = Path.Combine(_sandbox.Root, "release-fake");
        var start = new ProcessStartInfo(Path.Combine(bin, "go"), [goAhead, _sandbox.DownloadFile("example.com/a", "v1.0.0", ".lock"), release]);
        start.Environment["GOMODCACHE"] = _sandbox.GoModCache;
        using var fake = Process.Start(start)!;
        try
        {
            var evictor = new ModuleVersionEvictor(_sandbox.GoModCache, new EvictionOptions { GracePeriod = TimeSpan.FromMilliseconds(200) });
            var results = new EvictionResult?[2];
            var eviction = Task.Run(() => evictor.EvictAll(
                [new("example.com/a", "v1.0.0"), new("example.com/a", "v1.1.0")],
                (m, r, e) => results[m.Version == "v1.0.0" ? 0 : 1] = r ?? throw e!));
            WaitFor(() => File.Exists(_sandbox.DownloadFile("example.com/a", "v1.0.0", ".partial")) && File.Exists(_sandbox.DownloadFile("example.com/a", "v1.1.0", ".partial")), eviction, "both versions marked");
            File.WriteAllText(goAhead, string.Empty);
            WaitFor(() => File.Exists(release + ".locked"), eviction, "the command got the lock it waited for");
            Thread.Sleep(500);
            Assert.Multiple(() =>
            {
                Assert.That(_sandbox.Holds("example.com/a", "v1.0.0"), Is.False, "the version the command waited for went first");
                Assert.That(Directory.Exists(_sandbox.VersionDir("example.com/a", "v1.1.0")), Is.True, "the other, which it may have read before, waits while it runs");
                Assert.That(eviction.IsCompleted, Is.False);
            });

            File.WriteAllText(release, string.Empty);
            Assert.That(fake.WaitForExit(20_000), Is.True);
            Assert.That(eviction.Wait(TimeSpan.FromSeconds(20)), Is.True, "the rest goes once the command has exited");
            Assert.That(results.Select(r => r?.DirectoryRemoved), Is.EqualTo(new bool?[] { true, true }));
            Assert.That(Directory.Exists(_sandbox.VersionDir("example.com/a", "v1.1.0")), Is.False);
        }
        finally
        {
            File.WriteAllText(goAhead, string.Empty);
            File.WriteAllText(release, string.Empty);
            if (!fake.WaitForExit(10_000))
            {
                fake.Kill();
            }
        }
    }

    private static void WaitFor(Func<bool> condition, Task eviction, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.That(eviction.IsFaulted, Is.False, () => what + ": " + eviction.Exception);
            Assert.That(deadline.Elapsed, Is.LessThan(TimeSpan.FromSeconds(30)), what);
            Thread.Sleep(20);
        }
    }

    private RunningGoCommand StartGoCommand()
    {
        var release = Path.Combine(_sandbox.Root, "release-" + Guid.NewGuid().ToString("N"));
        var task = Task.Run(() => _sandbox.Go(_sleeper).Run("run", ".", release));
        var deadline = Stopwatch.StartNew();
        while (!File.Exists(release + ".ready"))
        {
            Assert.That(task.IsCompleted, Is.False, () => "go run ended early: " + task.Result.StandardError);
            Assert.That(deadline.Elapsed, Is.LessThan(TimeSpan.FromSeconds(120)), "go run started the program");
            Thread.Sleep(20);
        }

        return new RunningGoCommand(task, release);
    }

    private sealed class RunningGoCommand(Task<GoCommandResult> task, string release) : IDisposable
    {
        public Task<GoCommandResult> Task { get; } = task;

        public GoCommandResult Stop()
        {
            File.WriteAllText(release, string.Empty);
            Assert.That(Task.Wait(TimeSpan.FromSeconds(30)), Is.True, "the go command ended");
            return Task.Result;
        }

        public void Dispose()
        {
            if (!Task.IsCompleted)
            {
                Stop();
            }
        }
    }
}
