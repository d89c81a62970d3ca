using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Cake.GoModCache.Caches;
using Cake.GoModCache.Env;
using Cake.GoModCache.Export;
using Cake.GoModCache.Modules;
using Cake.GoModCache.Workflow;
using GoModCache.TestSupport;
using NUnit.Framework;

namespace Cake.GoModCache.Tests;

/// <summary>
/// Private modules: the typed GONOPROXY / GONOSUMDB / GOINSECURE settings reach go, and a GOPROXY URL with
/// credentials or a .netrc password never shows in a log line (diagnostic verbosity), an exception message, a
/// report or an exported file, whether the aliases succeed or fail.
/// </summary>
public class PrivateModuleSecretTests
{
    private GoSandbox _sandbox = null!;
    private string _project = null!;
    private string _secret = null!;

    [SetUp]
    public void PrivateProxyWithCredentials()
    {
        _sandbox = new GoSandbox("secret");
        var lib = _sandbox.Proxy.Add("corp.example.com/lib", "v1.0.0");
        _sandbox.PublishProxy();
        _project = _sandbox.WriteProject("svc", lib);
        _sandbox.MustGo(_project, "mod", "tidy");
        _secret = "S3cr3t-" + Guid.NewGuid().ToString("N");
        File.WriteAllText(Path.Combine(_sandbox.Home, ".netrc"), $"machine 127.0.0.1 login agent password {_secret}\n");
        _sandbox.Environment["NETRC"] = Path.Combine(_sandbox.Home, ".netrc");
    }

    [TearDown]
    public void Cleanup() => _sandbox.Dispose();

    [Test]
    public void Typed_private_module_settings_reach_go()
    {
        var fixture = new CakeFixture(realProcesses: true);
        var env = fixture.Context.GoEnv(new GoEnvSettings { GoPrivate = "corp.example.com", GoNoProxy = "corp.example.com/direct", GoNoSumDb = "corp.example.com/nosum", GoInsecure = "corp.example.com/plain" }.For(_sandbox, _project));
        Assert.Multiple(() =>
        {
            Assert.That(env.GoPrivate, Is.EqualTo("corp.example.com"));
            Assert.That(env.Values["GONOPROXY"], Is.EqualTo("corp.example.com/direct"));
            Assert.That(env.GoNoSumDb, Is.EqualTo("corp.example.com/nosum"));
            Assert.That(env.Values["GOINSECURE"], Is.EqualTo("corp.example.com/plain"));
        });
    }

    [Test]
    public void A_goproxy_with_credentials_and_a_netrc_password_never_show_in_logs_reports_exports_or_exceptions()
    {
        var fixture = new CakeFixture(realProcesses: true);
        var outputs = _sandbox.Dir("outputs");
        var failures = new List<string>();
        var unreachable = $"http://agent:{_secret}@127.0.0.1:9/goproxy";
        void Try(Action action)
        {
            try
            {
                action();
            }
            catch (Exception ex)
            {
                for (var e = ex; e != null; e = e.InnerException)
                {
                    failures.Add(e.GetType().Name + ": " + e.Message);
                }
            }
        }

        T Private<T>(T settings, string proxy)
            where T : GoSettings
        {
            settings.For(_sandbox, _project);
            settings.GoProxy = proxy;
            settings.GoNoSumDb = "corp.example.com";
            return settings;
        }

        // Failing: the credentialed proxy is unreachable and the cache is empty.
        Try(() => fixture.Context.GoEnv(Private(new GoEnvSettings(), unreachable)));
        Try(() => fixture.Context.GoModDownload(Private(new GoModDownloadSettings(), unreachable)));
        Try(() => fixture.Context.GoBuildAndClean(Private(new GoBuildAndCleanSettings { Output = Path.Combine(outputs, "a") }, unreachable)));
        Try(() => fixture.Context.GoContainerBuild(Private(new GoContainerBuildSettings { Output = Path.Combine(outputs, "b") }, unreachable)));
        Try(() => fixture.Context.GoModExportProxy(Private(new GoModExportProxySettings { OutputDirectory = Path.Combine(outputs, "export-failed") }, unreachable)));

        // Succeeding: the same credentials in a proxy list whose first entry serves everything.
        var working = _sandbox.Environment["GOPROXY"] + "," + unreachable;
        Try(() => fixture.Context.GoModExportProxy(Private(new GoModExportProxySettings { OutputDirectory = Path.Combine(outputs, "export") }, working)));
        Try(() => fixture.Context.GoModCacheCheck(Private(new GoModCacheCheckSettings { ModCacheLimit = "1 KiB", ReportJson = Path.Combine(outputs, "check.json"), ReportMarkdown = Path.Combine(outputs, "check.md"), WriteJobSummary = false }, working)));
        Try(() =>
        {
            var prune = Private(new GoModCachePruneSettings { SizeLimit = "0", ReportJson = Path.Combine(outputs, "prune.json"), ReportMarkdown = Path.Combine(outputs, "prune.md"), WriteJobSummary = false }, working);
            fixture.Context.GoModCachePrune(prune);
        });
        Try(() => fixture.Context.GoBuildAndClean(Private(new GoBuildAndCleanSettings { Output = Path.Combine(outputs, "c") }, working)));

        Assert.That(failures, Is.Not.Empty, "the unreachable proxy made some aliases fail");
        Assert.That(File.Exists(Path.Combine(outputs, "c")), Is.True, "the build through the credentialed proxy list worked: " + string.Join("\n", failures));
        var leaks = new List<string>();
        leaks.AddRange(fixture.Log.Entries.Where(e => e.Text.Contains(_secret, StringComparison.Ordinal)).Select(e => "log: " + e.Text));
        leaks.AddRange(failures.Where(f => f.Contains(_secret, StringComparison.Ordinal)).Select(f => "exception: " + f));
        foreach (var file in Directory.EnumerateFiles(outputs, "*", SearchOption.AllDirectories))
        {
            if (File.ReadAllBytes(file).AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(_secret)) >= 0)
            {
                leaks.Add("file: " + file);
            }
        }

        Assert.That(leaks, Is.Empty);
    }
}
