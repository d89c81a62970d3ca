using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoCaches.Leases;
using GoModCache.TestSupport;
using NUnit.Framework;

namespace GoModCache.Tests;

/// <summary>
/// Fault suite (issue 7), part 4: as the unprivileged user (<see cref="UnprivilegedRunner"/>), a prune and then a
/// clean through the GoModCache.Evict front end get through Go's read-only module cache completely.
/// (UnprivilegedEvictionTests covers eviction of one version.)
/// </summary>
[Category("FaultSuite")]
public class FaultSuiteUnprivilegedTests
{
    private GoSandbox _sandbox = null!;
    private UnprivilegedRunner _runner = null!;
    private string _keep = null!;
    private string[] _versions = null!;

    [SetUp]
    public void Setup()
    {
        _runner = UnprivilegedRunner.Create();
        _sandbox = new GoSandbox("unprivileged-prune");
        var a = _sandbox.Proxy.Add("example.com/a", "v1.0.0", m => m.WithBulk(30, 100));
        _sandbox.Proxy.Add("example.com/a", "v1.1.0", m => m.WithBulk(30, 100));
        _sandbox.Proxy.Add("example.com/b", "v1.0.0", m => m.WithBulk(30, 100));
        _sandbox.Proxy.Add("example.com/Upper/c", "v0.1.0");
        _sandbox.PublishProxy();
        _keep = _sandbox.WriteProject("keep", a);
        _versions = _sandbox.Proxy.Modules.Select(m => m.Path + "@" + m.Version).ToArray();
        _runner.Own(_sandbox.Root);
    }

    [TearDown]
    public void Cleanup() => _sandbox?.Dispose();

    [Test]
    public void The_unprivileged_owner_prunes_and_then_cleans_a_read_only_cache_completely()
    {
        _runner.Must(_sandbox, _keep, TestGo.Executable, ["mod", "download", .. _versions]);
        _runner.Must(_sandbox, _keep, TestGo.Executable, "mod", "tidy");
        var readOnly = ReadOnlyDirectories();
        Assert.That(readOnly, Is.EqualTo(4), "Go left the four extracted trees read-only");

        var prune = _runner.Must(_sandbox, _sandbox.Root, UnprivilegedRunner.Dotnet, UnprivilegedRunner.EvictTool, "prune", _sandbox.GoModCache, "--keep-project", _keep, "--grace-ms", "0");
        Assert.Multiple(() =>
        {
            Assert.That(prune.StandardOutput, Does.Contain("pruned 3 versions").And.Contain("0 failures"));
            Assert.That(Held(), Is.EquivalentTo(new[] { "example.com/a@v1.0.0" }));
        });
        var verify = _runner.Must(_sandbox, _keep, TestGo.Executable, "mod", "verify");
        Assert.That(verify.StandardOutput, Does.Contain("all modules verified"));
        var offline = new Dictionary<string, string?>(_sandbox.Environment) { ["GOPROXY"] = "off" };
        Assert.That(_runner.Run(offline, _keep, TestGo.Executable, "mod", "download", "example.com/a@v1.0.0").ExitCode, Is.Zero, "the kept version is still usable offline");

        var clean = _runner.Must(_sandbox, _sandbox.Root, UnprivilegedRunner.Dotnet, UnprivilegedRunner.EvictTool, "clean", _sandbox.GoModCache);
        Assert.Multiple(() =>
        {
            Assert.That(clean.StandardOutput, Does.Contain("cleaned 1 versions"));
            Assert.That(Directory.EnumerateFileSystemEntries(_sandbox.GoModCache).Where(e => Path.GetFileName(e) != CacheLease.DirectoryName), Is.Empty, "nothing is left, read-only or not");
        });

        // The user's go fills the cleaned cache again.
        _runner.Must(_sandbox, _keep, TestGo.Executable, "mod", "download", "example.com/a@v1.0.0");
        Assert.That(Held(), Is.EquivalentTo(new[] { "example.com/a@v1.0.0" }));
    }

    private List<string> Held() => _versions.Where(v => _sandbox.Holds(v[..v.LastIndexOf('@')], v[(v.LastIndexOf('@') + 1)..])).ToList();

    private int ReadOnlyDirectories() =>
        Directory.EnumerateDirectories(_sandbox.GoModCache, "*@*", SearchOption.AllDirectories)
            .Count(d => (File.GetUnixFileMode(d) & UnixFileMode.UserWrite) == UnixFileMode.None);
}
