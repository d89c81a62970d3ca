using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using GoCaches.Eviction;
using GoCaches.Go;
using GoCaches.Pruning;
using GoModCache.TestSupport;
using NUnit.Framework;

namespace GoModCache.Tests;

/// <summary>
/// Fault suite (issue 7), part 2: three <c>go build</c> loops on one module cache while, in a loop, a prune
/// (keeping only the first project) removes the versions the other two need and an eviction removes versions the
/// first one needs. Builds get back what they need from the <c>file://</c> proxy; every build must succeed.
/// (ConcurrentEvictionTests covers one build loop against the evictor alone.)
/// </summary>
[Category("FaultSuite")]
public class FaultSuiteConcurrentBuildTests
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(15);

    private GoSandbox _sandbox = null!;
    private string[] _projects = null!;

    [SetUp]
    public void PopulateCache()
    {
        _sandbox = GoSandbox.WithSharedBuildCache("many-builds");
        var p = _sandbox.Proxy;
        var a = p.Add("example.com/a", "v1.0.0", m => m.WithBulk(40, 200));
        var c = p.Add("example.com/c", "v1.0.0", m => m.WithBulk(40, 200));
        var d = p.Add("example.com/Dee", "v1.1.0", m => m.WithBulk(40, 200));
        var e = p.Add("example.com/e", "v0.3.0");
        _sandbox.PublishProxy();
        _projects =
        [
            _sandbox.WriteProject("one", a),
            _sandbox.WriteProject("two", a, c),
            _sandbox.WriteProject("three", d, e),
        ];
        foreach (var project in _projects)
        {
            _sandbox.MustGo(project, "build", "-o", "app.bin", ".");
        }
    }

    [TearDown]
    public void Cleanup() => _sandbox.Dispose();

    [Test]
    public void Three_build_loops_all_succeed_while_prunes_and_evictions_remove_what_they_use()
    {
        var builds = new ConcurrentBag<(string Project, GoCommandResult Result)>();
        using var stop = new CancellationTokenSource();
        var loops = _projects.Select(project => Task.Factory.StartNew(
            () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    builds.Add((Path.GetFileName(project), _sandbox.Go(project).Run("build", "-o", "app.bin", ".")));
                }
            },
            TaskCreationOptions.LongRunning)).ToArray();

        int prunes = 0, evictions = 0, versionsPruned = 0, treesEvicted = 0, leftInUse = 0;
        var stopwatch = Stopwatch.StartNew();
        try
        {
            // The shipped defaults (a 2 s grace period), but without the cache lease: this proves the per-version
            // eviction itself under running builds (with the lease, the prune would keep what they need).
            var pruner = new ModuleCachePruner(_sandbox.GoModCache, new PrunePolicy { KeepProjects = [_projects[0]] }, new PruneOptions { IgnoreOtherBuilds = true });
            var evictor = new ModuleVersionEvictor(_sandbox.GoModCache);
            for (var i = 0; stopwatch.Elapsed < Duration; i++)
            {
                if (i % 2 == 0)
                {
                    var report = pruner.Run();
                    Assert.That(report.Succeeded, Is.True, () => string.Join("; ", report.Failures.Select(f => f.Module + ": " + f.Message)));
                    prunes++;
                    versionsPruned += report.Removed.Count;
                    leftInUse += report.Kept.GetValueOrDefault("being extracted by a go command");
                }
                else
                {
                    var result = evictor.Evict("example.com/a", "v1.0.0");
                    evictions++;
                    leftInUse += result.InUse ? 1 : 0;
                    treesEvicted += result.DirectoryRemoved ? 1 : 0;
                }

                Thread.Sleep(100);
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
            $"fault-suite: {builds.Count} concurrent builds ({string.Join(", ", perProject.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value}"))}), " +
            $"{prunes} prunes removing {versionsPruned} versions (leaving {leftInUse} a build was extracting), {evictions} evictions of a needed version ({treesEvicted} of a live tree), {failures.Count} failed builds");
        Assert.Multiple(() =>
        {
            Assert.That(failures, Is.Empty, "every build succeeded");
            Assert.That(perProject.Values, Has.All.GreaterThanOrEqualTo(3), "each loop built several times");
            Assert.That(versionsPruned, Is.GreaterThanOrEqualTo(3), "prunes removed versions the builds then fetched again");
            Assert.That(treesEvicted, Is.GreaterThanOrEqualTo(1), "an eviction removed a needed tree from under the builds");
        });

        foreach (var project in _projects)
        {
            var verify = _sandbox.Go(project).Run("mod", "verify");
            Assert.That(verify.StandardOutput, Does.Contain("all modules verified"), verify.StandardError);
        }
    }
}
