using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using GoCaches.Eviction;
using GoCaches.Go;
using GoModCache.TestSupport;
using NUnit.Framework;

namespace GoModCache.Tests;

/// <summary>go build running in a loop on another thread while the same version is evicted again and again.</summary>
public class ConcurrentEvictionTests
{
    private GoSandbox _sandbox = null!;
    private string _app = null!;

    [SetUp]
    public void PopulateCache()
    {
        _sandbox = GoSandbox.WithSharedBuildCache("concurrent");
        var a = _sandbox.Proxy.Add("example.com/a", "v1.0.0", m => m.WithBulk(40, 100));
        _sandbox.PublishProxy();
        _app = _sandbox.WriteProject("app", a);
        _sandbox.MustGo(_app, "build", "-o", Path.Combine(_app, "app.bin"), ".");
    }

    [TearDown]
    public void Cleanup() => _sandbox.Dispose();

    // keepDownloadFiles: builds run offline (GOPROXY=off) and Go extracts the version again from the kept zip.
    // Otherwise: builds may reach the file:// proxy and Go downloads it again.
    [TestCase(true)]
    [TestCase(false)]
    public void Builds_in_a_loop_all_succeed_while_the_version_they_use_is_evicted_again_and_again(bool keepDownloadFiles)
    {
        var (builds, evictions) = BuildWhileEvicting(new EvictionOptions { KeepDownloadFiles = keepDownloadFiles }, TimeSpan.FromSeconds(12), offline: keepDownloadFiles);

        var failures = builds.Where(b => !b.Succeeded).Select(b => b.StandardError).ToList();
        TestContext.Out.WriteLine($"{builds.Count} builds, {evictions.Count} evictions ({evictions.Count(e => e.DirectoryRemoved)} of a live tree), {failures.Count} failed builds");
        Assert.Multiple(() =>
        {
            Assert.That(failures, Is.Empty, "every build succeeded");
            Assert.That(builds, Has.Count.GreaterThanOrEqualTo(4));
            Assert.That(evictions.Count(e => e.DirectoryRemoved), Is.GreaterThanOrEqualTo(3), "builds extracted the version again between evictions, and the evictions removed it from under them");
        });
        AssertCacheHealthy();
    }

    [Test]
    public void Without_a_grace_period_the_only_failures_are_builds_that_had_already_found_the_tree_complete()
    {
        // Go's readers take no lock: a build that checked the tree just before the marker was written reads
        // files that are then removed. This measures that window, and that it is the only way a build fails.
        var (builds, evictions) = BuildWhileEvicting(new EvictionOptions { KeepDownloadFiles = true, GracePeriod = TimeSpan.Zero }, TimeSpan.FromSeconds(8), offline: true);

        var failures = builds.Where(b => !b.Succeeded).Select(b => b.StandardError).ToList();
        TestContext.Out.WriteLine($"{builds.Count} builds, {evictions.Count} evictions, {failures.Count} failed builds (the reader race)");
        var versionDir = Path.Combine("example.com", "a@v1.0.0") + Path.DirectorySeparatorChar;
        Assert.Multiple(() =>
        {
            Assert.That(builds.Count(b => b.Succeeded), Is.GreaterThan(0));
            foreach (var failure in failures)
            {
                Assert.That(failure, Does.Contain(versionDir).And.Contain("no such file or directory"), "a build failed in some other way than reading a file of the tree that was being removed");
                Assert.That(failure, Does.Not.Contain("checksum mismatch").And.Not.Contain("SECURITY ERROR"));
            }
        });
        AssertCacheHealthy();
    }

    private (ConcurrentBag<GoCommandResult> Builds, ConcurrentBag<EvictionResult> Evictions) BuildWhileEvicting(EvictionOptions options, TimeSpan duration, bool offline)
    {
        var builds = new ConcurrentBag<GoCommandResult>();
        var evictions = new ConcurrentBag<EvictionResult>();
        using var stop = new CancellationTokenSource();
        var output = Path.Combine(_app, "app.bin");
        var builder = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                builds.Add(offline ? _sandbox.GoOffline(_app, "build", "-o", output, ".") : _sandbox.Go(_app).Run("build", "-o", output, "."));
            }
        });

        var evictor = new ModuleVersionEvictor(_sandbox.GoModCache, options);
        var random = new Random(20240101);
        var stopwatch = Stopwatch.StartNew();
        try
        {
            while (stopwatch.Elapsed < duration)
            {
                evictions.Add(evictor.Evict("example.com/a", "v1.0.0"));
                Thread.Sleep(random.Next(20, 300));
            }
        }
        finally
        {
            stop.Cancel();
            builder.Wait();
        }

        return (builds, evictions);
    }

    // Whatever happened during the loop, the cache is left in a state go is happy with.
    private void AssertCacheHealthy()
    {
        var run = _sandbox.Go(_app).Run("run", ".");
        Assert.That(run.Succeeded, Is.True, run.StandardError);
        Assert.That(run.StandardOutput, Does.Contain("example.com/a@v1.0.0"));
        var verify = _sandbox.Go(_app).Run("mod", "verify");
        Assert.That(verify.StandardOutput, Does.Contain("all modules verified"), verify.StandardError);
    }
}
