using System.IO;
using System.Linq;
using Cake.Core;
using Cake.GoModCache.Modules;
using Cake.GoModCache.Test;
using GoModCache.TestSupport;
using NUnit.Framework;

namespace Cake.GoModCache.Tests;

/// <summary>The module and test aliases against real go, through Cake's real process runner.</summary>
public class RealGoAliasTests
{
    private GoSandbox _sandbox = null!;
    private string _project = null!;

    [SetUp]
    public void CreateProject()
    {
        _sandbox = new GoSandbox("aliases");
        var a = _sandbox.Proxy.Add("example.com/a", "v1.0.0");
        var b = _sandbox.Proxy.Add("example.com/B", "v0.2.0");
        _sandbox.PublishProxy();
        _project = _sandbox.WriteProject("app", a, b);
        _sandbox.MustGo(_project, "mod", "tidy");
    }

    [TearDown]
    public void Cleanup() => _sandbox.Dispose();

    [Test]
    public void GoModDownload_returns_where_go_put_each_module()
    {
        var fixture = new CakeFixture(realProcesses: true);
        var records = fixture.Context.GoModDownload(new GoModDownloadSettings().For(_sandbox, _project));
        Assert.That(records.Select(r => r.ToString()), Is.EquivalentTo(new[] { "example.com/a@v1.0.0", "example.com/B@v0.2.0" }));
        var b = records.Single(r => r.Path == "example.com/B");
        Assert.Multiple(() =>
        {
            Assert.That(b.Dir, Is.EqualTo(Path.Combine(_sandbox.GoModCache, "example.com", "!b@v0.2.0")));
            Assert.That(File.Exists(b.Zip), Is.True);
            Assert.That(b.Sum, Does.StartWith("h1:"));
            Assert.That(b.GoModSum, Does.StartWith("h1:"));
        });
    }

    [Test]
    public void GoModVerify_names_a_module_whose_cached_source_was_changed()
    {
        var fixture = new CakeFixture(realProcesses: true);
        fixture.Context.GoModDownload(new GoModDownloadSettings().For(_sandbox, _project));
        var clean = fixture.Context.GoModVerify(new GoModVerifySettings().For(_sandbox, _project));
        Assert.That(clean.AllVerified, Is.True);
        Assert.That(clean.Verified, Is.EquivalentTo(new[] { "example.com/a@v1.0.0", "example.com/B@v0.2.0" }));

        var file = Path.Combine(_sandbox.GoModCache, "example.com", "a@v1.0.0", "name.go");
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.AppendAllText(file, "// tampered\n");
        var result = fixture.Context.GoModVerify(new GoModVerifySettings().For(_sandbox, _project));
        Assert.Multiple(() =>
        {
            Assert.That(result.AllVerified, Is.False);
            Assert.That(result.Modified.Select(m => $"{m.Path}@{m.Version}"), Is.EqualTo(new[] { "example.com/a@v1.0.0" }));
            Assert.That(result.Modified[0].Problem, Does.StartWith("dir has been modified"));
            Assert.That(result.Verified, Is.EqualTo(new[] { "example.com/B@v0.2.0" }));
        });
        Assert.Throws<CakeException>(() => fixture.Context.GoModVerify(new GoModVerifySettings { FailOnModified = true }.For(_sandbox, _project)));
    }

    [Test]
    public void GoTest_counts_real_results_and_fails_on_a_failing_test()
    {
        File.WriteAllText(Path.Combine(_project, "main_test.go"), """
            package main

            import "testing"

            func TestGood(t *testing.T) {}
            func TestSkipped(t *testing.T) { t.Skip("not today") }
            func TestBad(t *testing.T) {
            	t.Run("inner", func(t *testing.T) { t.Fatal("inner broke") })
            }
            """.Replace("\r\n", "\n"));
        var fixture = new CakeFixture(realProcesses: true);
        var ex = Assert.Throws<CakeException>(() => fixture.Context.GoTest(new GoTestSettings { Count = 1 }.For(_sandbox, _project)));
        Assert.That(ex!.Message, Does.Contain("example.com/app/app.TestBad/inner"));
        Assert.That(fixture.Log.Text, Does.Contain("inner broke"));

        var result = fixture.Context.GoTest(new GoTestSettings { Count = 1, FailOnTestFailure = false }.For(_sandbox, _project));
        Assert.Multiple(() =>
        {
            Assert.That(result.Passed, Is.EqualTo(1));
            Assert.That(result.Failed, Is.EqualTo(1));
            Assert.That(result.Skipped, Is.EqualTo(1));
            Assert.That(result.FailedTests, Is.EquivalentTo(new[] { "example.com/app/app.TestBad/inner", "example.com/app/app.TestBad" }));
        });
    }
}
