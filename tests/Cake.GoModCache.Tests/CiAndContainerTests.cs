using System.IO;
using Cake.GoModCache.CacheKeys;
using Cake.GoModCache.Export;
using Cake.GoModCache.Workflow;
using GoCaches.Go;
using GoCaches.Inventory;
using GoModCache.TestSupport;
using NUnit.Framework;

namespace Cake.GoModCache.Tests;

/// <summary>Cache keys, the exported module proxy and the container step, against real go.</summary>
public class CiAndContainerTests
{
    private GoSandbox _sandbox = null!;
    private string _project = null!;

    [SetUp]
    public void CreateProject()
    {
        _sandbox = new GoSandbox("ci");
        var used = _sandbox.Proxy.Add("example.com/Used", "v1.0.0", m => m.Require("example.com/graphonly", "v0.1.0"));
        _sandbox.Proxy.Add("example.com/graphonly", "v0.1.0");
        _sandbox.Proxy.Add("example.com/unrelated", "v1.3.0");
        _sandbox.PublishProxy();
        _project = _sandbox.WriteProject("svc", used);
        _sandbox.MustGo(_project, "mod", "tidy");
        _sandbox.MustGo(_sandbox.Dir("other"), "mod", "download", "example.com/unrelated@v1.3.0");
    }

    [TearDown]
    public void Cleanup() => _sandbox.Dispose();

    [Test]
    public void The_exported_proxy_has_exactly_what_the_project_needs_and_builds_it_offline()
    {
        var fixture = new CakeFixture(realProcesses: true);
        var exportDir = Path.Combine(_sandbox.Root, "export");
        var export = fixture.Context.GoModExportProxy(new GoModExportProxySettings { OutputDirectory = exportDir }.For(_sandbox, _project));

        Assert.Multiple(() =>
        {
            Assert.That(export.Modules, Does.Contain("example.com/Used@v1.0.0"));
            Assert.That(export.Modules, Has.None.Contains("unrelated"), "a module the project does not need is not exported");
            Assert.That(File.Exists(Path.Combine(exportDir, "example.com", "!used", "@v", "v1.0.0.zip")), Is.True);
            Assert.That(File.ReadAllText(Path.Combine(exportDir, "example.com", "!used", "@v", "list")), Is.EqualTo("v1.0.0\n"));
            Assert.That(export.Size.Bytes, Is.GreaterThan(0));
        });

        // Wipe the cache, then build with nothing but the exported proxy; go.sum still verifies.
        GoSandbox.ForceDelete(_sandbox.GoModCache);
        _sandbox.Environment["GOPROXY"] = export.GoProxyUrl;
        _sandbox.Environment["GOFLAGS"] = "-mod=readonly";
        _sandbox.MustGo(_project, "build", "-o", Path.Combine(_sandbox.Root, "offline"), ".");
        Assert.That(DiskOracle.Run(Path.Combine(_sandbox.Root, "offline")), Does.Contain("example.com/Used@v1.0.0"));
    }

    [Test]
    public void A_tampered_export_fails_go_sum_verification()
    {
        var fixture = new CakeFixture(realProcesses: true);
        var exportDir = Path.Combine(_sandbox.Root, "export");
        var export = fixture.Context.GoModExportProxy(new GoModExportProxySettings { OutputDirectory = exportDir }.For(_sandbox, _project));
        var zip = Path.Combine(exportDir, "example.com", "!used", "@v", "v1.0.0.zip");
        using (var archive = System.IO.Compression.ZipFile.Open(zip, System.IO.Compression.ZipArchiveMode.Update))
        {
            using var writer = new StreamWriter(archive.CreateEntry("example.com/Used@v1.0.0/extra.go").Open());
            writer.Write("package used\n");
        }

        GoSandbox.ForceDelete(_sandbox.GoModCache);
        _sandbox.Environment["GOPROXY"] = export.GoProxyUrl;
        _sandbox.Environment["GOFLAGS"] = "-mod=readonly";
        var result = _sandbox.Go(_project).Run("build", "-o", Path.Combine(_sandbox.Root, "offline"), ".");
        Assert.That(result.StandardError, Does.Contain("checksum mismatch"));
    }

    [Test]
    public void The_cache_key_hashes_the_repository_go_sums_but_not_the_module_cache()
    {
        var fixture = new CakeFixture(realProcesses: true);
        var githubOutput = Path.Combine(_sandbox.Root, "github-output");
        File.WriteAllText(githubOutput, string.Empty);
        var settings = new GoModCacheKeySettings { Root = _sandbox.Root, KeyFile = Path.Combine(_sandbox.Root, "key.txt") }.For(_sandbox, _project);
        var old = System.Environment.GetEnvironmentVariable("GITHUB_OUTPUT");
        try
        {
            System.Environment.SetEnvironmentVariable("GITHUB_OUTPUT", githubOutput);
            var key = fixture.Context.GoModCacheKey(settings);
            Assert.Multiple(() =>
            {
                Assert.That(key.Files, Is.EqualTo(new[] { "projects/svc/go.sum" }), "the module cache (inside the sandbox) is not hashed");
                Assert.That(key.RestoreKey, Is.EqualTo($"gomodcache-linux-{GoEnvironment.Load(_sandbox.Go()).GoArch}-{TestGo.Version}-"));
                Assert.That(key.BuildCache, Is.Not.Null, "a build cache key comes with the module cache key");
                Assert.That(File.ReadAllText(githubOutput), Is.EqualTo(
                    $"key={key.Key}\nkey-restore={key.RestoreKey}\n" +
                    $"build-key={key.BuildCache!.Key}\nbuild-key-restore={key.BuildCache.RestoreKey}\nbuild-key-restore-any={key.BuildCache.RestoreKeys[^1]}\n" +
                    $"std-key={key.StdCache!.Key}\n"));
                Assert.That(File.ReadAllText(Path.Combine(_sandbox.Root, "key.txt")).Trim(), Is.EqualTo(key.Key));
            });
        }
        finally
        {
            System.Environment.SetEnvironmentVariable("GITHUB_OUTPUT", old);
        }
    }

    [Test]
    public void The_container_step_builds_from_the_exported_proxy_and_leaves_no_cache()
    {
        var fixture = new CakeFixture(realProcesses: true);
        var exportDir = Path.Combine(_sandbox.Root, "export");
        fixture.Context.GoModExportProxy(new GoModExportProxySettings { OutputDirectory = exportDir }.For(_sandbox, _project));
        GoSandbox.ForceDelete(_sandbox.GoModCache);

        // As in a Dockerfile stage: a throwaway GOPATH/GOCACHE, the proxy from the build context, no other proxy.
        _sandbox.Environment["GOPROXY"] = "off";
        var binary = Path.Combine(_sandbox.Root, "out", "svc");
        var result = fixture.Context.GoContainerBuild(new GoContainerBuildSettings { Output = binary, ProxyDirectory = exportDir }.For(_sandbox, _project));
        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(binary), Is.True);
            Assert.That(DiskOracle.IsEmptyCache(_sandbox.GoModCache), Is.True);
            Assert.That(BuildCacheInventory.Scan(_sandbox.GoCache).Entries.Files, Is.Zero);
            Assert.That(result.BytesFreed, Is.GreaterThan(0));
            Assert.That(fixture.Log.Text, Does.Contain("out of the image layer"));
        });
    }
}
