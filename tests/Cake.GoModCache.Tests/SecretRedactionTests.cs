using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Cake.Core;
using Cake.GoModCache.Build;
using Cake.GoModCache.Caches;
using Cake.GoModCache.Export;
using Cake.GoModCache.Modules;
using Cake.GoModCache.Workflow;
using GoCaches.Go;
using GoModCache.TestSupport;
using NUnit.Framework;

namespace Cake.GoModCache.Tests;

/// <summary>
/// Credentials in GOPROXY (a token as the user name, which Go itself prints, and a password) and in .netrc never
/// reach a log line, a report, an exported file or an exception message of the aliases.
/// </summary>
public class SecretRedactionTests
{
    private const string Token = "ghp_T0kenInUserName4242";
    private const string Password = "pw-s3cr3t-in-goproxy";
    private const string NetrcPassword = "netrc-s3cr3t-9012";

    private GoSandbox _sandbox = null!;
    private string _project = null!;
    private string _netrc = null!;

    [SetUp]
    public void CreateProject()
    {
        _sandbox = new GoSandbox("secrets");
        var a = _sandbox.Proxy.Add("example.com/a", "v1.0.0");
        _sandbox.PublishProxy();
        _project = _sandbox.WriteProject("app", a);
        _sandbox.MustGo(_project, "mod", "tidy");
        _sandbox.MustGo(_project, "clean", "-modcache");
        _netrc = Path.Combine(_sandbox.Root, "netrc");
        File.WriteAllText(_netrc, $"machine 127.0.0.1\n  login ci-bot\n  password {NetrcPassword}\n");
    }

    [TearDown]
    public void Cleanup() => _sandbox.Dispose();

    [Test]
    public void No_alias_shows_a_credential_of_the_proxy_or_of_netrc()
    {
        // The module cache is empty: every alias that needs a module goes to the (unreachable) proxy and fails.
        T Secret<T>(T settings, string proxy)
            where T : GoSettings
        {
            settings.For(_sandbox, _project);
            settings.GoProxy = proxy;
            settings.EnvironmentVariables["NETRC"] = _netrc;
            settings.GoInsecure = "example.com";
            return settings;
        }

        var withToken = $"https://{Token}@127.0.0.1:9/goproxy";
        var withPassword = $"https://ci-bot:{Password}@127.0.0.1:9/goproxy";

        // Go itself prints the token (it masks only a password): without the redaction it would be shown.
        var raw = new GoCommand(TestGo.Executable, new Dictionary<string, string?>(_sandbox.Environment) { ["GOPROXY"] = withToken }, _project).Run("mod", "download", "-json");
        Assert.That(raw.StandardOutput + raw.StandardError, Does.Contain(Token), "go prints the token itself");

        var fixture = new CakeFixture(realProcesses: true);
        var reports = Directory.CreateDirectory(Path.Combine(_sandbox.Root, "reports")).FullName;
        var messages = new List<string>();
        void Fails(string what, Action run)
        {
            var ex = Assert.Catch<Exception>(() => run(), what + " fails: the proxy is unreachable");
            for (var e = ex; e != null; e = e.InnerException)
            {
                messages.Add(e.Message);
            }
        }

        foreach (var proxy in new[] { withToken, withPassword })
        {
            Fails("GoModDownload", () => fixture.Context.GoModDownload(Secret(new GoModDownloadSettings(), proxy)));
            Fails("GoBuild", () => fixture.Context.GoBuild(Secret(new GoBuildSettings(), proxy)));
            Fails("GoBuildAndClean", () => fixture.Context.GoBuildAndClean(Secret(new GoBuildAndCleanSettings { ReportHtml = Path.Combine(reports, "build.html") }, proxy)));
            fixture.Context.GoModCacheCheck(Secret(new GoModCacheCheckSettings { ModCacheSizeLimit = "1 GiB", ReportJson = Path.Combine(reports, "check.json"), ReportMarkdown = Path.Combine(reports, "check.md") }, proxy));
        }

        // With the modules in the cache, the export and the prune work with the same settings.
        _sandbox.MustGo(_project, "mod", "download");
        var export = fixture.Context.GoModExportProxy(Secret(new GoModExportProxySettings { OutputDirectory = Path.Combine(reports, "goproxy") }, withPassword));
        Assert.That(export.Modules, Is.Not.Empty);
        var prune = Secret(new GoModCachePruneSettings { ReportJson = Path.Combine(reports, "prune.json"), ReportMarkdown = Path.Combine(reports, "prune.md"), DryRun = true }, withToken);
        prune.KeepProjects.Add(_project);
        fixture.Context.GoModCachePrune(prune);

        var log = string.Join("\n", fixture.Log.Entries.Select(e => e.Text));
        var files = Directory.EnumerateFiles(reports, "*", SearchOption.AllDirectories).ToList();
        Assert.That(files.Count, Is.GreaterThanOrEqualTo(6), string.Join("\n", files));
        Assert.Multiple(() =>
        {
            Assert.That(log, Does.Contain("xxxxx@127.0.0.1:9/goproxy"), "Go's error line is logged, masked");
            Assert.That(messages, Has.Some.Contains("xxxxx@127.0.0.1"), "and carried by the exception, masked");
            foreach (var secret in new[] { Token, Password, NetrcPassword })
            {
                Assert.That(log, Does.Not.Contain(secret), "log");
                Assert.That(messages, Has.None.Contains(secret), "exception messages");
                foreach (var file in files)
                {
                    Assert.That(File.ReadAllBytes(file).AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(secret)), Is.EqualTo(-1), file);
                }
            }
        });
    }
}
