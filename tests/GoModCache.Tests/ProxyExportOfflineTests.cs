using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoCaches.Export;
using GoCaches.Go;
using GoCaches.Modules;
using GoModCache.TestSupport;
using NUnit.Framework;

namespace GoModCache.Tests;

/// <summary>
/// Issue 11, item 3: exports that always build offline. Each case builds from the export alone
/// (<c>GOPROXY=file://&lt;export&gt;</c>, empty module and build caches, nothing else reachable).
/// </summary>
public class ProxyExportOfflineTests
{
    private GoSandbox _sandbox = null!;

    [SetUp]
    public void CreateSandbox() => _sandbox = new GoSandbox("offline");

    [TearDown]
    public void Cleanup() => _sandbox.Dispose();

    [Test]
    public void A_project_that_needs_a_newer_Go_exports_the_toolchain_module_and_switches_to_it_offline()
    {
        // Go 1.21 or later switches toolchains; the builder is the test's go when it can, else Debian's Go 1.23.
        var goExe = GoVersion(TestGo.Executable) >= 21 ? TestGo.Executable : "/usr/lib/go-1.23/bin/go";
        if (!File.Exists(goExe))
        {
            Assert.Fail($"The toolchain switch needs Go 1.21 or later: the test's go is older and {goExe} is missing (.ci/install-go.sh installs it).");
        }

        var goRoot = Path.GetDirectoryName(Path.GetDirectoryName(goExe))!;
        var hostArch = new GoCommand(goExe, _sandbox.Environment).Run("env", "GOHOSTARCH").StandardOutput.Trim();
        var marker = Path.Combine(_sandbox.Root, "stand-in.log");

        // The stand-in for go1.99.0: a bin/go script that says it ran, then hands the command to the real Go as a
        // target toolchain does (no switch marker, its own GOROOT).
        var script = "#!/bin/sh\n" +
                     $"echo \"go1.99.0 stand-in: $*\" >> '{marker}'\n" +
                     "unset GOTOOLCHAIN_INTERNAL_SWITCH_VERSION GOTOOLCHAIN_INTERNAL_SWITCH_COUNT\n" +
                     $"GOROOT='{goRoot}' GOTOOLCHAIN=local exec '{goExe}' \"$@\"\n";
        var toolchain = $"v0.0.1-go1.99.0.linux-{hostArch}";
        // Go 1.23 makes bin/ and pkg/tool/ executable after the download (toolchain.Exec), so both must exist.
        _sandbox.Proxy.Add("golang.org/toolchain", toolchain, m => m
            .WithFile("bin/go", script)
            .WithFile("bin/gofmt", "#!/bin/sh\nexit 0\n")
            .WithFile($"pkg/tool/linux_{hostArch}/README", "stand-in tools\n"));
        _sandbox.Proxy.Add("golang.org/toolchain", "v0.0.1-go1.99.0.linux-arm64", m => m.WithFile("bin/go", "#!/bin/sh\nexit 1\n"));
        var lib = _sandbox.Proxy.Add("example.com/lib", "v1.0.0");
        _sandbox.PublishProxy();
        var project = _sandbox.WriteProject("newer", lib);
        var goMod = Path.Combine(project, "go.mod");
        File.WriteAllText(goMod, File.ReadAllText(goMod).Replace("go 1.18\n", "go 1.21\n\ntoolchain go1.99.0\n", StringComparison.Ordinal));
        _sandbox.Environment["GOTOOLCHAIN"] = "auto";

        // Online, against the test proxy: Go switches to the stand-in (the project needs go1.99.0), which builds.
        Build(new GoCommand(goExe, _sandbox.Environment, project), Path.Combine(_sandbox.Root, "online"));
        Assert.That(File.ReadAllText(marker), Does.Contain("go1.99.0 stand-in: build"), "the online build switched");
        File.Delete(marker);

        var exportDir = Path.Combine(_sandbox.Root, "export");
        var export = ProxyExporter.Export(new GoCommand(goExe, _sandbox.Environment), new ProxyExportRequest(exportDir, [project]) { ToolchainPlatforms = ["linux/arm64"] });
        Assert.Multiple(() =>
        {
            Assert.That(export.Projects[0].Toolchain, Is.EqualTo("go1.99.0"));
            Assert.That(export.Modules, Does.Contain("golang.org/toolchain@" + toolchain).And.Contain("golang.org/toolchain@v0.0.1-go1.99.0.linux-arm64").And.Contain("example.com/lib@v1.0.0"));
            Assert.That(File.ReadAllText(Path.Combine(exportDir, "golang.org", "toolchain", "@v", "list")), Does.Contain(toolchain + "\n"));
            Assert.That(File.Exists(Path.Combine(exportDir, "golang.org", "toolchain", "@v", toolchain + ".zip")), Is.True);
        });

        // Offline: empty caches, the export the only proxy; the switch still happens and the build succeeds.
        File.Delete(marker);
        var env = Agent("offline-agent", export.GoProxyUrl);
        env["GOTOOLCHAIN"] = "auto";
        Build(new GoCommand(goExe, env, project), Path.Combine(_sandbox.Root, "offline"));
        Assert.That(File.ReadAllText(marker), Does.Contain("go1.99.0 stand-in: build"), "the offline build switched to the exported toolchain");
    }

    [Test]
    public void A_project_whose_toolchain_the_builder_meets_exports_no_toolchain()
    {
        var lib = _sandbox.Proxy.Add("example.com/lib", "v1.0.0");
        _sandbox.PublishProxy();
        var project = _sandbox.WriteProject("plain", lib);
        _sandbox.Environment["GOTOOLCHAIN"] = "auto";
        var export = ProxyExporter.Export(_sandbox.Go(), new ProxyExportRequest(Path.Combine(_sandbox.Root, "export"), [project]));
        Assert.Multiple(() =>
        {
            Assert.That(export.Projects[0].Toolchain, Is.Null);
            Assert.That(export.Modules, Has.None.StartsWith("golang.org/toolchain"));
        });
    }

    [Test]
    public void A_vendored_project_exports_nothing_and_builds_without_a_module_cache()
    {
        var lib = _sandbox.Proxy.Add("example.com/lib", "v1.0.0");
        _sandbox.PublishProxy();
        var project = _sandbox.WriteProject("vendored", lib);
        _sandbox.MustGo(project, "mod", "tidy");
        _sandbox.MustGo(project, "mod", "vendor");
        _sandbox.Environment["GOFLAGS"] = string.Empty;

        var exportDir = Path.Combine(_sandbox.Root, "export");
        var export = ProxyExporter.Export(_sandbox.Go(), new ProxyExportRequest(exportDir, [project]));
        var keep = ProjectRequirements.Load(project);
        Assert.Multiple(() =>
        {
            Assert.That(export.Projects[0].Vendored, Is.True);
            Assert.That(export.Projects[0].Modules, Is.Empty);
            Assert.That(export.Modules, Is.Empty, "a vendored build needs nothing from a proxy");
            Assert.That(keep.Vendored, Is.EqualTo(new[] { project }), "the prune keep-set says so too");
            Assert.That(keep.Modules, Is.Empty, "and keeps nothing in the module cache for it");
        });

        // No -mod=mod here: Go's default for a vendored module is -mod=vendor.
        var env = Agent("agent", export.GoProxyUrl);
        env["GOFLAGS"] = string.Empty;
        Build(new GoCommand(TestGo.Executable, env, project), Path.Combine(_sandbox.Root, "offline"));
        Assert.That(DiskOracle.IsEmptyCache(env["GOMODCACHE"]!), Is.True, "the build used no module cache");

        // With -mod=mod the vendor folder is bypassed, and the export exports the module graph instead.
        _sandbox.Environment["GOFLAGS"] = "-mod=mod";
        var bypassed = ProxyExporter.Export(_sandbox.Go(), new ProxyExportRequest(Path.Combine(_sandbox.Root, "export2"), [project]));
        Assert.Multiple(() =>
        {
            Assert.That(bypassed.Projects[0].Vendored, Is.False);
            Assert.That(bypassed.Modules, Does.Contain("example.com/lib@v1.0.0"));
        });
    }

    [Test]
    public void A_workspace_exports_every_module_it_uses_and_each_builds_offline()
    {
        var libA = _sandbox.Proxy.Add("example.com/liba", "v1.0.0", m => m.Require("example.com/deep", "v0.2.0"));
        _sandbox.Proxy.Add("example.com/deep", "v0.2.0");
        var libB = _sandbox.Proxy.Add("example.com/libb", "v1.1.0");
        _sandbox.Proxy.Add("example.com/unused", "v9.0.0");
        _sandbox.PublishProxy();
        var a = _sandbox.WriteProject("a", libA);
        var b = _sandbox.WriteProject("b", libB);
        _sandbox.MustGo(a, "mod", "tidy");
        _sandbox.MustGo(b, "mod", "tidy");
        var ws = Path.GetDirectoryName(a)!;
        File.WriteAllText(Path.Combine(ws, "go.work"), "go 1.18\n\nuse (\n\t./a\n\t./b\n)\n");

        var exportDir = Path.Combine(_sandbox.Root, "export");
        var export = ProxyExporter.Export(_sandbox.Go(), new ProxyExportRequest(exportDir, [ws]));
        Assert.Multiple(() =>
        {
            Assert.That(export.Projects[0].Workspace, Is.True);
            Assert.That(export.Modules, Is.EquivalentTo(new[] { "example.com/deep@v0.2.0", "example.com/liba@v1.0.0", "example.com/libb@v1.1.0" }));
        });

        // The workspace builds from the export (workspace mode: Go allows no -mod=mod there, so GOFLAGS is empty) ...
        var env = Agent("ws-agent", export.GoProxyUrl);
        env["GOWORK"] = Path.Combine(ws, "go.work");
        env["GOFLAGS"] = string.Empty;
        Build(new GoCommand(TestGo.Executable, env, ws), Path.Combine(_sandbox.Root, "ws-a"), "./a");
        Build(new GoCommand(TestGo.Executable, env, ws), Path.Combine(_sandbox.Root, "ws-b"), "./b");

        // ... and so does each of its modules on its own, with -mod=mod and a fresh module cache (the build cache is
        // the workspace agent's: compiling the standard library again would prove nothing about the export).
        foreach (var module in new[] { a, b })
        {
            var alone = Agent("agent-" + Path.GetFileName(module), export.GoProxyUrl);
            alone["GOCACHE"] = env["GOCACHE"];
            Build(new GoCommand(TestGo.Executable, alone, module), Path.Combine(_sandbox.Root, "alone-" + Path.GetFileName(module)));
        }
    }

    private static int GoVersion(string goExe)
    {
        var version = new GoCommand(goExe).Run("env", "GOVERSION").StandardOutput.Trim();
        return version.StartsWith("go1.", StringComparison.Ordinal) && int.TryParse(version[4..].Split('.')[0], out var minor) ? minor : 0;
    }

    private static void Build(GoCommand go, string output, string package = ".")
    {
        string[] args = ["build", "-o", output, package];
        var result = go.Run(args);
        Assert.That(result.Succeeded, Is.True, go.Describe(args, result));
        Assert.That(DiskOracle.Run(output), Does.Contain("hello"));
    }

    // A fresh agent: empty module and build caches, the export the only proxy.
    private Dictionary<string, string?> Agent(string name, string goProxy)
    {
        var agent = _sandbox.Dir(name);
        return new Dictionary<string, string?>(_sandbox.Environment)
        {
            ["GOPATH"] = Path.Combine(agent, "gopath"),
            ["GOMODCACHE"] = Path.Combine(agent, "gopath", "pkg", "mod"),
            ["GOCACHE"] = Path.Combine(agent, "gocache"),
            ["GOPROXY"] = goProxy,
            ["GOSUMDB"] = "off",
            ["GOFLAGS"] = "-mod=mod",
            ["GOTOOLCHAIN"] = "local",
        };
    }
}
