using System;
using System.IO;
using GoCaches;
using GoCaches.Eviction;
using GoCaches.Pruning;
using GoModCache.TestSupport;
using NUnit.Framework;

namespace GoModCache.Tests;

/// <summary>The guard in front of every delete; each refusal must say why.</summary>
public class CacheRootGuardTests
{
    private GoSandbox _sandbox = null!;

    [SetUp]
    public void MakeCache()
    {
        _sandbox = new GoSandbox("guard");
        Directory.CreateDirectory(Path.Combine(_sandbox.GoModCache, "cache", "download"));
    }

    [TearDown]
    public void Cleanup() => _sandbox.Dispose();

    [Test]
    public void Accepts_a_module_cache_and_normalizes_it() =>
        Assert.That(CacheRootGuard.Check(_sandbox.GoModCache + Path.DirectorySeparatorChar), Is.EqualTo(_sandbox.GoModCache));

    [Test]
    public void Refuses_what_is_not_a_module_cache_and_says_why()
    {
        var link = Path.Combine(_sandbox.Root, "link-to-cache");
        Directory.CreateSymbolicLink(link, _sandbox.GoModCache);
        var file = Path.Combine(_sandbox.Root, "file");
        File.WriteAllText(file, "x");
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

        Assert.Multiple(() =>
        {
            Refused("/", "root of the file system");
            Refused("relative/pkg/mod", "relative");
            Refused(string.Empty, "empty");
            Refused(link, "symbolic link");
            Refused(file, "is a file");
            Refused(Path.Combine(_sandbox.Root, "missing"), "does not exist");
            Refused(_sandbox.Home, "not a Go module cache");
            Refused(Path.Combine(_sandbox.GoModCache, "cache"), "not a Go module cache");
            Refused(home, "home directory");
            Assert.That(() => CacheRootGuard.Check(_sandbox.GoPath, [_sandbox.GoPath]), Throws.TypeOf<GoModCacheException>().With.Message.Contains("GOPATH itself"));
            Assert.That(() => CacheRootGuard.Check(_sandbox.Root, [_sandbox.GoPath]), Throws.TypeOf<GoModCacheException>().With.Message.Contains("contains the GOPATH entry"));
        });
    }

    [Test]
    public void A_symlinked_cache_download_directory_is_not_a_cache()
    {
        var real = _sandbox.Dir("elsewhere/download");
        var cache = _sandbox.Dir("fake/cache");
        Directory.CreateSymbolicLink(Path.Combine(cache, "download"), real);
        Refused(Path.Combine(_sandbox.Root, "fake"), "not a Go module cache");
    }

    [Test]
    public void Paths_to_delete_must_stay_inside_the_cache()
    {
        var outside = _sandbox.Dir("outside");
        Directory.CreateSymbolicLink(Path.Combine(_sandbox.GoModCache, "jump"), outside);
        var root = CacheRootGuard.Check(_sandbox.GoModCache);
        Assert.Multiple(() =>
        {
            Assert.That(CacheRootGuard.CheckInside(root, Path.Combine(root, "example.com", "a@v1.0.0")), Is.EqualTo(Path.Combine(root, "example.com", "a@v1.0.0")));
            Assert.That(() => CacheRootGuard.CheckInside(root, Path.Combine(root, "..", "x")), Throws.TypeOf<GoModCacheException>().With.Message.Contains("not inside"));
            Assert.That(() => CacheRootGuard.CheckInside(root, root), Throws.TypeOf<GoModCacheException>().With.Message.Contains("not inside"));
            Assert.That(() => CacheRootGuard.CheckInside(root, Path.Combine(root, "jump", "m@v1.0.0")), Throws.TypeOf<GoModCacheException>().With.Message.Contains("symbolic link"));
            Assert.That(CacheRootGuard.CheckInside(root, Path.Combine(root, "jump")), Is.EqualTo(Path.Combine(root, "jump")), "a link itself may be removed (as a link)");
        });
    }

    [Test]
    public void Every_remover_runs_the_guard_before_anything_else()
    {
        var notACache = _sandbox.Dir("plain");
        File.WriteAllText(Path.Combine(notACache, "keep.txt"), "x");
        Assert.Multiple(() =>
        {
            Assert.That(() => new ModuleVersionEvictor(notACache), Throws.TypeOf<GoModCacheException>().With.Message.Contains("not a Go module cache"));
            Assert.That(() => new ModuleCachePruner(notACache, new PrunePolicy { ModulePatterns = "example.com" }), Throws.TypeOf<GoModCacheException>().With.Message.Contains("not a Go module cache"));
            Assert.That(() => ModuleCacheCleaner.Clean(notACache), Throws.TypeOf<GoModCacheException>().With.Message.Contains("not a Go module cache"));
            Assert.That(() => ModuleCacheCleaner.Clean(_sandbox.GoPath, new PruneOptions { GoPathEntries = [_sandbox.GoPath] }), Throws.TypeOf<GoModCacheException>().With.Message.Contains("GOPATH itself"));
        });
        Assert.That(File.Exists(Path.Combine(notACache, "keep.txt")), Is.True);
    }

    private static void Refused(string root, string message) =>
        Assert.That(() => CacheRootGuard.Check(root), Throws.TypeOf<GoModCacheException>().With.Message.Contains(message), root);
}
