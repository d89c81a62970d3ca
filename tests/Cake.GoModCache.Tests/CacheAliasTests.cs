using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Cake.Core;
using Cake.GoModCache.Caches;
using Cake.GoModCache.Workflow;
using GoCaches.Inventory;
using GoCaches.Pruning;
using GoModCache.TestSupport;
using NUnit.Framework;

namespace Cake.GoModCache.Tests;

/// <summary>Size, check, prune and clean aliases against caches real go filled.</summary>
public class CacheAliasTests
{
    private GoSandbox _sandbox = null!;
    private string _current = null!;
    private string _old = null!;

    [SetUp]
    public void Populate()
    {
        _sandbox = new GoSandbox("caches");
        var lib1 = _sandbox.Proxy.Add("example.com/lib", "v1.0.0", m => m.WithBulk(20, 1000));
        var lib2 = _sandbox.Proxy.Add("example.com/lib", "v1.1.0", m => m.WithBulk(20, 1000));
        var other = _sandbox.Proxy.Add("example.com/Other", "v0.1.0", m => m.WithBulk(10, 1000));
        _sandbox.PublishProxy();
        _old = _sandbox.WriteProject("old", lib1, other);
        _sandbox.MustGo(_old, "build", "-o", Path.Combine(_sandbox.Root, "old-bin"), ".");
        _current = _sandbox.WriteProject("current", lib2);
        _sandbox.MustGo(_current, "build", "-o", Path.Combine(_sandbox.Root, "current-bin"), ".");
    }

    [TearDown]
    public void Cleanup() => _sandbox.Dispose();

    private T Go<T>(T settings)
        where T : GoSettings => settings.For(_sandbox, _current);

    [Test]
    public void GoModCacheSize_reports_every_version_with_size_and_last_use()
    {
        var fixture = new CakeFixture(realProcesses: true);
        var size = fixture.Context.GoModCacheSize(Go(new GoCacheSizeSettings()));
        Assert.Multiple(() =>
        {
            Assert.That(size.Bytes, Is.EqualTo(DiskOracle.CacheFiles(_sandbox.GoModCache).Bytes));
            Assert.That(size.ModuleVersions.Select(v => v.Path + "@" + v.Version), Is.EquivalentTo(new[] { "example.com/lib@v1.0.0", "example.com/lib@v1.1.0", "example.com/Other@v0.1.0" }));
            Assert.That(size.ModuleVersions.All(v => v.IsComplete && v.Bytes > 10_000 && v.LastUsedUtc != null), Is.True);
            Assert.That(size.ModuleVersions.Select(v => v.LastUseSource).Distinct(), Has.None.EqualTo("unknown"));
            Assert.That(fixture.Log.Text, Does.Contain("3 module versions (0 incomplete)"));
            Assert.That(size.ToString(), Is.EqualTo($"{_sandbox.GoModCache}: {SizeParser.Format(size.Bytes)} in {size.Files:N0} files, 3 module versions, 0 toolchains"), "a result prints its figures");
        });
        var build = fixture.Context.GoBuildCacheSize(Go(new GoCacheSizeSettings()));
        Assert.That(build.Total.Bytes, Is.EqualTo(DiskOracle.CacheFiles(_sandbox.GoCache).Bytes));
    }

    [Test]
    public void GoModCacheSize_with_TreesFromZips_reads_the_zips_and_gives_the_walk_s_figures()
    {
        var fixture = new CakeFixture(realProcesses: true);
        var walked = fixture.Context.GoModCacheSize(Go(new GoCacheSizeSettings()));
        var fromZips = fixture.Context.GoModCacheSize(Go(new GoCacheSizeSettings { TreesFromZips = true }));
        Assert.Multiple(() =>
        {
            Assert.That(fromZips.Bytes, Is.EqualTo(DiskOracle.CacheFiles(_sandbox.GoModCache).Bytes));
            Assert.That((fromZips.Bytes, fromZips.Files), Is.EqualTo((walked.Bytes, walked.Files)));
            Assert.That(fromZips.ModuleVersions.Select(v => (v.Path, v.Version, v.Bytes)), Is.EqualTo(walked.ModuleVersions.Select(v => (v.Path, v.Version, v.Bytes))));
            Assert.That(fromZips.Inventory.Modules.Select(v => v.SizedFromZip), Has.All.True);
            Assert.That(fixture.Log.Text, Does.Contain("(3 of 3 trees sized from their zips)"));
        });
    }

    [Test]
    public void ReportHtml_writes_the_picture_of_every_size_check_prune_and_clean_and_the_browser_shows_the_dry_runs_marks()
    {
        var fixture = new CakeFixture(realProcesses: true);
        var dir = Path.Combine(_sandbox.Root, "reports");
        var size = fixture.Context.GoModCacheSize(Go(new GoCacheSizeSettings { ReportHtml = Path.Combine(dir, "size.html") }));
        fixture.Context.GoModCacheCheck(Go(new GoModCacheCheckSettings { ModCacheSizeLimit = "1 TiB", ReportHtml = Path.Combine(dir, "check.html") }));
        var settings = Go(new GoModCachePruneSettings { DryRun = true, ReportHtml = Path.Combine(dir, "prune.html") });
        settings.KeepProjects.Add(_current);
        var dryRun = fixture.Context.GoModCachePrune(settings);
        var clean = fixture.Context.GoModCacheClean(Go(new GoModCacheCleanSettings { ReportHtml = Path.Combine(dir, "clean.html") }));
        Assert.That(fixture.Log.Text, Does.Contain("Wrote the HTML cache report " + Path.Combine(dir, "prune.html")));

        using var browser = HeadlessChromium.Start();
        JsonElement Read(string name)
        {
            browser.Open(new Uri(Path.Combine(dir, name)).AbsoluteUri, 1280, 800);
            return browser.Evaluate("""
                ({ operation: document.querySelector('[data-operation]').dataset.operation,
                   modules: [...document.querySelectorAll('#treemap > .mod')].map(m => m.dataset.module + '=' + m.dataset.bytes),
                   marked: [...document.querySelectorAll('#treemap .v[data-marked]')].map(v => v.closest('.mod').dataset.module + '@' + v.dataset.version),
                   totals: Object.fromEntries([...document.querySelectorAll('#totals tr[data-key]')].map(r => [r.dataset.key, [+r.dataset.before, r.dataset.after === undefined ? null : +r.dataset.after]])) })
                """);
        }

        var sizePage = Read("size.html");
        var prunePage = Read("prune.html");
        var cleanPage = Read("clean.html");
        var checkPage = Read("check.html");
        Assert.Multiple(() =>
        {
            Assert.That(browser.Errors, Is.Empty);
            Assert.That(sizePage.GetProperty("operation").GetString(), Is.EqualTo("size"));
            Assert.That(
                sizePage.GetProperty("modules").EnumerateArray().Select(e => e.GetString()),
                Is.EquivalentTo(size.ModuleVersions.GroupBy(v => v.Path).Select(g => g.Key + "=" + g.Sum(v => v.Bytes))));
            Assert.That(sizePage.GetProperty("totals").GetProperty("moduleCacheBytes")[0].GetInt64(), Is.EqualTo(size.Bytes));
            Assert.That(checkPage.GetProperty("operation").GetString(), Is.EqualTo("check"));
            Assert.That(prunePage.GetProperty("marked").EnumerateArray().Select(e => e.GetString()), Is.EquivalentTo(dryRun.Removed.Select(r => r.Module.ToString())));
            Assert.That(prunePage.GetProperty("totals").GetProperty("moduleCacheBytes")[1].GetInt64(), Is.EqualTo(dryRun.BytesAfter));
            Assert.That(cleanPage.GetProperty("marked").GetArrayLength(), Is.EqualTo(clean.Removed.Count), "the clean removed every version and the map shows them as they were");
            Assert.That(cleanPage.GetProperty("totals").GetProperty("moduleCacheBytes")[0].GetInt64(), Is.EqualTo(clean.BytesBefore));
            Assert.That(cleanPage.GetProperty("totals").GetProperty("moduleCacheBytes")[1].GetInt64(), Is.EqualTo(clean.BytesAfter));
        });
    }

    [Test]
    public void ReportHtml_on_the_build_cache_trim_pictures_the_build_cache_before_and_after()
    {
        var fixture = new CakeFixture(realProcesses: true);
        var html = Path.Combine(_sandbox.Root, "reports", "trim.html");
        var report = fixture.Context.GoBuildCacheTrim(Go(new GoBuildCacheTrimSettings { SizeLimit = "1", CacheIdle = true, ReportHtml = html }));
        Assert.That(report.BytesFreed, Is.GreaterThan(0));
        Assert.That(report.ToString(), Does.StartWith($"trim of {_sandbox.GoCache}: removed {report.Removed.Count} of {report.EntriesBefore} entries, freed {SizeParser.Format(report.BytesFreed)} ("));
        var page = File.ReadAllText(html);
        var row = System.Text.RegularExpressions.Regex.Match(page, "<tr data-key=\"buildCacheBytes\" data-before=\"(\\d+)\" data-after=\"(\\d+)\"");
        Assert.Multiple(() =>
        {
            Assert.That(page, Does.Contain("data-operation=\"trim\""));
            Assert.That(page, Does.Not.Contain("<script").And.Not.Contain("<link").And.Not.Contain(" src="));
            Assert.That(row.Success, Is.True, "the totals row of the build cache, before and after");
            Assert.That(long.Parse(row.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) - long.Parse(row.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(report.BytesFreed), "freed = the trim report's BytesFreed");
            Assert.That(long.Parse(row.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(BuildCacheInventory.Scan(_sandbox.GoCache).Total.Bytes));
        });
    }

    [Test]
    public void A_dry_run_lists_what_would_go_and_removes_nothing()
    {
        var fixture = new CakeFixture(realProcesses: true);
        var before = DiskOracle.CacheFiles(_sandbox.GoModCache);
        var report = fixture.Context.GoModCachePrune(Go(new GoModCachePruneSettings { KeepNewest = 1, DryRun = true }));
        Assert.Multiple(() =>
        {
            Assert.That(report.DryRun, Is.True);
            Assert.That(report.Removed.Select(r => r.Module.ToString()), Is.EqualTo(new[] { "example.com/lib@v1.0.0" }));
            Assert.That(report.Removed[0].Bytes, Is.GreaterThan(20_000));
            Assert.That(DiskOracle.CacheFiles(_sandbox.GoModCache), Is.EqualTo(before));
            Assert.That(report.ToString(), Does.StartWith($"prune of {_sandbox.GoModCache} (dry run): removed 1 of 3 versions, freed {SizeParser.Format(report.BytesFreed)} ("), "a report prints its figures");
            Assert.That(fixture.Log.Text, Does.Contain("dry run").And.Contain("would remove example.com/lib@v1.0.0"));
        });
    }

    [Test]
    public void Prune_waits_the_grace_period_given()
    {
        var fixture = new CakeFixture(realProcesses: true);
        var settings = Go(new GoModCachePruneSettings { GracePeriod = TimeSpan.FromSeconds(3.5) });
        settings.KeepProjects.Add(_current);
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        var report = fixture.Context.GoModCachePrune(settings);
        Assert.Multiple(() =>
        {
            Assert.That(stopwatch.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(3.5)), "the default is 2 s");
            Assert.That(report.Removed, Has.Count.EqualTo(2));
        });
    }

    [Test]
    public void Prune_keeps_what_a_project_needs_and_writes_reports()
    {
        var fixture = new CakeFixture(realProcesses: true);
        var summary = Path.Combine(_sandbox.Root, "step-summary.md");
        File.WriteAllText(summary, "# job\n");
        var json = Path.Combine(_sandbox.Root, "reports", "prune.json");
        var old = Environment.GetEnvironmentVariable("GITHUB_STEP_SUMMARY");
        PruneReportHolder holder;
        try
        {
            Environment.SetEnvironmentVariable("GITHUB_STEP_SUMMARY", summary);
            var settings = Go(new GoModCachePruneSettings { ModulePatterns = "example.com", ReportJson = json });
            settings.KeepProjects.Add(_current);
            holder = new PruneReportHolder(fixture.Context.GoModCachePrune(settings));
        }
        finally
        {
            Environment.SetEnvironmentVariable("GITHUB_STEP_SUMMARY", old);
        }

        var left = ModuleCacheInventory.Scan(_sandbox.GoModCache);
        Assert.Multiple(() =>
        {
            Assert.That(left.Modules.Select(m => m.ToString()), Is.EqualTo(new[] { "example.com/lib@v1.1.0" }));
            Assert.That(holder.Report.BytesFreed, Is.GreaterThan(30_000));
            Assert.That(JsonDocument.Parse(File.ReadAllText(json)).RootElement.GetProperty("removed").GetArrayLength(), Is.EqualTo(2));
            Assert.That(File.ReadAllText(summary), Does.StartWith("# job\n").And.Contain("| `example.com/lib` | `v1.0.0` |"));
        });

        // What stays still builds with no proxy at all.
        _sandbox.Environment["GOPROXY"] = "off";
        _sandbox.MustGo(_current, "build", "-o", Path.Combine(_sandbox.Root, "offline"), ".");
    }

    [TestCase(GoCacheLimitAction.Warn)]
    [TestCase(GoCacheLimitAction.Fail)]
    [TestCase(GoCacheLimitAction.Clean)]
    [TestCase(GoCacheLimitAction.Prune)]
    public void A_module_cache_over_its_limit_gets_the_configured_action(GoCacheLimitAction action)
    {
        var fixture = new CakeFixture(realProcesses: true);
        var total = ModuleCacheInventory.Scan(_sandbox.GoModCache).Total.Bytes;
        var limit = total / 2;
        var settings = Go(new GoModCacheCheckSettings { ModCacheSizeLimit = limit.ToString(System.Globalization.CultureInfo.InvariantCulture), Action = action });
        if (action == GoCacheLimitAction.Fail)
        {
            var ex = Assert.Throws<CakeException>(() => fixture.Context.GoModCacheCheck(settings));
            Assert.That(ex!.Message, Does.Contain("module cache").And.Contain("over its limit"));
            Assert.That(ModuleCacheInventory.Scan(_sandbox.GoModCache).Total.Bytes, Is.EqualTo(total));
            return;
        }

        var result = fixture.Context.GoModCacheCheck(settings);
        var after = ModuleCacheInventory.Scan(_sandbox.GoModCache).Total.Bytes;
        Assert.That(result.Exceeded, Has.Count.EqualTo(1));
        switch (action)
        {
            case GoCacheLimitAction.Warn:
                Assert.That(after, Is.EqualTo(total));
                Assert.That(fixture.Log.Entries.Any(e => e.Level == Cake.Core.Diagnostics.LogLevel.Warning && e.Text.Contains("over its limit", StringComparison.Ordinal)), Is.True);
                break;
            case GoCacheLimitAction.Clean:
                Assert.That(after, Is.Zero);
                break;
            case GoCacheLimitAction.Prune:
                Assert.That(after, Is.LessThanOrEqualTo(limit).And.GreaterThan(0));
                Assert.That(result.ModCacheReport!.Removed, Is.Not.Empty);
                break;
        }
    }

    [Test]
    public void Limits_within_bounds_do_nothing_and_bad_sizes_are_clear_errors()
    {
        var fixture = new CakeFixture(realProcesses: true);
        var ok = fixture.Context.GoModCacheCheck(Go(new GoModCacheCheckSettings { ModCacheSizeLimit = "1 TiB", BuildCacheSizeLimit = "1TB", MinFreeSpace = "1%" }));
        Assert.Multiple(() =>
        {
            Assert.That(ok.WithinLimits, Is.True);
            Assert.That(ok.Done, Is.EqualTo(new[] { "nothing" }));
            Assert.That(ok.VolumeBytes, Is.GreaterThan(0));
            Assert.That(ok.FreeBytes, Is.GreaterThan(0));
        });
        var before = DiskOracle.CacheFiles(_sandbox.GoModCache);
        Assert.Throws<CakeException>(() => fixture.Context.GoModCacheCheck(Go(new GoModCacheCheckSettings { ModCacheSizeLimit = "five gigs", Action = GoCacheLimitAction.Clean })));
        Assert.Throws<CakeException>(() => fixture.Context.GoModCachePrune(Go(new GoModCachePruneSettings { ModulePatterns = "example.com/[" })));
        Assert.That(DiskOracle.CacheFiles(_sandbox.GoModCache), Is.EqualTo(before));
    }

    [Test]
    public void GoModCacheClean_removes_the_read_only_cache_whole()
    {
        var fixture = new CakeFixture(realProcesses: true);
        var report = fixture.Context.GoModCacheClean(Go(new GoModCacheCleanSettings()));
        Assert.Multiple(() =>
        {
            Assert.That(report.BytesAfter, Is.Zero);
            Assert.That(Directory.Exists(_sandbox.GoModCache) ? DiskOracle.CacheFiles(_sandbox.GoModCache).Files : 0, Is.Zero);
        });
    }

    [Test]
    public void GoBuildAndClean_can_prune_instead_of_cleaning()
    {
        var fixture = new CakeFixture(realProcesses: true);
        var prune = new GoModCachePruneSettings();
        prune.KeepProjects.Add(_current);
        var result = fixture.Context.GoBuildAndClean(Go(new GoBuildAndCleanSettings { Output = Path.Combine(_sandbox.Root, "b"), Prune = prune, CleanBuildCache = false }));
        Assert.Multiple(() =>
        {
            Assert.That(result.Cleaned, Is.EqualTo(new[] { "module cache (pruned)" }));
            Assert.That(ModuleCacheInventory.Scan(_sandbox.GoModCache).Modules.Select(m => m.ToString()), Is.EqualTo(new[] { "example.com/lib@v1.1.0" }));
            Assert.That(result.PruneReport!.Removed, Has.Count.EqualTo(2));
        });
    }

    [Test]
    public void GoBuild_records_the_modules_it_used_and_the_size_report_reads_them()
    {
        var fixture = new CakeFixture(realProcesses: true);
        var before = System.DateTime.UtcNow.AddSeconds(-1);
        fixture.Context.GoBuild(Go(new Cake.GoModCache.Build.GoBuildSettings { Output = Path.Combine(_sandbox.Root, "recorded") }));
        var record = UsageRecord.Load(UsageRecord.DefaultPath(_sandbox.GoModCache));
        Assert.That(record.Entries.Keys.Select(k => k.ToString()), Is.EqualTo(new[] { "example.com/lib@v1.1.0" }));
        Assert.That(record.Entries.Values.Single(), Is.GreaterThanOrEqualTo(before));

        var size = fixture.Context.GoModCacheSize(Go(new GoCacheSizeSettings()));
        var lib = size.ModuleVersions.Single(v => v.Version == "v1.1.0");
        Assert.That(lib.LastUseSource, Is.EqualTo("usage record"));
    }

    private sealed record PruneReportHolder(PruneReport Report);
}
