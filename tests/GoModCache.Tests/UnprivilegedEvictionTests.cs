using System.Collections.Generic;
using System.IO;
using GoModCache.TestSupport;
using NUnit.Framework;

namespace GoModCache.Tests;

/// <summary>
/// Go leaves the module cache read-only (0555 directories, 0444 files). Root ignores that, so these tests run go
/// and the engine (through the small GoModCache.Evict front end) as an unprivileged user: when the tests run as
/// root, as the system user <c>gomodcache-test</c> (created if missing) through <c>setpriv</c>; otherwise as the
/// current user, who is unprivileged already.
/// </summary>
public class UnprivilegedEvictionTests
{
    private GoSandbox _sandbox = null!;
    private UnprivilegedRunner _runner = null!;

    [SetUp]
    public void Setup()
    {
        _runner = UnprivilegedRunner.Create();
        _sandbox = new GoSandbox("unprivileged");
        var a = _sandbox.Proxy.Add("example.com/a", "v1.0.0", m => m.WithBulk(30, 100));
        var b = _sandbox.Proxy.Add("example.com/b", "v1.0.0");
        _sandbox.PublishProxy();
        _sandbox.WriteProject("app-a", a);
        _sandbox.WriteProject("app-b", b);
        _runner.Own(_sandbox.Root);
    }

    [TearDown]
    public void Cleanup() => _sandbox?.Dispose();

    [Test]
    public void A_read_only_cache_is_evicted_from_and_cleaned_by_the_unprivileged_user_who_owns_it()
    {
        var appB = Path.Combine(_sandbox.Root, "projects", "app-b");
        _runner.Must(_sandbox, appB, TestGo.Executable, "mod", "download", "example.com/a@v1.0.0", "example.com/b@v1.0.0");
        var dir = _sandbox.VersionDir("example.com/a", "v1.0.0");
        Assert.Multiple(() =>
        {
            Assert.That(Directory.Exists(dir), Is.True);
            Assert.That(File.GetUnixFileMode(dir) & UnixFileMode.UserWrite, Is.EqualTo(UnixFileMode.None), "Go made the tree read-only");
            Assert.That(_runner.Uid, Is.Not.EqualTo("0"));
            Assert.That(DiskOracle.Run("stat", "-c", "%u", dir).Trim(), Is.EqualTo(_runner.Uid), "the tree belongs to the unprivileged user");
        });

        // What makes this test meaningful: the user cannot simply rm -rf the tree Go left.
        var listing = PruneTestKit.Listing(dir);
        var rm = _runner.Run(_sandbox, _sandbox.Root, "rm", "-rf", dir);
        Assert.That(rm.ExitCode, Is.Not.Zero, "rm -rf of a read-only module tree fails for a non-root user");
        Assert.That(rm.StandardError, Does.Contain("Permission denied"));
        Assert.That(PruneTestKit.Listing(dir), Is.EqualTo(listing));

        var evict = _runner.Must(_sandbox, _sandbox.Root, UnprivilegedRunner.Dotnet, UnprivilegedRunner.EvictTool, "evict", _sandbox.GoModCache, "example.com/a@v1.0.0");
        Assert.Multiple(() =>
        {
            Assert.That(evict.StandardOutput, Does.Contain("example.com/a@v1.0.0: directory removed True"));
            Assert.That(Directory.Exists(dir), Is.False);
            Assert.That(_sandbox.Holds("example.com/a", "v1.0.0"), Is.False);
            Assert.That(File.Exists(_sandbox.DownloadFile("example.com/a", "v1.0.0", ".lock")), Is.True);
            Assert.That(_sandbox.Holds("example.com/b", "v1.0.0"), Is.True);
        });

        // The user's go is content with what is left, with no network.
        var verify = _runner.Must(_sandbox, appB, TestGo.Executable, "mod", "verify");
        Assert.That(verify.StandardOutput, Does.Contain("all modules verified"));
        var env = new Dictionary<string, string?>(_sandbox.Environment) { ["GOPROXY"] = "off" };
        var offline = _runner.Run(env, appB, TestGo.Executable, "mod", "download", "example.com/a@v1.0.0");
        Assert.That(offline.ExitCode, Is.Not.Zero, "the evicted version is really gone");

        _runner.Must(_sandbox, _sandbox.Root, UnprivilegedRunner.Dotnet, UnprivilegedRunner.EvictTool, "clean", _sandbox.GoModCache);
        Assert.That(Directory.EnumerateFileSystemEntries(_sandbox.GoModCache), Is.Empty);
    }

    [Test]
    public void The_unprivileged_user_gets_a_clear_error_for_a_tree_they_do_not_own()
    {
        if (_runner.Uid == UnprivilegedRunner.CurrentUid())
        {
            Assert.Ignore("Needs root to make a tree owned by someone else; running as the unprivileged user already.");
        }

        // A cache root's owner (root) extracts a version; the unprivileged user may not make it writable.
        var appB = Path.Combine(_sandbox.Root, "projects", "app-b");
        _runner.Must(_sandbox, appB, TestGo.Executable, "mod", "download", "example.com/b@v1.0.0");
        var dir = _sandbox.VersionDir("example.com/b", "v1.0.0");
        DiskOracle.Run("chown", "-R", "0:0", dir);

        var downloads = PruneTestKit.Listing(_sandbox.DownloadDir("example.com/b"));
        var evict = _runner.Run(_sandbox, _sandbox.Root, UnprivilegedRunner.Dotnet, UnprivilegedRunner.EvictTool, "evict", _sandbox.GoModCache, "example.com/b@v1.0.0");
        Assert.Multiple(() =>
        {
            Assert.That(evict.ExitCode, Is.EqualTo(1), evict.StandardError);
            Assert.That(evict.StandardError, Does.Contain("Cannot make").And.Contain("writable").And.Contain("only their owner (or root)"));
            Assert.That(Directory.Exists(dir), Is.True);
            Assert.That(PruneTestKit.Listing(_sandbox.DownloadDir("example.com/b")), Is.EqualTo(downloads), "nothing was touched: no marker, the zip is still there");
        });
    }
}
