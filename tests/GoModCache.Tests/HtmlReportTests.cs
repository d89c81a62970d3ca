using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using GoCaches.Inventory;
using GoCaches.Modules;
using GoCaches.Pruning;
using GoCaches.Reports;
using GoModCache.TestSupport;
using NUnit.Framework;

namespace GoModCache.Tests;

/// <summary>
/// The HTML report of real caches (go filled them from a test proxy), rendered in a real headless Chromium:
/// no console errors, no request but the page, one box per module with its area proportional to its bytes
/// (read back from the DOM), tables and totals that equal the typed reports, dry-run marks that equal what the
/// dry run lists; screenshots at 1280x800 and at phone width, light and dark.
/// </summary>
[NonParallelizable]
public class HtmlReportTests
{
    private static readonly DateTime Now = DateTime.UtcNow;

    private GoSandbox _sandbox = null!;
    private string _app = null!;

    private string BuildCache => _sandbox.Environment["GOCACHE"]!;

    private static string Shots => Path.Combine(TestContext.CurrentContext.WorkDirectory, "report-screenshots");

    [SetUp]
    public void PopulateCache()
    {
        (_sandbox, _app) = PruneTestKit.PopulateStandardCache("html");

        // Ages all over the histogram: what the app uses was read just now, the rest over days to years.
        var ages = new Dictionary<string, double>
        {
            ["example.com/lib@v1.0.0"] = 400,
            ["example.com/lib@v1.2.0-rc.1"] = 120,
            ["example.com/lib@v1.2.0"] = 45,
            ["example.com/lib@v1.2.1-0.20240101000000-abcdefabcdef"] = 12,
            ["example.com/other@v0.2.0"] = 3,
            ["example.com/Upper@v1.0.0"] = 200,
            ["corp.example.com/team/y@v1.0.0"] = 60,
            ["corp.example.com/other/z@v1.0.0"] = 9,
        };
        foreach (var (version, days) in ages)
        {
            var at = version.LastIndexOf('@');
            _sandbox.SetTimes(version[..at], version[(at + 1)..], Now.AddDays(-days - 1), Now.AddDays(-days));
        }

        UsageRecord.Update(UsageRecord.DefaultPath(_sandbox.GoModCache), [new ModuleVersion("example.com/lib", "v1.1.0")], DateTime.UtcNow);
    }

    [TearDown]
    public void Cleanup() => _sandbox.Dispose();

    [Test]
    public void The_squarified_layout_fills_its_box_with_areas_proportional_to_the_values()
    {
        var values = new double[] { 6, 6, 4, 3, 2, 2, 1, 0, 0.5 };
        var bounds = new TreemapRect(10, 20, 600, 400);
        var rects = TreemapLayout.Squarify(values, bounds);
        var scale = bounds.Area / values.Sum();
        Assert.Multiple(() =>
        {
            for (var i = 0; i < values.Length; i++)
            {
                Assert.That(rects[i].Area, Is.EqualTo(values[i] * scale).Within(1e-6), $"value {i}");
                Assert.That(rects[i].X, Is.GreaterThanOrEqualTo(bounds.X - 1e-9));
                Assert.That(rects[i].Y, Is.GreaterThanOrEqualTo(bounds.Y - 1e-9));
                Assert.That(rects[i].X + rects[i].Width, Is.LessThanOrEqualTo(bounds.X + bounds.Width + 1e-6));
                Assert.That(rects[i].Y + rects[i].Height, Is.LessThanOrEqualTo(bounds.Y + bounds.Height + 1e-6));
            }

            // No two boxes overlap.
            for (var i = 0; i < rects.Length; i++)
            {
                for (var j = i + 1; j < rects.Length; j++)
                {
                    var a = rects[i];
                    var b = rects[j];
                    var overlap = Math.Max(0, Math.Min(a.X + a.Width, b.X + b.Width) - Math.Max(a.X, b.X)) * Math.Max(0, Math.Min(a.Y + a.Height, b.Y + b.Height) - Math.Max(a.Y, b.Y));
                    Assert.That(overlap, Is.LessThan(1e-6), $"boxes {i} and {j} overlap");
                }
            }

            // Squarified: the big boxes are close to squares (the worst of the layout is bounded).
            Assert.That(rects.Where(r => r.Area > 0).Take(4).Max(r => Math.Max(r.Width / r.Height, r.Height / r.Width)), Is.LessThan(3));
        });
    }

    [Test]
    public void A_dry_run_prune_report_renders_with_one_box_per_module_to_scale_and_marks_what_the_dry_run_lists()
    {
        var prune = new ModuleCachePruner(_sandbox.GoModCache, new PrunePolicy { KeepProjects = [_app], UsageRecordPath = UsageRecord.DefaultPath(_sandbox.GoModCache) }, new PruneOptions { DryRun = true }).Run();
        Assert.That(prune.Removed, Has.Count.EqualTo(8), "the dry run lists what the app does not need");
        var report = CacheReport.Scan("prune", _sandbox.GoModCache, BuildCache, removal: prune);
        var html = Path.Combine(_sandbox.Root, "report", "prune-dry-run.html");
        report.WriteHtml(html);

        using var browser = HeadlessChromium.Start();
        browser.Open(new Uri(html).AbsoluteUri, 1280, 800);
        browser.Screenshot(Path.Combine(Shots, "prune-dry-run-1280x800.png"));
        browser.Screenshot(Path.Combine(Shots, "prune-dry-run-1280-full.png"), fullPage: true);
        var page = ReadPage(browser);

        var inventory = ModuleCacheInventory.Scan(_sandbox.GoModCache);
        var expectedModules = inventory.Modules.GroupBy(v => v.Path).ToDictionary(g => g.Key, g => g.Sum(v => v.Bytes));
        Assert.Multiple(() =>
        {
            Assert.That(browser.Errors, Is.Empty, "no console errors");
            Assert.That(browser.Requests, Is.EqualTo(new[] { new Uri(html).AbsoluteUri }), "the page loads nothing but itself");
            Assert.That(page.GetProperty("scripts").GetInt32(), Is.Zero);

            // One box per module, with its bytes, and its area proportional to them.
            var boxes = page.GetProperty("boxes").EnumerateArray().ToList();
            var modules = boxes.Where(b => b.GetProperty("module").ValueKind == JsonValueKind.String).ToDictionary(b => b.GetProperty("module").GetString()!, b => b.GetProperty("bytes").GetInt64());
            Assert.That(modules, Is.EquivalentTo(expectedModules), "one box per module, with the inventory's bytes");
            AssertAreasToScale(page);

            // The marks are exactly the versions the dry run lists, and its totals are the report's.
            Assert.That(Strings(page, "marked"), Is.EquivalentTo(prune.Removed.Select(r => r.Module.ToString())));
            Assert.That(Strings(page, "removedRows"), Is.EquivalentTo(prune.Removed.Select(r => r.Module.ToString())));
            var totals = Totals(page);
            Assert.That(totals["moduleCacheBytes"], Is.EqualTo((prune.BytesBefore, (long?)prune.BytesAfter)));
            Assert.That(totals["moduleCacheFiles"], Is.EqualTo((prune.FilesBefore, (long?)prune.FilesAfter)));
            Assert.That(totals["moduleVersions"], Is.EqualTo(((long)prune.VersionsBefore, (long?)prune.VersionsAfter)));
            Assert.That(totals["buildCacheBytes"], Is.EqualTo((BuildCacheInventory.Scan(BuildCache).Total.Bytes, (long?)null)));

            // The largest-modules table: the inventory's sums, all modules shown, the footer their total.
            var largest = page.GetProperty("largest").EnumerateArray().ToDictionary(r => r.GetProperty("module").GetString()!, r => r.GetProperty("bytes").GetInt64());
            Assert.That(largest, Is.EquivalentTo(expectedModules));
            Assert.That(page.GetProperty("largestTotal").GetInt64(), Is.EqualTo(inventory.Modules.Sum(v => v.Bytes)));

            // The histogram holds every version once; the sources table says where each last use came from.
            Assert.That(page.GetProperty("histogramVersions").GetInt32(), Is.EqualTo(11));
            Assert.That(page.GetProperty("histogramBins").GetInt32(), Is.GreaterThanOrEqualTo(5), "the ages spread over the bins");
            Assert.That(page.GetProperty("sources").GetProperty("usageRecord").GetInt32(), Is.EqualTo(1));
            Assert.That(page.GetProperty("sources").GetProperty("accessTime").GetInt32() + page.GetProperty("sources").GetProperty("extractionTime").GetInt32(), Is.EqualTo(10));
            Assert.That(page.GetProperty("buildBlock").GetInt64(), Is.EqualTo(BuildCacheInventory.Scan(BuildCache).Total.Bytes), "the build cache is one block beside the map");
        });

        // At phone width, in the dark scheme: the map is still to scale and nothing overflows sideways.
        browser.Open(new Uri(html).AbsoluteUri, 390, 844, dark: true, mobile: true);
        browser.Screenshot(Path.Combine(Shots, "prune-dry-run-phone-dark.png"));
        browser.Screenshot(Path.Combine(Shots, "prune-dry-run-phone-dark-full.png"), fullPage: true);
        var phone = ReadPage(browser);
        Assert.Multiple(() =>
        {
            Assert.That(browser.Errors, Is.Empty);
            AssertAreasToScale(phone);
            Assert.That(phone.GetProperty("scrollWidth").GetDouble(), Is.LessThanOrEqualTo(phone.GetProperty("innerWidth").GetDouble()), "no sideways scrolling at phone width");
            Assert.That(phone.GetProperty("dark").GetBoolean(), Is.True);
            Assert.That(phone.GetProperty("background").GetString(), Is.Not.EqualTo(page.GetProperty("background").GetString()), "the dark scheme has its own colours");
        });

        browser.Open(new Uri(html).AbsoluteUri, 1280, 800, dark: true);
        browser.Screenshot(Path.Combine(Shots, "prune-dry-run-1280x800-dark.png"));
        Assert.That(browser.Errors, Is.Empty);
        foreach (var shot in Directory.GetFiles(Shots, "prune-dry-run-*.png"))
        {
            TestContext.AddTestAttachment(shot);
        }
    }

    [Test]
    public void A_real_prune_report_shows_the_cache_as_it_was_with_what_left_it_and_the_totals_before_and_after()
    {
        var prune = new ModuleCachePruner(_sandbox.GoModCache, new PrunePolicy { UnusedFor = TimeSpan.FromDays(30) }, new PruneOptions { GracePeriod = TimeSpan.Zero }).Run();
        Assert.That(prune.Removed.Select(r => r.Module.ToString()), Is.EquivalentTo(new[]
        {
            "example.com/lib@v1.0.0", "example.com/lib@v1.2.0-rc.1", "example.com/lib@v1.2.0", "example.com/Upper@v1.0.0", "corp.example.com/team/y@v1.0.0",
        }));
        var report = CacheReport.Scan("prune", _sandbox.GoModCache, BuildCache, removal: prune);
        var html = Path.Combine(_sandbox.Root, "report", "prune.html");
        report.WriteHtml(html);

        using var browser = HeadlessChromium.Start();
        browser.Open(new Uri(html).AbsoluteUri, 1280, 800);
        browser.Screenshot(Path.Combine(Shots, "prune-1280x800.png"));
        var page = ReadPage(browser);
        var totals = Totals(page);
        Assert.Multiple(() =>
        {
            Assert.That(browser.Errors, Is.Empty);
            AssertAreasToScale(page);
            Assert.That(Strings(page, "marked"), Is.EquivalentTo(prune.Removed.Select(r => r.Module.ToString())), "the removed versions are drawn, marked");
            Assert.That(page.GetProperty("treemapBytes").GetInt64(), Is.EqualTo(prune.BytesBefore).Within(4096), "the map is the cache before (the @v/list files shrank a little)");
            Assert.That(totals["moduleCacheBytes"], Is.EqualTo((prune.BytesBefore, (long?)prune.BytesAfter)));
            Assert.That(totals["moduleVersions"], Is.EqualTo(((long)prune.VersionsBefore, (long?)prune.VersionsAfter)));
            Assert.That(page.GetProperty("freedCard").GetString(), Does.Contain(SizeParser.Format(prune.BytesFreed)));
        });
    }

    [Test]
    public void A_report_of_5000_versions_stays_under_2_MB_groups_the_long_tail_and_renders_cleanly()
    {
        var random = new Random(14);
        var versions = new List<ReportedVersion>();
        for (var m = 0; m < 1000; m++)
        {
            var path = $"github.com/org{m % 37}/module-{m:D4}";
            var weight = 40_000_000 / Math.Pow(m + 1, 1.1);
            for (var v = 0; v < 5; v++)
            {
                var lastUse = new LastUse(Now.AddHours(-random.Next(0, 24 * 500)), (LastUseSource)random.Next(1, 4));
                versions.Add(new ReportedVersion(path, $"v1.{v}.{random.Next(0, 30)}", (long)(weight * (0.5 + random.NextDouble())) + 1000, lastUse)
                {
                    RemovalReason = v < 2 && m % 3 == 0 ? "unused for 90 days" : null,
                });
            }
        }

        var report = new CacheReport
        {
            Operation = "prune",
            DryRun = true,
            GeneratedUtc = Now,
            ModuleCacheRoot = "/home/runner/go/pkg/mod",
            Versions = versions,
            VcsBytes = 12_000_000,
            SumDbBytes = 900_000,
            OtherBytes = 300_000,
            BuildCacheRoot = "/home/runner/.cache/go-build",
            BuildCacheBytes = 3_400_000_000,
            Totals = [new ReportTotal("moduleCacheBytes", "Module cache", versions.Sum(v => v.Bytes) + 13_200_000, versions.Where(v => !v.Removed).Sum(v => v.Bytes) + 13_200_000, true)],
        };
        var text = report.ToHtml();
        var bytes = Encoding.UTF8.GetByteCount(text);
        TestContext.Out.WriteLine($"5,000 versions in 1,000 modules: {bytes:N0} bytes of HTML");
        Assert.That(bytes, Is.LessThan(2 * 1024 * 1024));

        var html = Path.Combine(_sandbox.Root, "report", "big.html");
        Directory.CreateDirectory(Path.GetDirectoryName(html)!);
        File.WriteAllText(html, text);
        using var browser = HeadlessChromium.Start();
        browser.Open(new Uri(html).AbsoluteUri, 1280, 800);
        browser.Screenshot(Path.Combine(Shots, "big-1280x800.png"));
        var page = ReadPage(browser);
        Assert.Multiple(() =>
        {
            Assert.That(browser.Errors, Is.Empty);
            AssertAreasToScale(page);
            var groups = page.GetProperty("boxes").EnumerateArray().Where(b => b.GetProperty("group").ValueKind == JsonValueKind.String).ToList();
            Assert.That(groups, Has.Count.EqualTo(1), "the long tail of modules is one box");
            var shownModules = page.GetProperty("boxes").EnumerateArray().Count(b => b.GetProperty("module").ValueKind == JsonValueKind.String);
            Assert.That(shownModules + groups[0].GetProperty("count").GetInt32(), Is.EqualTo(1000));
            Assert.That(page.GetProperty("markedCount").GetInt32(), Is.EqualTo(versions.Count(v => v.Removed)), "marks in groups are counted too");
            Assert.That(page.GetProperty("histogramVersions").GetInt32(), Is.EqualTo(5000));
        });
    }

    [Test]
    public void The_job_summary_chart_is_a_mermaid_pie_of_the_largest_modules_with_the_rest_grouped()
    {
        var report = CacheReport.Scan("size", _sandbox.GoModCache, BuildCache);
        var chart = report.ToMarkdownChart(slices: 3);
        var inventory = ModuleCacheInventory.Scan(_sandbox.GoModCache);
        var largest = inventory.Modules.GroupBy(v => v.Path).OrderByDescending(g => g.Sum(v => v.Bytes)).First().Key;
        Assert.Multiple(() =>
        {
            Assert.That(chart, Does.Contain("```mermaid\npie showData title Module cache by module, KiB\n"));
            Assert.That(chart, Does.Contain($"    \"{largest}\" : "));
            Assert.That(chart, Does.Contain("    \"3 other modules\" : "), "six modules: three slices and the rest");
            Assert.That(chart.Split('\n').Count(l => l.StartsWith("    \"", StringComparison.Ordinal)), Is.EqualTo(4));
            Assert.That(chart, Does.Contain("Build cache: "));
        });
    }

    private static JsonElement ReadPage(HeadlessChromium browser) => browser.Evaluate("""
        (() => {
          const map = document.getElementById('treemap');
          const mb = map.getBoundingClientRect();
          const boxes = [...map.querySelectorAll(':scope > .mod, :scope > .grp, :scope > .part')].map(e => {
            const r = e.getBoundingClientRect();
            return { module: e.dataset.module ?? null, group: e.dataset.group ?? null, part: e.dataset.part ?? null,
                     bytes: +e.dataset.bytes, count: +(e.dataset.count ?? 0), width: r.width, height: r.height,
                     inside: r.left >= mb.left - 0.5 && r.top >= mb.top - 0.5 && r.right <= mb.right + 0.5 && r.bottom <= mb.bottom + 0.5 };
          });
          const marked = [...map.querySelectorAll('.v[data-marked]')].map(v => v.closest('.mod').dataset.module + '@' + v.dataset.version);
          const markedCount = marked.length + [...map.querySelectorAll('.grp[data-marked]')].reduce((s, g) => s + +g.dataset.marked, 0);
          const totals = [...document.querySelectorAll('#totals tr[data-key]')].map(r => ({ key: r.dataset.key, before: +r.dataset.before, after: r.dataset.after === undefined ? null : +r.dataset.after }));
          const largest = [...document.querySelectorAll('#largest tbody tr')].map(r => ({ module: r.dataset.module, bytes: +r.dataset.bytes }));
          const foot = document.querySelector('#largest tfoot tr');
          const removedRows = [...document.querySelectorAll('#removed tbody tr')].map(r => r.dataset.module + '@' + r.dataset.version);
          const hist = [...document.querySelectorAll('#histogram .hc')];
          const sources = Object.fromEntries([...document.querySelectorAll('#sources tr[data-source]')].map(r => [r.dataset.source, +r.dataset.versions]));
          const build = document.querySelector('.seg.bc');
          const freed = document.querySelector('[data-card=freed] .cv');
          return { width: mb.width, height: mb.height, treemapBytes: +map.dataset.bytes, boxes, marked, markedCount, totals, largest,
                   largestTotal: foot ? +foot.dataset.bytes : 0, removedRows,
                   histogramVersions: hist.reduce((s, h) => s + +h.dataset.versions, 0), histogramBins: hist.filter(h => +h.dataset.versions > 0).length,
                   sources, buildBlock: build ? +build.dataset.bytes : -1, freedCard: freed ? freed.textContent : '',
                   scripts: document.scripts.length, scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth,
                   dark: matchMedia('(prefers-color-scheme: dark)').matches, background: getComputedStyle(document.body).backgroundColor };
        })()
        """);

    // Every top-level box's area is its share of the map's bytes, within the browser's layout rounding (1/64 px).
    private static void AssertAreasToScale(JsonElement page)
    {
        var mapArea = page.GetProperty("width").GetDouble() * page.GetProperty("height").GetDouble();
        var total = page.GetProperty("treemapBytes").GetDouble();
        var boxes = page.GetProperty("boxes").EnumerateArray().ToList();
        Assert.That(boxes, Is.Not.Empty);
        var sum = 0d;
        foreach (var b in boxes)
        {
            var w = b.GetProperty("width").GetDouble();
            var h = b.GetProperty("height").GetDouble();
            var expected = b.GetProperty("bytes").GetDouble() / total * mapArea;
            var name = b.GetProperty("module").GetString() ?? b.GetProperty("group").GetString() ?? b.GetProperty("part").GetString();
            Assert.That(w * h, Is.EqualTo(expected).Within((0.01 * expected) + ((w + h) * 0.05) + 0.5), $"area of {name}");
            Assert.That(b.GetProperty("inside").GetBoolean(), Is.True, $"{name} lies inside the map");
            sum += w * h;
        }

        Assert.That(sum, Is.EqualTo(mapArea).Within(0.01 * mapArea), "the boxes fill the map");
        Assert.That(boxes.Sum(b => b.GetProperty("bytes").GetInt64()), Is.EqualTo(page.GetProperty("treemapBytes").GetInt64()), "the boxes' bytes add up to the map's");
    }

    private static List<string> Strings(JsonElement page, string name) => page.GetProperty(name).EnumerateArray().Select(e => e.GetString()!).ToList();

    private static Dictionary<string, (long Before, long? After)> Totals(JsonElement page) =>
        page.GetProperty("totals").EnumerateArray().ToDictionary(
            t => t.GetProperty("key").GetString()!,
            t => (t.GetProperty("before").GetInt64(), t.GetProperty("after").ValueKind == JsonValueKind.Null ? (long?)null : t.GetProperty("after").GetInt64()));
}
