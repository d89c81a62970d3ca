using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using GoCaches;
using GoCaches.Ci;
using GoCaches.Eviction;
using GoCaches.Go;
using GoCaches.Inventory;
using GoCaches.Leases;
using GoCaches.Pruning;
using GoCaches.Trimming;
using GoModCache.TestSupport;
using NUnit.Framework;

namespace GoModCache.Tests;

/// <summary>
/// Issue 13: the build cache trim on real build caches that go build filled: by age, by size (least recently
/// used first), dry run, the guard, the fuzz and test caches, and three build loops on the trimmed cache.
/// </summary>
public class BuildCacheTrimmerTests
{
    private GoSandbox _sandbox = null!;
    private string[] _projects = null!;

    [SetUp]
    public void FillCache()
    {
        // A private GOCACHE, seeded from the shared one (Go 1.23 would otherwise compile the standard library here).
        _sandbox = new GoSandbox("trim");
        _sandbox.SeedBuildCache("trim");

        var p = _sandbox.Proxy;
        var a = p.Add("example.com/a", "v1.0.0", m => m.WithBulk(10, 200));
        var b = p.Add("example.com/b", "v1.0.0", m => m.WithBulk(10, 200));
        _sandbox.PublishProxy();
        _projects = [_sandbox.WriteProject("one", a), _sandbox.WriteProject("two", b)];
        foreach (var project in _projects)
        {
            _sandbox.MustGo(project, "build", "-o", "app.bin", ".");
        }
    }

    [TearDown]
    public void Cleanup() => _sandbox.Dispose();

    [Test]
    public void Age_trim_removes_entries_older_than_the_age_and_keeps_the_rest_which_still_build()
    {
        var entries = BuildCacheEntries.Scan(_sandbox.GoCache, includeFuzz: false);
        Assert.That(entries.Count(e => e.Kind == BuildCacheEntryKind.Action), Is.GreaterThan(10), "go build filled the cache with action/output pairs");

        // Half of the entries last used ten days ago.
        var old = entries.Where((_, i) => i % 2 == 0).ToList();
        foreach (var file in old.SelectMany(e => e.Files))
        {
            File.SetLastWriteTimeUtc(file.Path, DateTime.UtcNow.AddDays(-10));
        }

        var dry = new BuildCacheTrimmer(_sandbox.GoCache, new BuildCacheTrimPolicy { UnusedFor = TimeSpan.FromDays(5) }, new BuildCacheTrimOptions { DryRun = true }).Run();
        Assert.That(dry.Removed, Has.Count.EqualTo(old.Count));
        Assert.That(old.SelectMany(e => e.Files).All(f => File.Exists(f.Path)), Is.True, "a dry run removes nothing");

        var report = new BuildCacheTrimmer(_sandbox.GoCache, new BuildCacheTrimPolicy { UnusedFor = TimeSpan.FromDays(5) }, new BuildCacheTrimOptions()).Run();
        Assert.Multiple(() =>
        {
            Assert.That(report.Succeeded, Is.True, string.Join("; ", report.Failures));
            Assert.That(report.Removed, Has.Count.EqualTo(old.Count));
            Assert.That(report.Removed.All(r => r.Rule == BuildCacheTrimRule.Unused), Is.True);
            Assert.That(old.SelectMany(e => e.Files).Any(f => File.Exists(f.Path)), Is.False, "every old entry's files are gone");
            Assert.That(entries.Except(old).SelectMany(e => e.Files).All(f => File.Exists(f.Path)), Is.True, "the recent entries stay");
            Assert.That(report.BytesFreed, Is.EqualTo(old.Sum(e => e.Bytes)));
            Assert.That(report.BytesFreed, Is.EqualTo(dry.BytesFreed));
            Assert.That(File.Exists(Path.Combine(_sandbox.GoCache, "README")), Is.True, "Go's own files stay");
        });

        using var json = JsonDocument.Parse(report.ToJson());
        Assert.That(json.RootElement.GetProperty("removedByRule").GetProperty("unused").GetProperty("entries").GetInt32(), Is.EqualTo(old.Count));
        Assert.That(report.ToMarkdown(), Does.Contain("Go build cache trim").And.Contain("unused for longer than the age"));

        foreach (var project in _projects)
        {
            File.Delete(Path.Combine(project, "app.bin"));
            _sandbox.MustGo(project, "build", "-o", "app.bin", ".");
        }
    }

    [Test]
    public void Size_trim_removes_least_recently_used_first_down_to_the_limit()
    {
        var entries = BuildCacheEntries.Scan(_sandbox.GoCache, includeFuzz: false).OrderBy(e => e.Id, StringComparer.Ordinal).ToList();
        var start = DateTime.UtcNow.AddDays(-3);
        for (var i = 0; i < entries.Count; i++)
        {
            foreach (var file in entries[i].Files)
            {
                File.SetLastWriteTimeUtc(file.Path, start.AddMinutes(i));
            }
        }

        var total = BuildCacheInventory.Scan(_sandbox.GoCache).Total.Bytes;
        var limit = total / 2;
        var report = new BuildCacheTrimmer(_sandbox.GoCache, new BuildCacheTrimPolicy { SizeLimit = SizeSpec.FromBytes(limit) }, new BuildCacheTrimOptions()).Run();
        var removed = report.Removed.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        var firstKept = entries.FindIndex(e => !removed.Contains(e.Id));
        Assert.Multiple(() =>
        {
            Assert.That(report.Succeeded, Is.True, string.Join("; ", report.Failures));
            Assert.That(report.BytesAfter, Is.LessThanOrEqualTo(limit));
            Assert.That(report.BytesAfter, Is.GreaterThan(limit - entries.Max(e => e.Bytes)), "no more than needed went");
            Assert.That(entries.Skip(firstKept).Any(e => removed.Contains(e.Id)), Is.False, "the oldest went first, the newest stayed");
            Assert.That(report.Removed.All(r => r.Rule == BuildCacheTrimRule.SizeLimit), Is.True);
        });
    }

    [Test]
    public void Fuzz_cache_and_test_results_are_trimmed_only_when_asked()
    {
        var fuzz = Path.Combine(_sandbox.GoCache, "fuzz", "example.com", "one", "FuzzX");
        Directory.CreateDirectory(fuzz);
        var oldInput = Path.Combine(fuzz, "0123abcd");
        var newInput = Path.Combine(fuzz, "4567cdef");
        File.WriteAllText(oldInput, "go test fuzz v1\n[]byte(\"x\")\n");
        File.WriteAllText(newInput, "go test fuzz v1\n[]byte(\"y\")\n");
        File.SetLastWriteTimeUtc(oldInput, DateTime.UtcNow.AddDays(-30));

        var without = new BuildCacheTrimmer(_sandbox.GoCache, new BuildCacheTrimPolicy { UnusedFor = TimeSpan.FromDays(7) }, new BuildCacheTrimOptions()).Run();
        Assert.That(File.Exists(oldInput), Is.True, "the fuzz cache is left alone unless asked");
        Assert.That(without.TestResultsExpired, Is.False);

        var before = DateTime.UtcNow;
        var with = new BuildCacheTrimmer(_sandbox.GoCache, new BuildCacheTrimPolicy { UnusedFor = TimeSpan.FromDays(7), IncludeFuzzCache = true, ExpireTestResults = true }, new BuildCacheTrimOptions()).Run();
        var expire = long.Parse(File.ReadAllText(Path.Combine(_sandbox.GoCache, "testexpire.txt")).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(oldInput), Is.False);
            Assert.That(File.Exists(newInput), Is.True);
            Assert.That(with.Removed.Single(r => r.Kind == BuildCacheEntryKind.Fuzz).Id, Is.EqualTo("fuzz/example.com/one/FuzzX/0123abcd"));
            Assert.That(with.TestResultsExpired, Is.True);
            Assert.That(DateTime.UnixEpoch.AddTicks(expire / 100), Is.GreaterThanOrEqualTo(before.AddSeconds(-1)), "testexpire.txt holds now in Unix nanoseconds, as go clean -testcache writes it");
        });

        // Go reads the file: a cached test result from before is not used.
        File.WriteAllText(Path.Combine(_projects[0], "main_test.go"), "package main\n\nimport \"testing\"\n\nfunc TestX(t *testing.T) {}\n");
        _sandbox.MustGo(_projects[0], "test", ".");
        Assert.That(_sandbox.MustGo(_projects[0], "test", ".").StandardOutput, Does.Contain("(cached)"));
        new BuildCacheTrimmer(_sandbox.GoCache, new BuildCacheTrimPolicy { ExpireTestResults = true }).Run();
        Assert.That(_sandbox.MustGo(_projects[0], "test", ".").StandardOutput, Does.Not.Contain("(cached)"));
    }

    [Test]
    public void Refuses_roots_that_are_not_a_build_cache_and_removes_nothing()
    {
        var notCache = _sandbox.Dir("not-a-cache/ab");
        var canary = Path.Combine(notCache, new string('a', 64) + "-a");
        File.WriteAllText(canary, "v1 x y\n");
        File.SetLastWriteTimeUtc(canary, DateTime.UtcNow.AddDays(-100));
        var link = Path.Combine(_sandbox.Root, "cache-link");
        Directory.CreateSymbolicLink(link, _sandbox.GoCache);
        Directory.CreateDirectory(Path.Combine(_sandbox.GoModCache, "cache", "download"));
        File.Copy(Path.Combine(_sandbox.GoCache, "README"), Path.Combine(_sandbox.GoModCache, "README"));
        var policy = new BuildCacheTrimPolicy { UnusedFor = TimeSpan.Zero };

        void Refused(string root, string why, BuildCacheTrimOptions? options = null) =>
            Assert.That(() => new BuildCacheTrimmer(root, policy, options), Throws.TypeOf<GoModCacheException>().With.Message.Contains(why), root);

        Assert.Multiple(() =>
        {
            Refused(Path.GetDirectoryName(notCache)!, "not a Go build cache");
            Refused(link, "symbolic link");
            Refused("/", "root of the file system");
            Refused("relative/gocache", "relative");
            Refused("off", "GOCACHE=off");
            Refused(Path.Combine(_sandbox.Root, "missing"), "does not exist");
            Refused(_sandbox.GoModCache, "module cache", new BuildCacheTrimOptions { ModCacheRoot = _sandbox.GoModCache });
            Refused(_sandbox.GoPath, "GOPATH", new BuildCacheTrimOptions { GoPathEntries = [_sandbox.GoPath] });
            Refused(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), "home directory");
            Assert.That(() => new BuildCacheTrimmer(_sandbox.GoCache, new BuildCacheTrimPolicy()), Throws.TypeOf<GoModCacheException>().With.Message.Contains("no rule"));
        });
        Assert.That(File.Exists(canary), Is.True);
    }

    [Test]
    public void Entries_used_within_the_last_hour_stay_unless_the_cache_is_idle()
    {
        var entries = BuildCacheEntries.Scan(_sandbox.GoCache, includeFuzz: false);
        var old = entries.Where((_, i) => i % 3 == 0).ToList();
        foreach (var file in old.SelectMany(e => e.Files))
        {
            File.SetLastWriteTimeUtc(file.Path, DateTime.UtcNow.AddHours(-2));
        }

        var busy = new BuildCacheTrimmer(_sandbox.GoCache, new BuildCacheTrimPolicy { SizeLimit = SizeSpec.FromBytes(0) }, new BuildCacheTrimOptions { DryRun = true }).Run();
        var idle = new BuildCacheTrimmer(_sandbox.GoCache, new BuildCacheTrimPolicy { SizeLimit = SizeSpec.FromBytes(0) }, new BuildCacheTrimOptions { DryRun = true, CacheIdle = true }).Run();
        Assert.Multiple(() =>
        {
            Assert.That(busy.Removed.Select(r => r.Id), Is.EquivalentTo(old.Select(e => e.Id)), "only entries unused for over an hour go while go commands may run");
            Assert.That(busy.Notes, Has.Some.Contains("used within the last hour were left alone"));
            Assert.That(idle.Removed, Has.Count.EqualTo(entries.Count), "an idle cache can be trimmed to nothing");
        });
    }

    [Test]
    public void An_idle_trim_takes_the_lease_and_trims_beside_running_builds_keeping_what_they_may_use()
    {
        var entries = BuildCacheEntries.Scan(_sandbox.GoCache, includeFuzz: false);
        var old = entries.Where((_, i) => i % 3 == 0).ToList();
        foreach (var file in old.SelectMany(e => e.Files))
        {
            File.SetLastWriteTimeUtc(file.Path, DateTime.UtcNow.AddHours(-2));
        }

        var policy = new BuildCacheTrimPolicy { SizeLimit = SizeSpec.FromBytes(0) };
        var lines = new ConcurrentQueue<string>();
        BuildCacheTrimReport beside;
        using (CacheLease.AcquireShared(_sandbox.GoCache, CacheKind.BuildCache, "a go build in another job"))
        {
            beside = new BuildCacheTrimmer(_sandbox.GoCache, policy, new BuildCacheTrimOptions { CacheIdle = true, LeaseWait = TimeSpan.FromMilliseconds(300), LeaseLog = lines.Enqueue }).Run();
        }

        var alone = new BuildCacheTrimmer(_sandbox.GoCache, policy, new BuildCacheTrimOptions { CacheIdle = true }).Run();
        Assert.Multiple(() =>
        {
            Assert.That(beside.Lease?.Outcome, Is.EqualTo(CacheLeaseOutcome.KeptForHolders));
            Assert.That(beside.Lease?.Holders.Select(h => h.Description), Has.Some.Contains("a go build in another job"));
            Assert.That(beside.Lease?.Waited, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(300)), "an idle trim waits for the builds first");
            Assert.That(beside.Removed.Select(r => r.Id), Is.EquivalentTo(old.Select(e => e.Id)), "beside a build, entries used within the last hour stay although the caller said idle");
            Assert.That(lines, Has.Some.Contains("keeping every entry used within the last hour"));
            Assert.That(beside.ToJson(), Does.Contain("\"otherBuilds\"").And.Contain("keptForHolders"));
            Assert.That(beside.ToMarkdown(), Does.Contain("**Other builds:**"));
            Assert.That(alone.Lease?.Outcome, Is.EqualTo(CacheLeaseOutcome.Free));
            Assert.That(alone.EntriesAfter, Is.Zero, "with nobody building, an idle trim removes everything the policy names");
        });
    }

    [Test]
    [Category("FaultSuite")]
    public void Three_build_loops_on_one_build_cache_all_succeed_while_trims_remove_everything_they_may()
    {
        // Every entry last used three hours ago: the builds' first look-ups refresh what they use, racing the trims.
        foreach (var file in BuildCacheEntries.Scan(_sandbox.GoCache, includeFuzz: false).SelectMany(e => e.Files))
        {
            File.SetLastWriteTimeUtc(file.Path, DateTime.UtcNow.AddHours(-3));
        }

        // Each loop changes its own source every round, so that every build compiles and reads the cache.
        var projects = _projects.Append(_sandbox.WriteProject("three")).ToArray();
        var builds = new ConcurrentBag<(string Project, GoCommandResult Result)>();
        using var stop = new CancellationTokenSource();
        var loops = projects.Select(project => Task.Factory.StartNew(
            () =>
            {
                for (var round = 0; !stop.IsCancellationRequested; round++)
                {
                    File.WriteAllText(Path.Combine(project, "round.go"), $"package main\n\nconst round = {round % 3}\n");
                    builds.Add((Path.GetFileName(project), _sandbox.Go(project).Run("build", "-o", "app.bin", ".")));
                }
            },
            TaskCreationOptions.LongRunning)).ToArray();

        int trims = 0, removed = 0, keptInUse = 0;
        var stopwatch = Stopwatch.StartNew();
        try
        {
            // At least 15 s, and until every loop built three times (at most 90 s on a loaded machine).
            bool Enough() => stopwatch.Elapsed > TimeSpan.FromSeconds(90) || (stopwatch.Elapsed > TimeSpan.FromSeconds(15)
                && projects.All(p => builds.Count(b => b.Project == Path.GetFileName(p)) >= 3));
            for (var i = 0; !Enough(); i++)
            {
                // Alternately: down to nothing, and everything unused for a second (both keep what was used within the hour).
                var policy = i % 2 == 0 ? new BuildCacheTrimPolicy { SizeLimit = SizeSpec.FromBytes(0) } : new BuildCacheTrimPolicy { UnusedFor = TimeSpan.FromSeconds(1) };
                var report = new BuildCacheTrimmer(_sandbox.GoCache, policy).Run();
                Assert.That(report.Succeeded, Is.True, () => string.Join("; ", report.Failures));
                trims++;
                removed += report.Removed.Count;
                keptInUse += report.KeptInUse;
            }
        }
        finally
        {
            stop.Cancel();
            Task.WaitAll(loops);
        }

        var failures = builds.Where(b => !b.Result.Succeeded).Select(b => $"{b.Project}: {b.Result.StandardError}").ToList();
        var perProject = builds.GroupBy(b => b.Project).ToDictionary(g => g.Key, g => g.Count());
        TestContext.Out.WriteLine(
            $"build-cache trim: {builds.Count} concurrent builds ({string.Join(", ", perProject.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value}"))}), " +
            $"{trims} trims removing {removed} entries, {keptInUse} kept as used during the trim, {failures.Count} failed builds");
        // What the trims could not take is what the builds used (and so refreshed): nothing last used three hours
        // ago is left. How many entries that is depends on the Go version (Go 1.19 keeps the standard library out of
        // GOCACHE) and on what the shared cache held, so the count itself is only required to be positive.
        var stale = BuildCacheEntries.Scan(_sandbox.GoCache, includeFuzz: false).Where(e => e.LastUseUtc < DateTime.UtcNow.AddHours(-2)).Select(e => e.Id).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(failures, Is.Empty, "every build succeeded");
            Assert.That(perProject.Values, Has.All.GreaterThanOrEqualTo(3), "each loop built several times");
            Assert.That(stale, Is.Empty, "the trims removed every entry the builds did not use");
            Assert.That(removed, Is.Positive, "the trims removed the entries the builds did not use");
        });
    }
}
