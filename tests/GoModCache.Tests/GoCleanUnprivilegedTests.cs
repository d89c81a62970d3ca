using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoModCache.TestSupport;
using NUnit.Framework;

namespace GoModCache.Tests;

/// <summary>
/// Issue 10, item 2: the plain <c>go clean -modcache</c> of the <c>GoClean</c> alias and task
/// (<see cref="GoCaches.Eviction.GoCleanUnderLease"/>), run by the unprivileged owner of a module cache whose
/// extracted trees Go left read-only: go makes them writable itself and removes everything, lease directory and root
/// included, and the user's go fills the cache again.
/// </summary>
[NonParallelizable]
public class GoCleanUnprivilegedTests
{
    private UnprivilegedRunner _runner = null!;
    private GoSandbox _sandbox = null!;

    [SetUp]
    public void Setup()
    {
        _runner = UnprivilegedRunner.Create();
        _sandbox = new GoSandbox("unprivileged-go-clean");
        _sandbox.Proxy.Add("example.com/a", "v1.0.0", m => m.WithBulk(30, 100));
        _sandbox.Proxy.Add("example.com/Upper/c", "v0.1.0");
        _sandbox.PublishProxy();
        _runner.Own(_sandbox.Root);
    }

    [TearDown]
    public void Cleanup() => _sandbox?.Dispose();

    [Test]
    public void The_unprivileged_owner_cleans_a_read_only_module_cache_with_go_clean_behind_the_lease()
    {
        var versions = _sandbox.Proxy.Modules.Select(m => m.Path + "@" + m.Version).ToArray();
        _runner.Must(_sandbox, _sandbox.Root, TestGo.Executable, ["mod", "download", .. versions]);
        Assert.That(
            Directory.EnumerateDirectories(_sandbox.GoModCache, "*@*", SearchOption.AllDirectories).Count(d => (File.GetUnixFileMode(d) & UnixFileMode.UserWrite) == UnixFileMode.None),
            Is.EqualTo(2),
            "Go left the extracted trees read-only");

        var environment = new Dictionary<string, string?>(_sandbox.Environment) { ["GOFLAGS"] = "-x" };
        var clean = _runner.Run(environment, _sandbox.Root, UnprivilegedRunner.Dotnet, UnprivilegedRunner.EvictTool, "go-clean", TestGo.Executable, _sandbox.GoModCache);
        Assert.Multiple(() =>
        {
            Assert.That(clean.ExitCode, Is.Zero, clean.StandardError + clean.StandardOutput);
            Assert.That(clean.StandardOutput, Does.Contain("rm -rf " + _sandbox.GoModCache), "go itself removed the cache (GOFLAGS=-x)");
            Assert.That(clean.StandardOutput, Does.Contain("go clean -modcache; module cache " + _sandbox.GoModCache + ": freed "));
            Assert.That(Directory.Exists(_sandbox.GoModCache), Is.False, "nothing is left, read-only or not, lease directory included");
        });

        _runner.Must(_sandbox, _sandbox.Root, TestGo.Executable, "mod", "download", "example.com/a@v1.0.0");
        Assert.That(_sandbox.Holds("example.com/a", "v1.0.0"), Is.True, "the user's go fills the cleaned cache again");
    }
}
