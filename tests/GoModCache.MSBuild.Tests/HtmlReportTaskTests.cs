using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using GoCaches.Inventory;
using GoModCache.TestSupport;
using NUnit.Framework;

namespace GoModCache.MSBuild.Tests;

/// <summary>
/// Issue 14: the ReportHtml parameter of GoBuildCacheTrim, GoModCacheSize, GoModCacheCheck and GoClean, run by hand
/// against caches a real go filled: the page is written, self-contained, and its totals are the task's outputs.
/// </summary>
public partial class HtmlReportTaskTests
{
    private GoSandbox _sandbox = null!;
    private string _app = null!;

    [SetUp]
    public void FillTheCaches()
    {
        _sandbox = new GoSandbox("msbuild-html");
        var seed = GoSandbox.WithSharedBuildCache("msbuild-html-seed");
        try
        {
            seed.MustGo(seed.WriteProject("seed"), "build", "-o", "app.bin", ".");
        }
        finally
        {
            seed.Dispose();
        }

        DiskOracle.Run("cp", "-a", GoSandbox.SharedBuildCache + "/.", _sandbox.GoCache);
        var lib = _sandbox.Proxy.Add("example.com/lib", "v1.0.0", m => m.WithBulk(5, 100));
        _sandbox.PublishProxy();
        _app = _sandbox.WriteProject("app", lib);
        _sandbox.MustGo(_app, "build", "-o", "app.bin", ".");
    }

    [TearDown]
    public void Cleanup() => _sandbox.Dispose();

    [Test]
    public void Trim_ReportHtml_pictures_the_build_cache_before_and_after_and_the_browser_loads_nothing_else()
    {
        var entries = BuildCacheEntries.Scan(_sandbox.GoCache, includeFuzz: false);
        foreach (var file in entries.Take(entries.Count / 2).SelectMany(e => e.Files))
        {
            File.SetLastWriteTimeUtc(file.Path, DateTime.UtcNow.AddDays(-9));
        }

        var html = Path.Combine(_sandbox.Root, "report", "trim.html");
        var engine = new RecordingBuildEngine();
        var task = new GoBuildCacheTrim { BuildEngine = engine, UnusedFor = "7", ReportHtml = html, WriteJobSummary = false, GoExecutable = TestGo.Executable, EnvironmentVariables = GoTasksTests.Environment(_sandbox) };
        Assert.That(task.Execute(), Is.True, engine.Log);
        Assert.That(task.BytesFreed, Is.GreaterThan(0), engine.Log);

        var page = AssertSelfContained(html, "trim");
        var totals = Totals(page);
        var after = BuildCacheInventory.Scan(_sandbox.GoCache).Total;
        Assert.Multiple(() =>
        {
            Assert.That(totals["buildCacheBytes"], Is.EqualTo((after.Bytes + task.BytesFreed, (long?)after.Bytes)), "before and after, freed = the task's BytesFreed");
            Assert.That(totals.ContainsKey("moduleCacheBytes"), Is.False, "a trim does not touch the module cache");
            Assert.That(engine.Warnings, Is.Empty, engine.Log);
        });

        using var browser = HeadlessChromium.Start();
        browser.Open(new Uri(html).AbsoluteUri, 1280, 800);
        var shown = browser.Evaluate("[...document.querySelectorAll('#totals tr[data-key]')].map(r => r.dataset.key + '=' + r.dataset.before + '>' + r.dataset.after)");
        Assert.Multiple(() =>
        {
            Assert.That(browser.Errors, Is.Empty, "no console errors");
            Assert.That(browser.Requests, Is.EqualTo(new[] { new Uri(html).AbsoluteUri }), "the page loads nothing but itself");
            Assert.That(shown.EnumerateArray().Select(e => e.GetString()), Does.Contain($"buildCacheBytes={after.Bytes + task.BytesFreed}>{after.Bytes}"));
        });
    }

    [Test]
    public void Size_and_check_ReportHtml_totals_are_the_tasks_outputs()
    {
        var env = GoTasksTests.Environment(_sandbox);
        var sizeHtml = Path.Combine(_sandbox.Root, "report", "size.html");
        var engine = new RecordingBuildEngine();
        var size = new GoModCacheSize { BuildEngine = engine, ReportHtml = sizeHtml, GoExecutable = TestGo.Executable, EnvironmentVariables = env };
        Assert.That(size.Execute(), Is.True, engine.Log);
        var sized = Totals(AssertSelfContained(sizeHtml, "size"));

        var checkHtml = Path.Combine(_sandbox.Root, "report", "check.html");
        var check = new GoModCacheCheck { BuildEngine = engine, ModCacheSizeLimit = "1 TiB", BuildCacheSizeLimit = "1 TiB", ReportHtml = checkHtml, GoExecutable = TestGo.Executable, EnvironmentVariables = env };
        Assert.That(check.Execute(), Is.True, engine.Log);
        var checkedTotals = Totals(AssertSelfContained(checkHtml, "check"));
        Assert.Multiple(() =>
        {
            Assert.That(size.ModCacheBytes, Is.GreaterThan(0));
            Assert.That(sized["moduleCacheBytes"], Is.EqualTo((size.ModCacheBytes, (long?)null)));
            Assert.That(sized["moduleCacheFiles"], Is.EqualTo((size.ModCacheFiles, (long?)null)));
            Assert.That(sized["moduleVersions"], Is.EqualTo(((long)size.ModuleVersions + size.Toolchains, (long?)null)));
            Assert.That(sized["buildCacheBytes"], Is.EqualTo((size.BuildCacheBytes, (long?)null)));
            Assert.That(sized["buildCacheFiles"], Is.EqualTo((size.BuildCacheFiles, (long?)null)));
            Assert.That(checkedTotals["moduleCacheBytes"], Is.EqualTo((check.ModCacheBytes, (long?)null)));
            Assert.That(checkedTotals["buildCacheBytes"], Is.EqualTo((check.BuildCacheBytes, (long?)null)));
            Assert.That(engine.Warnings, Is.Empty, engine.Log);
        });
    }

    [Test]
    public void Clean_ReportHtml_pictures_both_caches_before_and_after()
    {
        var before = ModuleCacheInventory.Scan(_sandbox.GoModCache).Total.Bytes;
        var html = Path.Combine(_sandbox.Root, "report", "clean.html");
        var engine = new RecordingBuildEngine();
        var clean = new GoClean { BuildEngine = engine, ModCache = true, Cache = true, ReportHtml = html, WaitForOtherBuildsSeconds = "0", GoExecutable = TestGo.Executable, EnvironmentVariables = GoTasksTests.Environment(_sandbox) };
        Assert.That(clean.Execute(), Is.True, engine.Log);
        var totals = Totals(AssertSelfContained(html, "clean"));
        Assert.Multiple(() =>
        {
            Assert.That(clean.ModCacheDeferred || clean.BuildCacheDeferred, Is.False, engine.Log);
            Assert.That(totals["moduleCacheBytes"].Before, Is.EqualTo(before));
            Assert.That(totals["moduleVersions"].After, Is.EqualTo(0));
            Assert.That(totals["buildCacheBytes"].Before - totals["buildCacheBytes"].After, Is.EqualTo(clean.BuildCacheBytesFreed), "freed = the task's BuildCacheBytesFreed");
            Assert.That(clean.BuildCacheBytesFreed, Is.GreaterThan(0));
        });
    }

    private static string AssertSelfContained(string html, string operation)
    {
        Assert.That(File.Exists(html), Is.True, html);
        var page = File.ReadAllText(html);
        Assert.Multiple(() =>
        {
            Assert.That(page, Does.Contain($"data-operation=\"{operation}\""));
            Assert.That(page, Does.Not.Contain("<script").And.Not.Contain("<link").And.Not.Contain(" src=").And.Not.Contain("url(http"));
        });
        return page;
    }

    private static Dictionary<string, (long Before, long? After)> Totals(string page) =>
        TotalRow().Matches(page).ToDictionary(
            m => m.Groups[1].Value,
            m => (long.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), m.Groups[3].Success ? long.Parse(m.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture) : (long?)null));

    [GeneratedRegex("<tr data-key=\"(\\w+)\" data-before=\"(\\d+)\"(?: data-after=\"(\\d+)\")?")]
    private static partial Regex TotalRow();
}
