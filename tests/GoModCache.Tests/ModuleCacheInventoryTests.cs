using System.IO;
using System.Linq;
using GoCaches.Inventory;
using GoCaches.Operations;
using GoModCache.TestSupport;
using NUnit.Framework;

namespace GoModCache.Tests;

/// <summary>Real go fills a hermetic module cache; the inventory is checked against what is on disk.</summary>
public class ModuleCacheInventoryTests
{
    private GoSandbox _sandbox = null!;

    [OneTimeSetUp]
    public void PopulateCache()
    {
        _sandbox = new GoSandbox("inventory");
        var proxy = _sandbox.Proxy;
        proxy.Add("example.com/dep", "v0.1.0");
        proxy.Add("example.com/lib", "v1.0.0", m => m.WithBulk(20, 300));
        var lib11 = proxy.Add("example.com/lib", "v1.1.0", m => m.WithBulk(30, 200).Require("example.com/dep", "v0.1.0"));
        var lib2 = proxy.Add("example.com/lib/v2", "v2.0.0");
        var upper = proxy.Add("example.com/Upper/Mixed", "v0.3.0-RC1");
        _sandbox.PublishProxy();

        var app1 = _sandbox.WriteProject("app1", lib11, lib2, upper);
        _sandbox.MustGo(app1, "build", "-o", Path.Combine(app1, "app1"), ".");
        var app2 = _sandbox.WriteProject("app2", proxy.Modules[1]);
        _sandbox.MustGo(app2, "build", "-o", Path.Combine(app2, "app2"), ".");

        // Asks for a version's metadata only: Go fetches its .info and .mod, no zip.
        _sandbox.MustGo(app2, "list", "-m", "-json", "example.com/dep@v0.1.0");
    }

    [OneTimeTearDown]
    public void Cleanup() => _sandbox.Dispose();

    [Test]
    public void Lists_every_module_version_go_put_in_the_cache()
    {
        var inventory = ModuleCacheInventory.Scan(_sandbox.GoModCache);
        var names = inventory.Modules.Select(m => m.ToString()).ToList();
        Assert.That(names, Is.EquivalentTo(new[]
        {
            "example.com/Upper/Mixed@v0.3.0-RC1",
            "example.com/dep@v0.1.0",
            "example.com/lib@v1.0.0",
            "example.com/lib@v1.1.0",
            "example.com/lib/v2@v2.0.0",
        }));
        Assert.Multiple(() =>
        {
            Assert.That(inventory.Exists, Is.True);
            Assert.That(inventory.Toolchains, Is.Empty);
            Assert.That(inventory.Unrecognized, Is.Empty);
        });
    }

    [Test]
    public void Escaped_paths_and_versions_map_to_the_real_names()
    {
        var upper = ModuleCacheInventory.Scan(_sandbox.GoModCache).Find("example.com/Upper/Mixed", "v0.3.0-RC1");
        Assert.That(upper, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(upper!.EscapedPath, Is.EqualTo("example.com/!upper/!mixed"));
            Assert.That(upper.EscapedVersion, Is.EqualTo("v0.3.0-!r!c1"));
            Assert.That(upper.Directory, Is.EqualTo(Path.Combine(_sandbox.GoModCache, "example.com", "!upper", "!mixed@v0.3.0-!r!c1")));
            Assert.That(Directory.Exists(upper.Directory), Is.True);
            Assert.That(File.Exists(Path.Combine(upper.DownloadDirectory, "v0.3.0-!r!c1.zip")), Is.True);
        });
    }

    [Test]
    public void Built_modules_are_extracted_complete_and_have_every_download_file()
    {
        var inventory = ModuleCacheInventory.Scan(_sandbox.GoModCache);
        foreach (var m in inventory.Modules.Where(m => m.Path != "example.com/dep"))
        {
            Assert.Multiple(() =>
            {
                Assert.That(m.IsExtracted, Is.True, m.ToString());
                Assert.That(m.IsComplete, Is.True, m + ": " + m.IncompleteReason);
                Assert.That(m.Files, Is.EqualTo(DownloadFiles.Info | DownloadFiles.Mod | DownloadFiles.Zip | DownloadFiles.ZipHash | DownloadFiles.Lock), m.ToString());
                Assert.That(m.ExtractedAtUtc, Is.Not.Null);
            });
        }
    }

    [Test]
    public void A_module_only_needed_for_its_go_mod_has_no_source_and_is_still_complete()
    {
        var dep = ModuleCacheInventory.Scan(_sandbox.GoModCache).Find("example.com/dep", "v0.1.0")!;
        Assert.Multiple(() =>
        {
            Assert.That(dep.IsExtracted, Is.False);
            Assert.That(dep.Files.HasFlag(DownloadFiles.Mod), Is.True);
            Assert.That(dep.Files.HasFlag(DownloadFiles.Zip), Is.False);
            Assert.That(dep.IsComplete, Is.True, dep.IncompleteReason);
        });
    }

    [Test]
    public void Sizes_match_what_find_counts_on_disk()
    {
        var inventory = ModuleCacheInventory.Scan(_sandbox.GoModCache);
        var (bytes, files) = DiskOracle.CacheFiles(_sandbox.GoModCache);
        Assert.Multiple(() =>
        {
            Assert.That(inventory.Total.Bytes, Is.EqualTo(bytes));
            Assert.That(inventory.Total.Files, Is.EqualTo(files));
        });
        foreach (var m in inventory.Modules.Where(m => m.IsExtracted))
        {
            var (dirBytes, dirFiles) = DiskOracle.RegularFiles(m.Directory!);
            Assert.Multiple(() =>
            {
                Assert.That(m.DirectorySize.Bytes, Is.EqualTo(dirBytes), m.ToString());
                Assert.That(m.DirectorySize.Files, Is.EqualTo(dirFiles), m.ToString());
            });
        }

        var lib10 = inventory.Find("example.com/lib", "v1.0.0")!;
        Assert.That(lib10.DirectorySize.Bytes, Is.GreaterThanOrEqualTo(20 * 300), "the bulk files are counted");
        Assert.That(lib10.DownloadSize.Bytes, Is.EqualTo(Directory.GetFiles(lib10.DownloadDirectory, "v1.0.0.*").Sum(f => new FileInfo(f).Length)));
    }

    [Test]
    public void Go_leaves_the_extracted_tree_read_only_and_the_scan_still_reads_it()
    {
        var lib = ModuleCacheInventory.Scan(_sandbox.GoModCache).Find("example.com/lib", "v1.1.0")!;
        var mode = File.GetUnixFileMode(lib.Directory!);
        Assert.That(mode & UnixFileMode.UserWrite, Is.EqualTo(UnixFileMode.None), "Go makes version directories read-only");
        Assert.That(lib.DirectorySize.Files, Is.GreaterThan(30));
    }

    [Test]
    public void A_scan_ahead_of_go_env_is_used_only_for_the_root_go_env_confirms()
    {
        var plain = ModuleCacheInventory.Scan(_sandbox.GoModCache);

        // GOMODCACHE unset: the root is worked out from GOPATH, as go does; it is the one go env reports here.
        var ahead = ModuleCacheScanAhead.Start(name => name switch { "GOPATH" => _sandbox.GoPath, "GOENV" => "off", _ => null });
        var early = ahead.Wait();
        var result = ahead.Result(_sandbox.GoModCache);
        Assert.Multiple(() =>
        {
            Assert.That(result, Is.SameAs(early), "the early scan is handed out for the confirmed root");
            Assert.That(result.Total, Is.EqualTo(plain.Total));
            Assert.That(result.Modules.Select(m => (m.ToString(), m.Bytes, m.NewestFileAccessUtc)), Is.EqualTo(plain.Modules.Select(m => (m.ToString(), m.Bytes, m.NewestFileAccessUtc))));
        });

        // A guess that go env does not confirm (another GOMODCACHE) is thrown away and the confirmed root scanned.
        var elsewhere = Path.Combine(_sandbox.Root, "elsewhere");
        Directory.CreateDirectory(elsewhere);
        var wrong = ModuleCacheScanAhead.Start(name => name == "GOMODCACHE" ? elsewhere : null);
        var wrongEarly = wrong.Wait();
        var rescanned = wrong.Result(_sandbox.GoModCache);
        Assert.Multiple(() =>
        {
            Assert.That(wrongEarly!.Root, Is.EqualTo(elsewhere));
            Assert.That(rescanned, Is.Not.SameAs(wrongEarly));
            Assert.That(rescanned.Root, Is.EqualTo(_sandbox.GoModCache));
            Assert.That(rescanned.Total, Is.EqualTo(plain.Total));
        });

        // The engine's size operation takes the scan-ahead and keeps to the confirmed root too.
        var sized = CacheSize.Run(new CacheSizeRequest { ModuleCacheRoot = _sandbox.GoModCache, ModuleCacheScanAhead = ModuleCacheScanAhead.Start(name => name == "GOMODCACHE" ? elsewhere : null) });
        Assert.That((sized.ModuleCache!.Root, sized.ModuleCache.Total), Is.EqualTo((_sandbox.GoModCache, plain.Total)));

        // Nothing to work out (no GOMODCACHE, GOPATH or HOME): nothing starts, and the confirmed root is scanned.
        var none = ModuleCacheScanAhead.Start(_ => null);
        Assert.That(none.Wait(), Is.Null);
        Assert.That(none.Result(_sandbox.GoModCache).Total, Is.EqualTo(plain.Total));
    }

    [Test]
    public void Listing_without_stat_of_subdirectories_gives_the_same_entries()
    {
        var download = Path.Combine(_sandbox.GoModCache, "cache", "download", "example.com", "lib", "@v");
        foreach (var dir in new[] { _sandbox.GoModCache, Path.GetDirectoryName(download)!, download })
        {
            var full = DirEntry.List(dir);
            var light = DirEntry.List(dir, statDirectories: false);
            Assert.That(
                light.Select(e => (e.Name, e.FullPath, e.IsDirectory, e.IsSymlink, e.Length)).OrderBy(e => e.Name),
                Is.EqualTo(full.Select(e => (e.Name, e.FullPath, e.IsDirectory, e.IsSymlink, e.Length)).OrderBy(e => e.Name)),
                dir);
            Assert.That(
                light.Where(e => !e.IsDirectory).Select(e => (e.Name, e.LastWriteUtc, e.LastAccessUtc)).OrderBy(e => e.Name),
                Is.EqualTo(full.Where(e => !e.IsDirectory).Select(e => (e.Name, e.LastWriteUtc, e.LastAccessUtc)).OrderBy(e => e.Name)),
                "files keep their times");
        }
    }
}
