using System.IO;
using System.Linq;
using GoCaches;
using GoCaches.Inventory;
using GoCaches.Modules;
using GoModCache.TestSupport;
using NUnit.Framework;

namespace GoModCache.Tests;

/// <summary>Caches in states that need a hand: interrupted extractions, toolchains, vcs, symlinks, bad roots.</summary>
public class ModuleCacheStatesTests
{
    private GoSandbox _sandbox = null!;

    [SetUp]
    public void PopulateCache()
    {
        _sandbox = new GoSandbox("states");
        var a = _sandbox.Proxy.Add("example.com/a", "v1.0.0");
        var b = _sandbox.Proxy.Add("example.com/b", "v1.0.0");
        _sandbox.PublishProxy();
        var app = _sandbox.WriteProject("app", a, b);
        _sandbox.MustGo(app, "mod", "download", "-json", "example.com/a@v1.0.0", "example.com/b@v1.0.0");
    }

    [TearDown]
    public void Cleanup() => _sandbox.Dispose();

    [Test]
    public void A_version_with_a_leftover_partial_marker_is_incomplete()
    {
        File.WriteAllText(Path.Combine(_sandbox.GoModCache, "cache", "download", "example.com", "a", "@v", "v1.0.0.partial"), string.Empty);
        var inventory = ModuleCacheInventory.Scan(_sandbox.GoModCache);
        var a = inventory.Find("example.com/a", "v1.0.0")!;
        Assert.Multiple(() =>
        {
            Assert.That(a.IsComplete, Is.False);
            Assert.That(a.IncompleteReason, Does.Contain(".partial"));
            Assert.That(inventory.Incomplete.Select(m => m.ToString()), Is.EqualTo(new[] { "example.com/a@v1.0.0" }));
            Assert.That(inventory.Find("example.com/b", "v1.0.0")!.IsComplete, Is.True);
        });
    }

    [Test]
    public void An_extracted_directory_without_a_ziphash_is_incomplete()
    {
        File.Delete(Path.Combine(_sandbox.GoModCache, "cache", "download", "example.com", "b", "@v", "v1.0.0.ziphash"));
        var b = ModuleCacheInventory.Scan(_sandbox.GoModCache).Find("example.com/b", "v1.0.0")!;
        Assert.That(b.IncompleteReason, Does.Contain("no .ziphash"));
    }

    [Test]
    public void A_lock_file_left_behind_is_no_cached_version()
    {
        var atV = Path.Combine(_sandbox.GoModCache, "cache", "download", "example.com", "gone", "@v");
        Directory.CreateDirectory(atV);
        File.WriteAllText(Path.Combine(atV, "v1.0.0.lock"), string.Empty);
        var inventory = ModuleCacheInventory.Scan(_sandbox.GoModCache);
        Assert.Multiple(() =>
        {
            Assert.That(inventory.Find("example.com/gone", "v1.0.0"), Is.Null);
            Assert.That(inventory.Unrecognized, Is.Empty);
            Assert.That(inventory.Total.Files, Is.EqualTo(DiskOracle.RegularFiles(_sandbox.GoModCache).Files));
        });
    }

    [Test]
    public void The_usage_record_is_a_known_part_of_the_cache()
    {
        UsageRecord.Update(UsageRecord.DefaultPath(_sandbox.GoModCache), [new ModuleVersion("example.com/a", "v1.0.0")]);
        var inventory = ModuleCacheInventory.Scan(_sandbox.GoModCache);
        Assert.Multiple(() =>
        {
            Assert.That(inventory.Unrecognized, Is.Empty);
            Assert.That(inventory.Other.Bytes, Is.GreaterThan(0));
            Assert.That(inventory.Total.Files, Is.EqualTo(DiskOracle.RegularFiles(_sandbox.GoModCache).Files));
        });
    }

    [Test]
    public void Go_temporary_files_belong_to_their_version()
    {
        var atV = Path.Combine(_sandbox.GoModCache, "cache", "download", "example.com", "a", "@v");
        File.WriteAllText(Path.Combine(atV, "v1.0.0.zip123456.tmp"), "half a zip");
        var a = ModuleCacheInventory.Scan(_sandbox.GoModCache).Find("example.com/a", "v1.0.0")!;
        Assert.That(a.Files.HasFlag(DownloadFiles.Temporary), Is.True);
    }

    [Test]
    public void Toolchains_vcs_and_sumdb_are_reported_apart()
    {
        // The layout Go 1.21+ leaves for a toolchain: an extracted tree and .lock/.zip/.ziphash, no .info or .mod.
        var tc = "v0.0.1-go1.21.0.linux-amd64";
        var tcDir = Directory.CreateDirectory(Path.Combine(_sandbox.GoModCache, "golang.org", "toolchain@" + tc, "bin")).FullName;
        File.WriteAllBytes(Path.Combine(tcDir, "go"), new byte[5000]);
        var tcDownload = Directory.CreateDirectory(Path.Combine(_sandbox.GoModCache, "cache", "download", "golang.org", "toolchain", "@v")).FullName;
        foreach (var ext in new[] { ".lock", ".zip", ".ziphash" })
        {
            File.WriteAllText(Path.Combine(tcDownload, tc + ext), "x");
        }

        var vcs = Directory.CreateDirectory(Path.Combine(_sandbox.GoModCache, "cache", "vcs", "0123abcd")).FullName;
        File.WriteAllBytes(Path.Combine(vcs, "HEAD"), new byte[700]);
        var sumdb = Directory.CreateDirectory(Path.Combine(_sandbox.GoModCache, "cache", "download", "sumdb", "sum.golang.org", "lookup")).FullName;
        File.WriteAllBytes(Path.Combine(sumdb, "example.com!a@v1.0.0"), new byte[300]);

        var inventory = ModuleCacheInventory.Scan(_sandbox.GoModCache);
        Assert.Multiple(() =>
        {
            Assert.That(inventory.Toolchains.Select(t => t.ToString()), Is.EqualTo(new[] { "golang.org/toolchain@" + tc }));
            Assert.That(inventory.Toolchains[0].IsComplete, Is.True, inventory.Toolchains[0].IncompleteReason);
            Assert.That(inventory.Toolchains[0].DirectorySize.Bytes, Is.EqualTo(5000));
            Assert.That(inventory.Modules.Any(m => m.IsToolchain), Is.False);
            Assert.That(inventory.Vcs.Bytes, Is.EqualTo(700));
            Assert.That(inventory.SumDb.Bytes, Is.EqualTo(300));
            Assert.That(inventory.Total.Bytes, Is.EqualTo(DiskOracle.RegularFiles(_sandbox.GoModCache).Bytes));
        });
    }

    [Test]
    public void Symlinks_are_never_followed()
    {
        var outside = _sandbox.Dir("outside");
        File.WriteAllBytes(Path.Combine(outside, "big"), new byte[100_000]);
        var a = ModuleCacheInventory.Scan(_sandbox.GoModCache).Find("example.com/a", "v1.0.0")!;
        var before = ModuleCacheInventory.Scan(_sandbox.GoModCache).Total;
        GoSandbox.ForceDelete(Path.Combine(_sandbox.Root, "nothing"));
        var parent = Path.GetDirectoryName(a.Directory!)!;
        Directory.CreateSymbolicLink(Path.Combine(parent, "link@v9.9.9"), outside);
        Directory.CreateSymbolicLink(Path.Combine(_sandbox.GoModCache, "cache", "download", "escape"), outside);

        var after = ModuleCacheInventory.Scan(_sandbox.GoModCache);
        Assert.Multiple(() =>
        {
            Assert.That(after.Total.Bytes, Is.EqualTo(before.Bytes));
            Assert.That(after.Total.Symlinks, Is.EqualTo(2));
            Assert.That(after.Unrecognized, Has.Count.EqualTo(2));
            Assert.That(after.Find("example.com/link", "v9.9.9"), Is.Null);
        });
    }

    [Test]
    public void A_missing_cache_is_an_empty_one()
    {
        var missing = Path.Combine(_sandbox.Root, "no-such-cache");
        var inventory = ModuleCacheInventory.Scan(missing);
        Assert.Multiple(() =>
        {
            Assert.That(inventory.Exists, Is.False);
            Assert.That(inventory.Modules, Is.Empty);
            Assert.That(inventory.Total, Is.EqualTo(TreeSize.Empty));
        });
    }

    [Test]
    public void An_empty_cache_has_nothing_in_it()
    {
        var inventory = ModuleCacheInventory.Scan(_sandbox.Dir("empty-cache"));
        Assert.Multiple(() =>
        {
            Assert.That(inventory.Exists, Is.True);
            Assert.That(inventory.Modules, Is.Empty);
            Assert.That(inventory.Total.Bytes, Is.Zero);
        });
    }

    [Test]
    public void A_file_or_a_relative_path_as_cache_root_is_a_clear_error()
    {
        var file = Path.Combine(_sandbox.Root, "a-file");
        File.WriteAllText(file, "x");
        Assert.Multiple(() =>
        {
            Assert.That(() => ModuleCacheInventory.Scan(file), Throws.TypeOf<GoModCacheException>().With.Message.Contains("is a file"));
            Assert.That(() => ModuleCacheInventory.Scan("relative/mod"), Throws.TypeOf<GoModCacheException>().With.Message.Contains("not absolute"));
        });
    }

    [Test]
    public void The_build_cache_is_sized_with_its_entries_apart()
    {
        var app = Path.Combine(_sandbox.Root, "projects", "app");
        _sandbox.MustGo(app, "build", "-o", Path.Combine(app, "app"), ".");
        var inventory = BuildCacheInventory.Scan(_sandbox.GoCache);
        var (bytes, files) = DiskOracle.RegularFiles(_sandbox.GoCache);
        Assert.Multiple(() =>
        {
            Assert.That(inventory.Exists, Is.True);
            Assert.That(inventory.Entries.Files, Is.GreaterThan(0));
            Assert.That(inventory.Total.Bytes, Is.EqualTo(bytes));
            Assert.That(inventory.Total.Files, Is.EqualTo(files));
            Assert.That(inventory.Other.Files, Is.GreaterThanOrEqualTo(1), "README / trim.txt");
        });
    }
}
