using System;
using System.IO;
using System.Linq;
using GoCaches.Eviction;
using GoCaches.Inventory;
using GoCaches.Pruning;
using GoModCache.TestSupport;
using NUnit.Framework;

namespace GoModCache.Tests;

/// <summary>
/// The clean's native removal on Linux (getdents64, unlinkat and fchmod relative to each directory): a cache Go
/// filled, with links out of it, odd names, empty and unreadable directories, goes entirely, and nothing outside.
/// </summary>
[Platform("Linux")]
public class NativeCleanTests
{
    [Test]
    public void A_clean_removes_everything_inside_by_descriptor_and_nothing_a_link_points_to()
    {
        using var sandbox = new GoSandbox("nativeclean");
        var proxy = sandbox.Proxy;
        var dep = proxy.Add("example.com/dep", "v0.1.0", m => m.WithFile("data/file with spaces.txt", "spaces").WithFile("data/ünïcödé-名前.txt", "unicode"));
        var lib = proxy.Add("example.com/lib", "v1.1.0", m => m.WithBulk(40, 700).Require("example.com/dep", "v0.1.0"));
        sandbox.PublishProxy();
        var app = sandbox.WriteProject("app", lib, dep);
        sandbox.MustGo(app, "build", "-o", Path.Combine(app, "app"), ".");

        var outside = sandbox.Dir("outside");
        File.WriteAllText(Path.Combine(outside, "keep.txt"), "keep");
        Directory.CreateDirectory(Path.Combine(outside, "sub"));
        File.WriteAllText(Path.Combine(outside, "sub", "keep2.txt"), "keep2");
        var version = Directory.GetDirectories(Path.Combine(sandbox.GoModCache, "example.com"), "lib@*").Single();
        File.SetUnixFileMode(version, File.GetUnixFileMode(version) | UnixFileMode.UserWrite);
        var extra = Directory.CreateDirectory(Path.Combine(version, "extra", "nested")).FullName;
        Directory.CreateDirectory(Path.Combine(extra, "empty"));
        File.WriteAllText(Path.Combine(extra, "new\nline"), "x");
        File.WriteAllText(Path.Combine(extra, "quote'\"back\\slash"), "x");
        Directory.CreateSymbolicLink(Path.Combine(extra, "to-dir"), outside);
        File.CreateSymbolicLink(Path.Combine(extra, "to-file"), Path.Combine(outside, "keep.txt"));
        File.CreateSymbolicLink(Path.Combine(extra, "dangling"), Path.Combine(outside, "missing"));
        var locked = Directory.CreateDirectory(Path.Combine(extra, "locked")).FullName;
        File.WriteAllText(Path.Combine(locked, "inside"), "x");
        File.SetUnixFileMode(locked, UnixFileMode.None);
        DiskOracle.Run("chmod", "-R", "a-w", Path.Combine(version, "extra"));
        File.SetUnixFileMode(version, File.GetUnixFileMode(version) & ~UnixFileMode.UserWrite);
        Directory.CreateSymbolicLink(Path.Combine(sandbox.GoModCache, "cache", "download", "escape"), outside);
        var before = DiskOracle.Run("find", "-P", outside, "-printf", "%p %s %m\n");

        Assert.That(LinuxDirectory.IsSupported, Is.True, "the native removal is what this test checks (x64 and arm64 Linux)");
        ModuleCacheCleaner.Clean(sandbox.GoModCache, new PruneOptions { GoPathEntries = [sandbox.GoPath] });

        Assert.Multiple(() =>
        {
            Assert.That(LinuxDirectory.IsSupported, Is.True, "the native calls bound and were used");
            Assert.That(DiskOracle.IsEmptyCache(sandbox.GoModCache), Is.True, DiskOracle.Run("find", "-P", sandbox.GoModCache));
            Assert.That(DiskOracle.Run("find", "-P", outside, "-printf", "%p %s %m\n"), Is.EqualTo(before), "nothing outside the cache changed");
        });

        sandbox.MustGo(app, "build", "-o", Path.Combine(app, "app"), ".");
        Assert.That(ModuleCacheInventory.Scan(sandbox.GoModCache).Modules.Count(v => v.IsExtracted), Is.EqualTo(2), "go fills the cleaned cache again");
    }
}
