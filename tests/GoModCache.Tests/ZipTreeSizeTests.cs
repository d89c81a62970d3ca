using System.IO;
using System.Linq;
using GoCaches.Inventory;
using GoModCache.TestSupport;
using NUnit.Framework;

namespace GoModCache.Tests;

/// <summary>Sizing complete versions from their zips' central directories gives what the walk of their trees gives.</summary>
public class ZipTreeSizeTests
{
    private GoSandbox _sandbox = null!;

    [SetUp]
    public void PopulateCache()
    {
        _sandbox = new GoSandbox("zip-size");
        var proxy = _sandbox.Proxy;
        var dep = proxy.Add("example.com/dep", "v0.1.0");
        var lib = proxy.Add("example.com/lib", "v1.1.0", m => m.WithBulk(30, 200).Require("example.com/dep", "v0.1.0"));
        var lib2 = proxy.Add("example.com/lib/v2", "v2.0.0", m => m.WithBulk(12, 5000));
        var upper = proxy.Add("example.com/Upper/Mixed", "v0.3.0-RC1");

        // A central directory longer than the first read at the zip's end (about 100 bytes an entry).
        var many = proxy.Add("example.com/many", "v1.0.0", m => m.WithBulk(400, 10));
        _sandbox.PublishProxy();
        var app = _sandbox.WriteProject("app", lib, lib2, upper, dep, many);
        _sandbox.MustGo(app, "build", "-o", Path.Combine(app, "app"), ".");
    }

    [TearDown]
    public void Cleanup() => _sandbox.Dispose();

    [Test]
    public void Every_complete_version_sized_from_its_zip_equals_the_walk_of_its_tree()
    {
        var walked = ModuleCacheInventory.Scan(_sandbox.GoModCache);
        var fromZips = ModuleCacheInventory.Scan(_sandbox.GoModCache, treesFromZips: true);
        Assert.That(walked.Modules.Count(m => m.IsExtracted), Is.EqualTo(5));
        Assert.That(new FileInfo(_sandbox.DownloadFile("example.com/many", "v1.0.0", ".zip")).Length, Is.GreaterThan(3 * 8192), "the central directory alone is longer than 8 KiB");
        Assert.Multiple(() =>
        {
            Assert.That(fromZips.Modules.Select(m => (m.ToString(), m.DirectorySize, m.DownloadSize)), Is.EqualTo(walked.Modules.Select(m => (m.ToString(), m.DirectorySize, m.DownloadSize))));
            Assert.That(fromZips.Modules.Where(m => m.IsExtracted).Select(m => m.SizedFromZip), Has.All.True, "every tree was sized from its zip");
            Assert.That(walked.Modules.Select(m => m.SizedFromZip), Has.All.False);
            Assert.That(fromZips.Total, Is.EqualTo(walked.Total));
            Assert.That(walked.Modules.Single(m => m.Path == "example.com/lib").DirectorySize.Directories, Is.GreaterThan(2), "nested directories were derived");
        });
    }

    [Test]
    public void A_tree_that_is_not_its_zip_s_is_walked_and_measured_as_it_is()
    {
        // Top-level names differ (a file added), a .partial marker, a zip that is not a zip, no zip at all.
        var lib = _sandbox.VersionDir("example.com/lib", "v1.1.0");
        File.WriteAllText(Path.Combine(lib, "added.txt"), "not from the zip");
        File.WriteAllText(_sandbox.DownloadFile("example.com/lib/v2", "v2.0.0", ".partial"), string.Empty);
        File.WriteAllText(_sandbox.DownloadFile("example.com/dep", "v0.1.0", ".zip"), "garbage");
        File.Delete(_sandbox.DownloadFile("example.com/Upper/Mixed", "v0.3.0-RC1", ".zip"));

        var walked = ModuleCacheInventory.Scan(_sandbox.GoModCache);
        var fromZips = ModuleCacheInventory.Scan(_sandbox.GoModCache, treesFromZips: true);
        Assert.Multiple(() =>
        {
            Assert.That(fromZips.Modules.Where(m => m.IsExtracted).Select(m => (m.Path, m.SizedFromZip)), Is.EquivalentTo(new[]
            {
                ("example.com/dep", false), ("example.com/lib", false), ("example.com/lib/v2", false), ("example.com/Upper/Mixed", false), ("example.com/many", true),
            }), "each changed one was walked");
            Assert.That(fromZips.Modules.Select(m => (m.ToString(), m.DirectorySize)), Is.EqualTo(walked.Modules.Select(m => (m.ToString(), m.DirectorySize))));
            Assert.That(fromZips.Total, Is.EqualTo(walked.Total));
        });
    }
}
