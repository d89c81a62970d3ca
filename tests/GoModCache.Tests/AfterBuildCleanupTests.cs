using System;
using System.IO;
using System.Linq;
using GoCaches;
using GoCaches.AfterBuild;
using GoModCache.TestSupport;
using NUnit.Framework;

namespace GoModCache.Tests;

/// <summary>Issue 10: the engine validates the build-then-clean requests and says per cache what it did and why.</summary>
public class AfterBuildCleanupTests
{
    private string _dir = null!;

    [SetUp]
    public void MakeDirectory()
    {
        _dir = Path.Combine(Path.GetTempPath(), "gomodcache-tests", "after-build-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path.Combine(_dir, "gocache"));
    }

    [TearDown]
    public void Cleanup() => GoSandbox.ForceDelete(_dir);

    [Test]
    public void The_engine_refuses_a_relative_root_and_a_wait_out_of_range()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => AfterBuildCleanup.AfterSuccess(new AfterBuildCleanRequest { ModuleCacheRoot = "pkg/mod" }), Throws.TypeOf<GoModCacheException>().With.Message.Contains("'pkg/mod' is not an absolute path"));
            Assert.That(() => AfterBuildCleanup.AfterSuccess(new AfterBuildCleanRequest { ModuleCacheRoot = _dir, BuildCacheRoot = "cache" }), Throws.TypeOf<GoModCacheException>().With.Message.Contains("'cache' is not an absolute path"));
            Assert.That(() => AfterBuildCleanup.AfterSuccess(new AfterBuildCleanRequest { ModuleCacheRoot = _dir, WaitForOtherBuilds = TimeSpan.FromHours(2) }), Throws.TypeOf<GoModCacheException>().With.Message.Contains("must be from 0 to 3600 s"));
            Assert.That(() => AfterBuildCleanup.AfterFailure(new BuildFailureRequest { ModuleCacheRoot = "relative" }), Throws.TypeOf<GoModCacheException>());
        });
    }

    [Test]
    public void Nothing_asked_keeps_both_caches_and_the_test_and_fuzz_caches_are_left_to_go()
    {
        var gocache = Path.Combine(_dir, "gocache");
        var result = AfterBuildCleanup.AfterSuccess(new AfterBuildCleanRequest
        {
            ModuleCacheRoot = Path.Combine(_dir, "mod"),
            BuildCacheRoot = gocache,
            CleanModuleCache = false,
            CleanBuildCache = false,
            CleanTestCache = true,
            CleanFuzzCache = true,
        });
        Assert.Multiple(() =>
        {
            Assert.That(result.Outcomes.Select(o => (o.Cache, o.Action, o.Reason)), Is.EqualTo(new[]
            {
                (AfterBuildCache.ModuleCache, AfterBuildAction.Kept, AfterBuildReason.NotRequested),
                (AfterBuildCache.BuildCache, AfterBuildAction.Kept, AfterBuildReason.NotRequested),
                (AfterBuildCache.TestCache, AfterBuildAction.LeftToGo, AfterBuildReason.Requested),
                (AfterBuildCache.FuzzCache, AfterBuildAction.LeftToGo, AfterBuildReason.Requested),
            }));
            Assert.That(result.GoCleanFlags, Is.EqualTo(new[] { "-testcache", "-fuzzcache" }));
            Assert.That(result.Cleaned, Is.EqualTo(new[] { "test cache", "fuzz cache" }));
            Assert.That(result.ToString(), Does.StartWith("cleaned test cache, fuzz cache; freed 0 B"));
        });
    }

    [Test]
    public void With_the_build_cache_off_nothing_of_it_is_cleaned_and_a_pruned_module_cache_is_not_emptied()
    {
        var result = AfterBuildCleanup.AfterSuccess(new AfterBuildCleanRequest
        {
            ModuleCacheRoot = Path.Combine(_dir, "mod"),
            ModuleCachePruned = true,
            CleanTestCache = true,
        });
        Assert.Multiple(() =>
        {
            Assert.That((result.ModuleCache.Action, result.ModuleCache.Reason), Is.EqualTo((AfterBuildAction.Kept, AfterBuildReason.PrunedInstead)));
            Assert.That((result.BuildCache.Action, result.BuildCache.Reason), Is.EqualTo((AfterBuildAction.Kept, AfterBuildReason.CacheOff)));
            Assert.That(result.Outcomes[2].Reason, Is.EqualTo(AfterBuildReason.CacheOff));
            Assert.That(result.GoCleanFlags, Is.Empty);
            Assert.That(result.Leases, Is.Empty);
        });
    }

    [Test]
    public void A_failed_build_keeps_the_caches_and_a_checksum_mismatch_is_healed_only_when_asked()
    {
        var mod = Path.Combine(_dir, "mod");
        const string Mismatch = "verifying example.com/a@v1.0.0: checksum mismatch\n\tdownloaded: h1:abc=\nSECURITY ERROR";
        var compileError = AfterBuildCleanup.AfterFailure(new BuildFailureRequest { ModuleCacheRoot = mod, GoOutput = "./main.go:3:2: undefined: x", HealChecksumMismatch = true });
        var notHealed = AfterBuildCleanup.AfterFailure(new BuildFailureRequest { ModuleCacheRoot = mod, BuildCacheRoot = Path.Combine(_dir, "gocache"), GoOutput = Mismatch });
        var unknown = AfterBuildCleanup.AfterFailure(new BuildFailureRequest { GoOutput = "go: not found" });
        Assert.Multiple(() =>
        {
            Assert.That((compileError.Action, compileError.Cause, compileError.Retry), Is.EqualTo((BuildFailureAction.KeptForDebugging, BuildFailureCause.BuildError, false)));
            Assert.That(compileError.Message, Is.EqualTo($"Go build failed; Go's caches were kept for debugging: module cache {mod} (0 B), build cache off."));
            Assert.That((notHealed.Action, notHealed.Cause), Is.EqualTo((BuildFailureAction.KeptForDebugging, BuildFailureCause.ChecksumMismatch)));
            Assert.That(notHealed.ChecksumMismatches.Select(m => m.ToString()), Is.EqualTo(new[] { "example.com/a@v1.0.0" }));
            Assert.That(notHealed.Healed, Is.Empty);
            Assert.That(unknown.Message, Is.EqualTo("Go build failed; Go's caches were not touched."));
        });
    }
}
