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
/// Issue 13, the short CI simulation (5 commits; the benchmark runs 20): with <see cref="CachePrepareForSave"/> the
/// saved caches stay within 1.25× what the newest commit needs, and fewer bytes move than without.
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
            $"with {with.NewestSavedBytes:N0} B ({(double)with.NewestSavedBytes / needed:0.00}×); bytes moved without {without.BytesMoved:N0}, with {with.BytesMoved:N0} ({(double)with.BytesMoved / without.BytesMoved:0.00}×); " +
            $"per cache needed mod {parts.ModCache:N0} / build {parts.BuildCache:N0} (stdlib {parts.Stdlib:N0}), saved with mod {with.NewestModCacheBytes:N0} / build {with.NewestBuildCacheBytes:N0} (stdlib {with.NewestStdlibBytes:N0}), " +
            $"saved without mod {without.NewestModCacheBytes:N0} / build {without.NewestBuildCacheBytes:N0} (stdlib {without.NewestStdlibBytes:N0})");

        Assert.Multiple(() =>
        {
            Assert.That(simulation.Commits.Select(c => c.Change), Has.Some.StartsWith("adds").And.Some.StartsWith("drops").And.Some.StartsWith("bumps"));
            Assert.That(with.Jobs.Skip(1).All(j => j.ModCacheRestore != "miss" && j.BuildCacheRestore != "miss"), Is.True, "every job after the first restored both caches by prefix");
            Assert.That(with.NewestSavedBytes, Is.LessThanOrEqualTo((long)(1.25 * needed)), "the saved caches stay within 1.25× what the newest commit needs");

            // The same bound per cache, and for the build cache without the compiled standard library (Go 1.20 and
            // later compile it into the build cache: about 14 MiB that every job needs and that no churn changes, so
            // over 5 commits the whole build cache grows by little more than 1.25× even without the step).
            Assert.That(with.NewestModCacheBytes, Is.LessThanOrEqualTo((long)(1.25 * parts.ModCache)), "the saved module cache stays within 1.25× what the newest commit needs");
            Assert.That(with.NewestBuildCacheBytes - with.NewestStdlibBytes, Is.LessThanOrEqualTo((long)(1.25 * (parts.BuildCache - parts.Stdlib))), "the saved build cache, standard library aside, stays within 1.25× what the newest commit needs");
            Assert.That(without.NewestSavedBytes, Is.GreaterThan(with.NewestSavedBytes), "without the step the saved caches grow");
            Assert.That(with.BytesMoved, Is.LessThan(without.BytesMoved), "fewer bytes move with the step");
        });
    }
}
