using System.Collections.Generic;
using System.IO;
using GoCaches;
using GoCaches.Go;
using GoCaches.Inventory;
using GoModCache.TestSupport;
using NUnit.Framework;

namespace GoModCache.Tests;

public class GoEnvironmentTests
{
    [Test]
    public void Reads_the_sandbox_values_from_real_go()
    {
        using var sandbox = new GoSandbox();
        var env = GoEnvironment.Load(sandbox.Go());
        Assert.Multiple(() =>
        {
            Assert.That(env.GoModCache, Is.EqualTo(sandbox.GoModCache));
            Assert.That(env.GoCache, Is.EqualTo(sandbox.GoCache));
            Assert.That(env.GoPath, Is.EqualTo(sandbox.GoPath));
            Assert.That(env.GoPathEntries, Is.EqualTo(new[] { sandbox.GoPath }));
            Assert.That(env.GoProxy, Is.EqualTo(sandbox.Environment["GOPROXY"]));
            Assert.That(env.GoFlags, Is.EqualTo("-mod=mod"));
            Assert.That(env.GoVersion, Is.EqualTo(TestGo.Version));
            Assert.That(env.ParsedGoVersion, Is.Not.Null.And.GreaterThanOrEqualTo(new System.Version(1, 19, 0)));
            Assert.That(env.GoOS, Is.EqualTo("linux"));
            Assert.That(env.GoArch, Is.Not.Empty);
            Assert.That(Directory.Exists(env.GoRoot), Is.True, env.GoRoot);
            Assert.That(env.BuildCacheDisabled, Is.False);
            Assert.That(env.GoExecutable, Is.EqualTo(TestGo.Executable));
        });
        if (env.ParsedGoVersion >= new System.Version(1, 21, 0))
        {
            Assert.That(env.GoToolchain, Is.EqualTo("local"));
        }
    }

    [Test]
    public void GOMODCACHE_defaults_to_the_first_GOPATH_entry()
    {
        using var sandbox = new GoSandbox();
        sandbox.Environment.Remove("GOMODCACHE");
        sandbox.Environment["GOMODCACHE"] = null;
        var env = GoEnvironment.Load(sandbox.Go());
        Assert.That(env.GoModCache, Is.EqualTo(Path.Combine(sandbox.GoPath, "pkg", "mod")));
    }

    [TestCase("GOMODCACHE")]
    [TestCase("GOCACHE")]
    public void A_relative_cache_path_is_a_clear_error(string variable)
    {
        using var sandbox = new GoSandbox();
        sandbox.Environment[variable] = "relative/dir";
        var ex = Assert.Throws<GoModCacheException>(() => GoEnvironment.Load(sandbox.Go()));
        Assert.That(ex!.Message, Does.Contain(variable).And.Contain("'relative/dir' is not an absolute path"));
    }

    [Test]
    public void A_relative_GOPATH_entry_is_a_clear_error()
    {
        using var sandbox = new GoSandbox();
        sandbox.Environment["GOPATH"] = sandbox.GoPath + ":rel";
        // Go itself refuses to print its environment then; its own words reach the caller.
        var ex = Assert.Throws<GoModCacheException>(() => GoEnvironment.Load(sandbox.Go()));
        Assert.That(ex!.Message, Does.Contain("GOPATH entry is relative; must be absolute path"));
    }

    [Test]
    public void GOCACHE_off_means_no_build_cache()
    {
        using var sandbox = new GoSandbox();
        sandbox.Environment["GOCACHE"] = "off";
        var env = GoEnvironment.Load(sandbox.Go());
        Assert.Multiple(() =>
        {
            Assert.That(env.BuildCacheDisabled, Is.True);
            Assert.That(env.GoCache, Is.Null);
        });
        var ex = Assert.Throws<GoModCacheException>(() => BuildCacheInventory.Scan(env));
        Assert.That(ex!.Message, Does.Contain("GOCACHE=off"));
    }

    [Test]
    public void No_go_on_PATH_is_a_clear_error()
    {
        using var sandbox = new GoSandbox();
        var empty = sandbox.Dir("empty-bin");
        var ex = Assert.Throws<GoModCacheException>(() => GoToolLocator.Find(null, new Dictionary<string, string?> { ["PATH"] = empty }));
        Assert.That(ex!.Message, Does.Contain("'go' command was not found on PATH").And.Contain("Install Go"));
    }

    [Test]
    public void A_missing_explicit_go_path_is_a_clear_error()
    {
        var ex = Assert.Throws<GoModCacheException>(() => GoToolLocator.Find("/nonexistent/go"));
        Assert.That(ex!.Message, Does.Contain("'/nonexistent/go' does not exist"));
    }

    [Test]
    public void Go_is_found_through_GOROOT_when_not_on_PATH()
    {
        using var sandbox = new GoSandbox();
        var goroot = GoEnvironment.Load(sandbox.Go()).GoRoot;
        var found = GoToolLocator.Find(null, new Dictionary<string, string?> { ["PATH"] = sandbox.Dir("empty-bin"), ["GOROOT"] = goroot });
        Assert.That(found, Is.EqualTo(Path.Combine(goroot, "bin", "go")));
    }

    [Test]
    public void A_go_that_fails_gives_its_own_error_text()
    {
        using var sandbox = new GoSandbox();
        var fake = Path.Combine(sandbox.Dir("fake"), "go");
        File.WriteAllText(fake, "#!/bin/sh\necho 'go: cannot find GOROOT directory: /broken' >&2\nexit 2\n");
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.UserWrite);
        var ex = Assert.Throws<GoModCacheException>(() => GoEnvironment.Load(new GoCommand(fake)));
        Assert.That(ex!.Message, Does.Contain("exited with code 2").And.Contain("cannot find GOROOT directory: /broken"));
    }

    [Test]
    public void Output_that_is_not_json_is_a_clear_error()
    {
        var ex = Assert.Throws<GoModCacheException>(() => GoEnvironment.Parse("/usr/bin/go", "GOMODCACHE=/x"));
        Assert.That(ex!.Message, Does.Contain("not a JSON object"));
    }

    [TestCase("go1.23.5", 1, 23, 5)]
    [TestCase("go1.21", 1, 21, 0)]
    [TestCase("go1.22rc1", 1, 22, 0)]
    public void Go_versions_parse(string text, int major, int minor, int build)
    {
        Assert.That(GoEnvironment.ParseGoVersion(text), Is.EqualTo(new System.Version(major, minor, build)));
    }

    [Test]
    public void A_development_go_version_does_not_parse()
    {
        Assert.That(GoEnvironment.ParseGoVersion("devel +abc"), Is.Null);
    }
}
