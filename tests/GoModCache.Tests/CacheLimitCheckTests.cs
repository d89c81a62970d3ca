using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using GoCaches;
using GoCaches.Checks;
using GoCaches.Inventory;
using GoCaches.Leases;
using GoCaches.Reports;
using NUnit.Framework;

namespace GoModCache.Tests;

/// <summary>The engine's cache limit check on its own: what it validates, measures and reports (the front ends are in CheckParityTests).</summary>
public class CacheLimitCheckTests
{
    private string _root = null!;
    private string _modCache = null!;
    private string _buildCache = null!;

    [SetUp]
    public void MakeCaches()
    {
        _root = Directory.CreateTempSubdirectory("gomodcache-limitcheck-").FullName;
        _modCache = Path.Combine(_root, "mod");
        _buildCache = Path.Combine(_root, "build");
        Directory.CreateDirectory(Path.Combine(_modCache, "cache", "download"));
        Directory.CreateDirectory(Path.Combine(_buildCache, "0a"));
        File.WriteAllBytes(Path.Combine(_modCache, "cache", "download", "f"), new byte[3000]);
        File.WriteAllBytes(Path.Combine(_buildCache, "0a", "0a12-d"), new byte[1500]);
    }

    [TearDown]
    public void RemoveCaches() => Directory.Delete(_root, recursive: true);

    [Test]
    public void Invalid_requests_are_refused_before_anything_is_measured()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => CacheLimitCheck.Run(new CacheLimitCheckRequest()), Throws.TypeOf<GoModCacheException>().With.Message.Contains("nothing to check"));
            Assert.That(() => CacheLimitCheck.Run(new CacheLimitCheckRequest { ModuleCacheRoot = "relative/mod" }), Throws.TypeOf<GoModCacheException>().With.Message.Contains("not an absolute path"));
            Assert.That(() => CacheLimitCheck.Run(new CacheLimitCheckRequest { ModuleCacheRoot = _modCache, ModuleCacheLimit = SizeSpec.FromPercent(50) }), Throws.TypeOf<GoModCacheException>().With.Message.Contains("percentage"));
            Assert.That(() => CacheLimitCheck.Run(new CacheLimitCheckRequest { ModuleCacheRoot = _modCache, Action = (CacheLimitAction)42 }), Throws.TypeOf<GoModCacheException>().With.Message.Contains("Warn, Fail, Clean, Prune, Trim"));
            Assert.That(() => CacheLimitCheckRequest.ParseLimit("10%"), Throws.TypeOf<GoModCacheException>().With.Message.Contains("is a percentage"));
            Assert.That(CacheLimitCheckRequest.ParseMinFreeSpace("10%").Kind, Is.EqualTo(SizeKind.Percent));
        });
    }

    [Test]
    public void Over_the_limits_with_Warn_it_measures_warns_removes_nothing_and_writes_its_reports()
    {
        var events = new List<CacheLimitEvent>();
        var json = Path.Combine(_root, "reports", "check.json");
        var markdown = Path.Combine(_root, "reports", "check.md");
        var result = CacheLimitCheck.Run(
            new CacheLimitCheckRequest
            {
                ModuleCacheRoot = _modCache,
                BuildCacheRoot = _buildCache,
                ModuleCacheLimit = SizeSpec.FromBytes(2000),
                BuildCacheLimit = SizeSpec.FromBytes(2000),
                MinFreeSpace = SizeSpec.FromPercent(100),
                Reports = new ReportFiles { Json = json, Markdown = markdown },
            },
            events.Add);
        var report = JsonDocument.Parse(File.ReadAllText(json)).RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(result.ModuleCache, Is.EqualTo(new CacheLimitStatus(CacheKind.ModuleCache, _modCache, 3000, 1, 2000)));
            Assert.That(result.BuildCache!.Exceeded, Is.False);
            Assert.That(result.FreeSpace.BelowMinimum, Is.True, "no volume has all of itself free");
            Assert.That(result.Exceeded, Has.Count.EqualTo(2));
            Assert.That(result.ActionTaken, Is.EqualTo(CacheLimitAction.Warn));
            Assert.That(result.Steps, Is.EqualTo(new[] { CacheLimitStep.Warned }));
            Assert.That(result.Failed, Is.False);
            Assert.That(File.Exists(Path.Combine(_modCache, "cache", "download", "f")), Is.True);
            Assert.That(events.Where(e => e.Kind == CacheLimitEventKind.LimitExceeded).Select(e => (e.Cache, e.Step)), Is.EqualTo(new[] { ((CacheKind?)CacheKind.ModuleCache, (CacheLimitStep?)CacheLimitStep.Warned), (null, CacheLimitStep.Warned) }));
            Assert.That(events.Single(e => e.Kind == CacheLimitEventKind.WithinLimit).Cache, Is.EqualTo(CacheKind.BuildCache));
            Assert.That(result.Reports.Select(r => (r.Format, r.Written)), Is.EqualTo(new[] { (ReportFormat.Json, true), (ReportFormat.Markdown, true) }));
            Assert.That(report.GetProperty("steps")[0].GetString(), Is.EqualTo("warned"));
            Assert.That(report.GetProperty("moduleCache").GetProperty("bytes").GetInt64(), Is.EqualTo(3000));
            Assert.That(File.ReadAllText(markdown), Does.Contain("**over**").And.Contain("Action `Warn`: warned."));
            Assert.That(result.ToString(), Does.StartWith($"module cache {_modCache}: {SizeParser.Format(3000)} (limit {SizeParser.Format(2000)}, exceeded); build cache ").And.EndWith("; Warn: warned"));
        });
    }

    [Test]
    public void Fail_removes_nothing_and_tells_the_front_end_to_fail()
    {
        var result = CacheLimitCheck.Run(new CacheLimitCheckRequest { BuildCacheRoot = _buildCache, BuildCacheLimit = SizeSpec.FromBytes(1000), Action = CacheLimitAction.Fail });
        Assert.Multiple(() =>
        {
            Assert.That(result.Failed, Is.True);
            Assert.That(result.ModuleCache, Is.Null, "a cache without a root is not measured");
            Assert.That(result.Steps, Is.EqualTo(new[] { CacheLimitStep.Failed }));
            Assert.That(File.Exists(Path.Combine(_buildCache, "0a", "0a12-d")), Is.True);
        });
    }

    [Test]
    public void Clean_empties_the_caches_over_their_limits_with_the_locked_cleaners()
    {
        var result = CacheLimitCheck.Run(new CacheLimitCheckRequest
        {
            ModuleCacheRoot = _modCache,
            BuildCacheRoot = _buildCache,
            ModuleCacheLimit = SizeSpec.FromBytes(1000),
            BuildCacheLimit = SizeSpec.FromBytes(1000),
            Action = CacheLimitAction.Clean,
            LeaseWait = TimeSpan.Zero,
        });
        Assert.Multiple(() =>
        {
            Assert.That(result.Steps, Is.EqualTo(new[] { CacheLimitStep.ModuleCacheCleaned, CacheLimitStep.BuildCacheCleaned }));
            Assert.That(result.Cleaned, Is.EqualTo(new[] { CacheKind.ModuleCache, CacheKind.BuildCache }));
            Assert.That(result.ModuleCacheReport!.BytesAfter, Is.Zero);
            Assert.That(result.BuildCacheCleanReport!.BytesFreed, Is.EqualTo(1500));
            Assert.That(Directory.Exists(Path.Combine(_buildCache, "0a")), Is.False);
        });
    }
}
