using System;
using System.Linq;
using GoCaches;
using GoCaches.Ci;
using GoCaches.Eviction;
using GoCaches.Inventory;
using GoCaches.Pruning;
using GoCaches.Trimming;
using GoModCache.TestSupport;
using NUnit.Framework;

namespace GoModCache.Tests;

/// <summary>
/// Issue 13, the short CI simulation (5 commits; the benchmark runs 20): with <see cref="CachePrepareForSave"/> (and
/// the standard library cache as a third cache) the saved caches stay within 1.25× what the newest commit needs, no
/// job after the first compiles the standard library, and fewer bytes move than without.
/// </summary>
[Category("CiSimulation")]
public class CiCacheSimulationTests
{
    [Test]
    public void Prepared_caches_stay_bounded_across_five_commits_of_dependency_churn()
    {
        using var simulation = CiCacheSimulation.Create(TestGo.Executable, commits: 5, modules: 6);
        var without = simulation.Execute(prepare: false, TestContext.Out.WriteLine);
        var with = simulation.Execute(prepare: true, TestContext.Out.WriteLine);
        var needed = simulation.NeededByNewest();
        var parts = simulation.NeededParts;
        TestContext.Out.WriteLine(
            $"ci-simulation (5 commits): newest commit needs {needed:N0} B; saved for it: without {without.NewestSavedBytes:N0} B ({(double)without.NewestSavedBytes / needed:0.00}×), " +
            $"with {with.NewestAllSavedBytes:N0} B ({(double)with.NewestAllSavedBytes / needed:0.00}×, standard library cache {with.NewestStdCacheBytes:N0} B); bytes moved without {without.BytesMoved:N0}, with {with.BytesMoved:N0} ({(double)with.BytesMoved / without.BytesMoved:0.00}×); " +
            $"per cache needed mod {parts.ModCache:N0} / build {parts.BuildCache:N0} (stdlib {parts.Stdlib:N0}), saved with mod {with.NewestModCacheBytes:N0} / build {with.NewestBuildCacheBytes:N0} (stdlib {with.NewestStdlibBytes:N0}), " +
            $"saved without mod {without.NewestModCacheBytes:N0} / build {without.NewestBuildCacheBytes:N0} (stdlib {without.NewestStdlibBytes:N0})");

        Assert.Multiple(() =>
        {
            Assert.That(simulation.Commits.Select(c => c.Change), Has.Some.StartsWith("adds").And.Some.StartsWith("drops").And.Some.StartsWith("bumps"));
            Assert.That(with.Jobs.Skip(1).All(j => j.ModCacheRestore != "miss" && j.BuildCacheRestore != "miss"), Is.True, "every job after the first restored both caches by prefix");
            Assert.That(with.NewestAllSavedBytes, Is.LessThanOrEqualTo((long)(1.25 * needed)), "the saved caches (all three) stay within 1.25× what the newest commit needs");

            // The same bound per cache, and for the build cache without the compiled standard library (Go 1.20 and
            // later compile it into the build cache: about 14 MiB that every job needs and that no churn changes, so
            // over 5 commits the whole build cache grows by little more than 1.25× even without the step).
            Assert.That(with.NewestModCacheBytes, Is.LessThanOrEqualTo((long)(1.25 * parts.ModCache)), "the saved module cache stays within 1.25× what the newest commit needs");
            Assert.That(with.NewestBuildCacheBytes - with.NewestStdlibBytes, Is.LessThanOrEqualTo((long)(1.25 * (parts.BuildCache - parts.Stdlib))), "the saved build cache, standard library aside, stays within 1.25× what the newest commit needs");
            Assert.That(without.NewestSavedBytes, Is.GreaterThan(with.NewestAllSavedBytes), "without the step the saved caches grow");
            Assert.That(with.BytesMoved, Is.LessThan(without.BytesMoved), "fewer bytes move with the step");

            // The standard library cache: saved by the first job at most (its key never changes here), restored on an
            // exact hit by every later job when it was saved, and no job that restored all three compiles the standard
            // library (go build -x shows no 'compile … -std'). The first job compiles it with Go 1.20 and later, which
            // shows that the count sees such compiles.
            var stdSaves = with.Jobs.Where(j => j.StdCacheSavedBytes > 0).Select(j => j.Commit).ToList();
            Assert.That(stdSaves, Is.Empty.Or.EqualTo(new[] { 1 }), "the standard library cache is saved once, by the first job, or never (Go 1.19: nothing to save)");
            if (stdSaves.Count == 1)
            {
                Assert.That(with.Jobs[0].StdCompiles, Is.GreaterThan(0), "the first job compiled the standard library");
                Assert.That(with.Jobs.Skip(1).Select(j => j.StdCacheRestore), Is.All.EqualTo("exact hit"));
                Assert.That(with.NewestStdlibBytes, Is.LessThan(parts.Stdlib / 4), "the build cache's save carries (almost) none of the compiled standard library");
            }

            Assert.That(with.Jobs.Skip(1).Select(j => j.StdCompiles), Is.All.Zero, "no job after the first compiles the standard library");
            Assert.That(with.Jobs.Select(j => j.StdCompiles), Is.EqualTo(without.Jobs.Select(j => j.StdCompiles)), "the step makes no job compile more of the standard library than without it");

            // Bytes moved. Over 20 commits the goal is ≤ 0.5× (docs/benchmarks.md: 0.43× with Go 1.23, 0.32× with Go
            // 1.19). Over 5 commits it cannot be asserted: the caches without the step have grown for four commits only
            // (measured 0.76× with Go 1.19), and with Go 1.20+ every job still restores the standard library (about
            // 14 MiB of the 16 MiB a job needs), which moves 5 times with the step (one save, four restores) against 9
            // times without (five saves, four restores), at best 5/9 ≈ 0.56× (measured 0.59×). Asserted: ≤ 0.65× when
            // the standard library cache was used (without it Go 1.23 would move the standard library 9 times on both
            // sides, about 0.9×), and ≤ 0.8× otherwise.
            var moved = (double)with.BytesMoved / without.BytesMoved;
            Assert.That(moved, Is.LessThanOrEqualTo(stdSaves.Count == 1 ? 0.65 : 0.8), "bytes moved with the step / without, over 5 commits");
        });
    }
}
