using System.IO;
using System.Linq;
using Cake.Core;
using Cake.GoModCache.Env;
using Cake.GoModCache.Workflow;
using GoCaches.Inventory;
using GoCaches.Leases;
using GoModCache.TestSupport;
using NUnit.Framework;

namespace Cake.GoModCache.Tests;

/// <summary>The workflow against real go, through Cake's real process runner.</summary>
public class GoBuildAndCleanTests
{
    private GoSandbox _sandbox = null!;
    private string _project = null!;

    [SetUp]
    public void CreateProject()
    {
        _sandbox = new GoSandbox("workflow");
        var a = _sandbox.Proxy.Add("example.com/Greeter", "v1.2.0", m => m.WithBulk(40, 500));
        var b = _sandbox.Proxy.Add("example.com/lib/v2", "v2.1.0");
        _sandbox.PublishProxy();
        _project = _sandbox.WriteProject("svc", a, b);
    }

    [TearDown]
    public void Cleanup() => _sandbox.Dispose();

    [Test]
    public void GoEnv_reads_the_environment_the_build_will_see()
    {
        var fixture = new CakeFixture(realProcesses: true);
        var env = fixture.Context.GoEnv(new GoEnvSettings().For(_sandbox, _project));
        Assert.Multiple(() =>
        {
            Assert.That(env.GoModCache, Is.EqualTo(_sandbox.GoModCache));
            Assert.That(env.GoCache, Is.EqualTo(_sandbox.GoCache));
            Assert.That(env.GoMod, Is.EqualTo(Path.Combine(_project, "go.mod")));
            Assert.That(env.GoVersion, Is.EqualTo(TestGo.Version));
        });
    }

    [Test]
    public void A_successful_build_leaves_the_binary_and_no_caches()
    {
        var fixture = new CakeFixture(realProcesses: true);
        var binary = Path.Combine(_sandbox.Root, "out", "svc");
        var result = fixture.Context.GoBuildAndClean(new GoBuildAndCleanSettings { Output = binary }.For(_sandbox, _project));

        Assert.That(File.Exists(binary), Is.True, "the binary was built");
        var run = DiskOracle.Run(binary);
        Assert.That(run, Does.Contain("example.com/Greeter@v1.2.0").And.Contain("example.com/lib/v2@v2.1.0"));
        Assert.Multiple(() =>
        {
            Assert.That(DiskOracle.IsEmptyCache(_sandbox.GoModCache), Is.True, "the module cache is emptied");
            Assert.That(BuildCacheInventory.Scan(_sandbox.GoCache).Entries.Files, Is.Zero, "the build cache entries are gone");
            Assert.That(result.ModuleCacheBefore.Bytes, Is.Zero);
            Assert.That(result.ModuleCacheAfterBuild.ModuleVersions, Is.EqualTo(2));
            Assert.That(result.ModuleCacheAfterBuild.Bytes, Is.GreaterThan(40 * 500));
            Assert.That((result.ModuleCacheAfter.Bytes, result.ModuleCacheAfter.ModuleVersions), Is.EqualTo((0L, 0)), "emptied (the root and its lease directory stay)");
            Assert.That(result.CacheLeases.Select(l => l.Outcome), Is.EqualTo(new[] { CacheLeaseOutcome.Free, CacheLeaseOutcome.Free }), "no other build: both cleans ran at once");
            Assert.That(result.CleanDeferred, Is.False);
            Assert.That(result.BuildCacheAfterBuild!.Bytes, Is.GreaterThan(0));
            Assert.That(result.BytesFreed, Is.EqualTo(result.ModuleCacheAfterBuild.Bytes + result.BuildCacheAfterBuild.Bytes - result.BuildCacheAfter!.Bytes));
            Assert.That(result.Cleaned, Is.EqualTo(new[] { "module cache", "build cache" }));
            Assert.That(fixture.Log.Text, Does.Contain("Go build succeeded").And.Contain("Freed"));
            Assert.That(result.ToString(), Does.Match(@"^built in \d+\.\d s; cleaned module cache, build cache in \d+\.\d s; freed ").And.EndWith(GoCaches.Inventory.SizeParser.Format(result.BytesFreed)));
        });
    }

    [Test]
    public void Keeping_the_build_cache_cleans_only_the_module_cache()
    {
        var fixture = new CakeFixture(realProcesses: true);
        var result = fixture.Context.GoBuildAndClean(new GoBuildAndCleanSettings { Output = Path.Combine(_sandbox.Root, "svc"), CleanBuildCache = false }.For(_sandbox, _project));
        Assert.Multiple(() =>
        {
            Assert.That(DiskOracle.IsEmptyCache(_sandbox.GoModCache), Is.True);
            Assert.That(result.BuildCacheAfter!.Bytes, Is.EqualTo(result.BuildCacheAfterBuild!.Bytes));
            Assert.That(result.Cleaned, Is.EqualTo(new[] { "module cache" }));
        });
    }

    [Test]
    public void A_failed_build_keeps_every_cached_module_and_fails_with_go_error()
    {
        // Fill the caches with a good build first, then break the code.
        _sandbox.MustGo(_project, "build", "-o", Path.Combine(_sandbox.Root, "first"), ".");
        File.AppendAllText(Path.Combine(_project, "main.go"), "\nfunc broken() { undefinedThing() }\n");
        var before = ModuleCacheInventory.Scan(_sandbox.GoModCache);
        var buildCacheBefore = BuildCacheInventory.Scan(_sandbox.GoCache).Total;

        var fixture = new CakeFixture(realProcesses: true);
        var ex = Assert.Throws<CakeException>(() => fixture.Context.GoBuildAndClean(new GoBuildAndCleanSettings().For(_sandbox, _project)));

        var after = ModuleCacheInventory.Scan(_sandbox.GoModCache);
        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Does.Contain("undefined: undefinedThing"));
            Assert.That(ex.Message, Does.Contain("main.go"));
            Assert.That(after.Modules.Select(m => (m.ToString(), m.Bytes, m.IsComplete)), Is.EqualTo(before.Modules.Select(m => (m.ToString(), m.Bytes, m.IsComplete))));
            Assert.That(after.Total, Is.EqualTo(before.Total));
            Assert.That(BuildCacheInventory.Scan(_sandbox.GoCache).Total.Bytes, Is.GreaterThanOrEqualTo(buildCacheBefore.Bytes));
            Assert.That(fixture.Log.Text, Does.Contain("caches were kept for debugging").And.Contain(_sandbox.GoModCache));
        });
    }

    [Test]
    public void A_polluted_cache_heals_when_asked_and_the_build_succeeds()
    {
        _sandbox.MustGo(_project, "build", "-o", Path.Combine(_sandbox.Root, "first"), ".");
        CachePolluter.CorruptZip(_sandbox.GoModCache, "example.com/Greeter", "v1.2.0");
        var fixture = new CakeFixture(realProcesses: true);
        var binary = Path.Combine(_sandbox.Root, "healed");
        var result = fixture.Context.GoBuildAndClean(new GoBuildAndCleanSettings { Output = binary, HealChecksumMismatch = true, CleanModCache = false, CleanBuildCache = false }.For(_sandbox, _project));
        Assert.Multiple(() =>
        {
            Assert.That(result.Healed.Select(m => m.ToString()), Is.EqualTo(new[] { "example.com/Greeter@v1.2.0" }));
            Assert.That(File.Exists(binary), Is.True);
            Assert.That(fixture.Log.Text, Does.Contain("checksum mismatch").And.Contain("Healing: example.com/Greeter@v1.2.0"));
            Assert.That(ModuleCacheInventory.Scan(_sandbox.GoModCache).Find("example.com/Greeter", "v1.2.0")!.IsComplete, Is.True, "downloaded again");
        });
    }

    [Test]
    public void A_polluted_cache_is_left_alone_without_healing()
    {
        _sandbox.MustGo(_project, "build", "-o", Path.Combine(_sandbox.Root, "first"), ".");
        CachePolluter.CorruptZip(_sandbox.GoModCache, "example.com/Greeter", "v1.2.0");
        var zip = Path.Combine(_sandbox.GoModCache, "cache", "download", "example.com", "!greeter", "@v", "v1.2.0.zip");
        var before = File.ReadAllBytes(zip);
        var fixture = new CakeFixture(realProcesses: true);
        var ex = Assert.Throws<CakeException>(() => fixture.Context.GoBuildAndClean(new GoBuildAndCleanSettings().For(_sandbox, _project)));
        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Does.Contain("checksum mismatch").And.Contain("example.com/Greeter@v1.2.0"));
            Assert.That(File.ReadAllBytes(zip), Is.EqualTo(before), "nothing was evicted");
        });
    }
}
