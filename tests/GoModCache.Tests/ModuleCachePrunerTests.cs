using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using GoCaches;
using GoCaches.Eviction;
using GoCaches.Inventory;
using GoCaches.Modules;
using GoCaches.Pruning;
using GoModCache.TestSupport;
using NUnit.Framework;

namespace GoModCache.Tests;

/// <summary>
/// Each policy against a cache real go filled: what is left on disk, that the project whose modules were kept
/// still builds with GOPROXY=off, and that pruned versions are really gone.
/// </summary>
public class ModuleCachePrunerTests
{
    private static readonly string[] AppNeeds = ["example.com/lib@v1.1.0", "example.com/other@v0.1.0", "corp.example.com/team/x@v1.0.0"];

    private GoSandbox _sandbox = null!;
    private string _app = null!;

    [SetUp]
    public void PopulateCache() => (_sandbox, _app) = PruneTestKit.PopulateStandardCache("prune");

    [TearDown]
    public void Cleanup() => _sandbox.Dispose();

    [Test]
    public void Keeping_the_projects_alone_prunes_the_cache_down_to_what_they_need()
    {
        Assert.That(_sandbox.Present(), Is.EquivalentTo(PruneTestKit.StandardVersions), "every version is in the cache to start with");
        var progress = new List<PruneProgress>();
        var pruner = new ModuleCachePruner(
            _sandbox.GoModCache,
            new PrunePolicy { KeepProjects = [_app] },
            new PruneOptions { Progress = p => progress.Add(p), ProgressInterval = TimeSpan.FromMilliseconds(200) });

        var plan = pruner.Plan();
        var expectedRemovals = PruneTestKit.StandardVersions.Except(AppNeeds).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(plan.Removals.Select(r => r.Module.ToString()), Is.EquivalentTo(expectedRemovals));
            Assert.That(plan.Removals.Select(r => r.Rule).Distinct(), Is.EqualTo(new[] { PruneRule.NotNeededByProjects }));
            Assert.That(plan.Removals[0].Reason, Is.EqualTo("not needed by the projects"));
            Assert.That(plan.Kept.Select(k => k.Module.ToString()), Is.EquivalentTo(AppNeeds));
            Assert.That(_sandbox.Present(), Is.EquivalentTo(PruneTestKit.StandardVersions), "planning removes nothing");
        });

        var before = DiskOracle.RegularFiles(_sandbox.GoModCache);
        var listsBefore = ListBytes();
        var report = pruner.Execute(plan);
        var after = DiskOracle.RegularFiles(_sandbox.GoModCache);
        var listsShrunk = listsBefore - ListBytes();

        Assert.Multiple(() =>
        {
            Assert.That(_sandbox.Present(), Is.EquivalentTo(AppNeeds), "on disk, only what the project needs is left");
            Assert.That(report.Succeeded, Is.True);
            Assert.That(report.DryRun, Is.False);
            Assert.That(report.Removed.Select(r => r.Module.ToString()), Is.EquivalentTo(expectedRemovals));
            Assert.That(report.BytesBefore, Is.EqualTo(before.Bytes));
            Assert.That(report.BytesAfter, Is.EqualTo(after.Bytes));
            Assert.That(report.FilesAfter, Is.EqualTo(after.Files));
            Assert.That(listsShrunk, Is.GreaterThan(0), "@v/list files were rewritten without the removed versions");
            Assert.That(report.Removed.Sum(r => r.Bytes) + listsShrunk, Is.EqualTo(before.Bytes - after.Bytes), "the removals' bytes (and the shorter lists) add up to what left the disk");
            Assert.That(report.VersionsBefore, Is.EqualTo(11));
            Assert.That(report.VersionsAfter, Is.EqualTo(3));
            Assert.That(progress[^1].Phase, Is.EqualTo(PrunePhase.Done));
            Assert.That(progress[^1].VersionsDone, Is.EqualTo(8));
        });

        // The project still builds with no network; a pruned version is really gone.
        var run = _sandbox.MustGoOffline(_app, "run", ".");
        Assert.That(run.StandardOutput, Does.Contain("example.com/lib@v1.1.0"));
        var gone = _sandbox.GoOffline(_app, "mod", "download", "example.com/lib@v1.0.0");
        Assert.That(gone.Succeeded, Is.False);
        Assert.That(gone.StandardError, Does.Contain("GOPROXY=off"));

        // The report, for a script and for a job summary.
        using var json = JsonDocument.Parse(report.ToJson());
        var root = json.RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("operation").GetString(), Is.EqualTo("prune"));
            Assert.That(root.GetProperty("dryRun").GetBoolean(), Is.False);
            Assert.That(root.GetProperty("before").GetProperty("bytes").GetInt64(), Is.EqualTo(before.Bytes));
            Assert.That(root.GetProperty("after").GetProperty("versions").GetInt32(), Is.EqualTo(3));
            Assert.That(root.GetProperty("bytesFreed").GetInt64(), Is.EqualTo(before.Bytes - after.Bytes));
            Assert.That(root.GetProperty("removed").GetArrayLength(), Is.EqualTo(8));
            Assert.That(root.GetProperty("removed")[0].GetProperty("rule").GetString(), Is.EqualTo("notNeededByProjects"));
            Assert.That(root.GetProperty("kept").GetProperty("needed by the projects").GetInt32(), Is.EqualTo(3));
            Assert.That(root.GetProperty("durationSeconds").GetDouble(), Is.GreaterThan(0));
        });
        var markdown = report.ToMarkdown(maxRows: 5);
        Assert.Multiple(() =>
        {
            Assert.That(markdown, Does.StartWith("### Go module cache prune\n"));
            Assert.That(markdown, Does.Contain("| | Before | After | Freed |"));
            Assert.That(markdown, Does.Contain("| Module versions | 11 | 3 | 8 |"));
            Assert.That(markdown, Does.Contain("#### Removed (8 versions)"));
            Assert.That(markdown, Does.Contain("| Module | Version | Size | Reason |"));
            Assert.That(markdown, Does.Contain("…and 3 more"));
            Assert.That(markdown, Does.Contain("- 3 versions: needed by the projects"));
        });
    }

    [Test]
    public void Module_patterns_limit_what_is_pruned_and_the_projects_still_win()
    {
        var report = new ModuleCachePruner(
            _sandbox.GoModCache,
            new PrunePolicy { ModulePatterns = "corp.example.com/team,example.com/Upper", KeepProjects = [Path.Combine(_app, "go.sum")] }).Run();

        Assert.Multiple(() =>
        {
            Assert.That(report.Removed.Select(r => r.Module.ToString()), Is.EquivalentTo(new[] { "corp.example.com/team/y@v1.0.0", "example.com/Upper@v1.0.0" }));
            Assert.That(report.Removed.Select(r => r.Reason).First(), Does.Contain("matches 'corp.example.com/team,example.com/Upper'").And.Contain("not needed by the projects"));
            Assert.That(_sandbox.Present(), Is.EquivalentTo(PruneTestKit.StandardVersions.Except(["corp.example.com/team/y@v1.0.0", "example.com/Upper@v1.0.0"])));
            Assert.That(Directory.Exists(_sandbox.VersionDir("example.com/Upper", "v1.0.0")), Is.False, "the escaped directory (example.com/!upper@v1.0.0) went");
            Assert.That(report.Kept["does not match 'corp.example.com/team,example.com/Upper'"], Is.EqualTo(8));
        });
        _sandbox.MustGoOffline(_app, "build", "-o", Path.Combine(_app, "app.bin"), ".");
    }

    [Test]
    public void A_pattern_alone_removes_every_matching_version()
    {
        var report = new ModuleCachePruner(_sandbox.GoModCache, new PrunePolicy { ModulePatterns = "example.com/lib" }).Run();
        Assert.That(report.Removed.Select(r => r.Module.ToString()), Is.EquivalentTo(PruneTestKit.StandardVersions.Where(v => v.StartsWith("example.com/lib@", StringComparison.Ordinal))));
        Assert.That(_sandbox.Present().Where(v => v.StartsWith("example.com/lib", StringComparison.Ordinal)), Is.Empty);
        Assert.That(report.Removed[0].Rule, Is.EqualTo(PruneRule.ModulePattern));

        var build = _sandbox.GoOffline(_app, "build", "-o", Path.Combine(_app, "app.bin"), ".");
        Assert.That(build.Succeeded, Is.False, "the project needs example.com/lib, which is gone");
    }

    [Test]
    public void Keeping_the_newest_versions_follows_semver_order_with_prereleases_and_pseudo_versions()
    {
        var plan = new ModuleCachePruner(_sandbox.GoModCache, new PrunePolicy { KeepNewest = 2 }).Plan();
        Assert.That(plan.Removals.Select(r => r.Module.ToString()), Is.EquivalentTo(new[]
        {
            // lib: v1.2.1-0.2024… (a pseudo-version after v1.2.0) and v1.2.0 are the newest two.
            "example.com/lib@v1.0.0", "example.com/lib@v1.1.0", "example.com/lib@v1.2.0-rc.1",
        }));
        Assert.That(plan.Removals.All(r => r.Rule == PruneRule.NotAmongNewest && r.Reason == "not among the newest 2 of its module"), Is.True);

        var report = new ModuleCachePruner(_sandbox.GoModCache, new PrunePolicy { KeepNewest = 2, KeepProjects = [_app] }).Run();
        Assert.That(report.Removed.Select(r => r.Module.ToString()), Is.EquivalentTo(new[] { "example.com/lib@v1.0.0", "example.com/lib@v1.2.0-rc.1" }), "the project keeps v1.1.0");
        Assert.That(_sandbox.Present(), Is.EquivalentTo(PruneTestKit.StandardVersions.Except(["example.com/lib@v1.0.0", "example.com/lib@v1.2.0-rc.1"])));
        _sandbox.MustGoOffline(_app, "build", "-o", Path.Combine(_app, "app.bin"), ".");
    }

    [Test]
    public void Versions_unused_for_longer_than_the_age_go_and_the_report_says_how_last_use_was_known()
    {
        var now = DateTime.UtcNow;
        _sandbox.SetTimes("example.com/lib", "v1.0.0", now.AddDays(-60), now.AddDays(-60));
        _sandbox.SetTimes("example.com/other", "v0.2.0", now.AddDays(-90), now.AddDays(-45));
        _sandbox.SetTimes("example.com/lib", "v1.2.0", now.AddDays(-60), now.AddDays(-3));
        _sandbox.SetTimes("example.com/lib", "v1.2.0-rc.1", now.AddDays(-60), now.AddDays(-60));
        var record = UsageRecord.DefaultPath(_sandbox.GoModCache);
        UsageRecord.Update(record, [new ModuleVersion("example.com/lib", "v1.2.0-rc.1")], now.AddDays(-1));

        var pruner = new ModuleCachePruner(_sandbox.GoModCache, new PrunePolicy { UnusedFor = TimeSpan.FromDays(30), UsageRecordPath = record });
        var plan = pruner.Plan();
        var removals = plan.Removals.ToDictionary(r => r.Module.ToString());
        Assert.Multiple(() =>
        {
            Assert.That(removals.Keys, Is.EquivalentTo(new[] { "example.com/lib@v1.0.0", "example.com/other@v0.2.0" }));
            Assert.That(removals["example.com/lib@v1.0.0"].LastUse.Source, Is.EqualTo(LastUseSource.ExtractionTime));
            Assert.That(removals["example.com/lib@v1.0.0"].Reason, Does.StartWith("unused for 60 days").And.Contain("extraction time"));
            Assert.That(removals["example.com/other@v0.2.0"].LastUse.Source, Is.EqualTo(LastUseSource.AccessTime));
            Assert.That(removals["example.com/other@v0.2.0"].Reason, Does.StartWith("unused for 45 days").And.Contain("file access time"));
            Assert.That(removals.Values.All(r => r.Rule == PruneRule.Unused), Is.True);
            Assert.That(plan.Kept.Count(k => k.Detail == "used within 30 days"), Is.EqualTo(9));
        });

        var lib12 = ModuleCacheInventory.Scan(_sandbox.GoModCache);
        var usageRecord = UsageRecord.Load(record);
        Assert.Multiple(() =>
        {
            Assert.That(LastUse.Of(lib12.Find("example.com/lib", "v1.2.0")!, usageRecord).Source, Is.EqualTo(LastUseSource.AccessTime), "read 3 days ago");
            Assert.That(LastUse.Of(lib12.Find("example.com/lib", "v1.2.0-rc.1")!, usageRecord).Source, Is.EqualTo(LastUseSource.UsageRecord), "recorded yesterday");
        });

        pruner.Execute(plan);
        Assert.That(_sandbox.Present(), Is.EquivalentTo(PruneTestKit.StandardVersions.Except(["example.com/lib@v1.0.0", "example.com/other@v0.2.0"])));
        _sandbox.MustGoOffline(_app, "build", "-o", Path.Combine(_app, "app.bin"), ".");
    }

    [Test]
    public void A_use_recorded_in_the_second_of_the_extraction_is_the_last_use_even_in_a_whole_second_record()
    {
        // A build extracts a version and records its use within the same second; the record of an earlier
        // release kept whole seconds, so its time reads as up to a second before the extraction.
        var extracted = new DateTime(2026, 1, 2, 3, 4, 5, 900, DateTimeKind.Utc);
        _sandbox.SetTimes("example.com/lib", "v1.1.0", extracted, extracted);
        var path = UsageRecord.DefaultPath(_sandbox.GoModCache);
        File.WriteAllText(path, "{\"version\": 1, \"modules\": {\"example.com/lib@v1.1.0\": \"2026-01-02T03:04:05Z\", \"example.com/lib@v1.0.0\": \"2026-01-02T03:04:03Z\"}}");
        _sandbox.SetTimes("example.com/lib", "v1.0.0", extracted, extracted);

        var inventory = ModuleCacheInventory.Scan(_sandbox.GoModCache);
        var record = UsageRecord.Load(path);
        var same = LastUse.Of(inventory.Find("example.com/lib", "v1.1.0")!, record);
        var older = LastUse.Of(inventory.Find("example.com/lib", "v1.0.0")!, record);
        Assert.Multiple(() =>
        {
            Assert.That(same.Source, Is.EqualTo(LastUseSource.UsageRecord));
            Assert.That(older.Source, Is.EqualTo(LastUseSource.ExtractionTime), "a record older than the extraction is superseded");
            Assert.That(older.TimeUtc, Is.EqualTo(extracted));
        });

        UsageRecord.Update(path, [new ModuleVersion("example.com/lib", "v1.0.0")], extracted.AddMilliseconds(50));
        Assert.That(UsageRecord.Load(path).LastUse(new ModuleVersion("example.com/lib", "v1.0.0")), Is.EqualTo(extracted.AddMilliseconds(50)), "records keep milliseconds now");
    }

    [Test]
    public void A_size_limit_removes_the_least_recently_used_until_the_cache_fits()
    {
        var now = DateTime.UtcNow;
        _sandbox.SetTimes("example.com/Upper", "v1.0.0", now.AddDays(-50), now.AddDays(-50));
        _sandbox.SetTimes("corp.example.com/team/y", "v1.0.0", now.AddDays(-40), now.AddDays(-40));
        _sandbox.SetTimes("corp.example.com/other/z", "v1.0.0", now.AddDays(-30), now.AddDays(-30));
        _sandbox.SetTimes("example.com/other", "v0.2.0", now.AddDays(-20), now.AddDays(-20));
        var inventory = ModuleCacheInventory.Scan(_sandbox.GoModCache);
        long Size(string path) => inventory.Find(path, "v1.0.0")!.Bytes;
        var limit = inventory.Total.Bytes - Size("example.com/Upper") - Size("corp.example.com/team/y");

        // Plans with a percentage first: 0% cannot be reached, as the project's versions stay.
        var zero = new ModuleCachePruner(_sandbox.GoModCache, new PrunePolicy { SizeLimit = SizeParser.Parse("0%"), KeepProjects = [_app] }).Plan();
        Assert.That(zero.Removals, Has.Count.EqualTo(8));
        Assert.That(zero.Notes, Has.Some.Contains("cannot be reached"));

        var report = new ModuleCachePruner(_sandbox.GoModCache, new PrunePolicy { SizeLimit = SizeSpec.FromBytes(limit), KeepProjects = [_app] }).Run();
        Assert.Multiple(() =>
        {
            Assert.That(report.Removed.Select(r => r.Module.ToString()), Is.EqualTo(new[] { "example.com/Upper@v1.0.0", "corp.example.com/team/y@v1.0.0" }), "oldest first, and no more than needed");
            Assert.That(report.Removed.All(r => r.Rule == PruneRule.SizeLimit), Is.True);
            Assert.That(report.Removed[0].Reason, Does.StartWith("least recently used"));
            Assert.That(report.BytesAfter, Is.LessThanOrEqualTo(limit));
            Assert.That(DiskOracle.RegularFiles(_sandbox.GoModCache).Bytes, Is.LessThanOrEqualTo(limit));
            Assert.That(_sandbox.Present(), Is.EquivalentTo(PruneTestKit.StandardVersions.Except(["example.com/Upper@v1.0.0", "corp.example.com/team/y@v1.0.0"])));
        });
        _sandbox.MustGoOffline(_app, "build", "-o", Path.Combine(_app, "app.bin"), ".");
    }

    [Test]
    public void Toolchains_other_than_those_in_use_are_removed_and_modules_are_left_alone()
    {
        string[] toolchains = ["v0.0.1-go1.21.0.linux-amd64", "v0.0.1-go1.22.1.linux-amd64", "v0.0.1-go1.22.1.darwin-arm64"];
        foreach (var tc in toolchains)
        {
            FakeToolchain(tc);
        }

        var report = new ModuleCachePruner(_sandbox.GoModCache, new PrunePolicy { ToolchainsInUse = ["go1.22.1"] }).Run();
        Assert.Multiple(() =>
        {
            Assert.That(report.Removed.Select(r => r.Module.ToString()), Is.EqualTo(new[] { "golang.org/toolchain@v0.0.1-go1.21.0.linux-amd64" }));
            Assert.That(report.Removed[0].IsToolchain, Is.True);
            Assert.That(report.Removed[0].Rule, Is.EqualTo(PruneRule.ToolchainNotInUse));
            Assert.That(report.Removed[0].Bytes, Is.EqualTo(5000 + 3));
            Assert.That(Directory.Exists(_sandbox.VersionDir("golang.org/toolchain", toolchains[0])), Is.False);
            Assert.That(Directory.Exists(_sandbox.VersionDir("golang.org/toolchain", toolchains[1])), Is.True);
            Assert.That(Directory.Exists(_sandbox.VersionDir("golang.org/toolchain", toolchains[2])), Is.True);
            Assert.That(report.Kept["toolchain in use"], Is.EqualTo(2));
            Assert.That(_sandbox.Present(), Is.EquivalentTo(PruneTestKit.StandardVersions), "a toolchain rule alone leaves modules alone");
        });

        var exact = new ModuleCachePruner(_sandbox.GoModCache, new PrunePolicy { ToolchainsInUse = ["golang.org/toolchain@v0.0.1-go1.22.1.linux-amd64"] }, new PruneOptions { DryRun = true }).Run();
        Assert.That(exact.Removed.Select(r => r.Module.Version), Is.EqualTo(new[] { "v0.0.1-go1.22.1.darwin-arm64" }));
    }

    [Test]
    public void A_dry_run_removes_nothing_and_reports_what_it_would_remove()
    {
        var listing = PruneTestKit.Listing(_sandbox.GoModCache);
        var report = new ModuleCachePruner(_sandbox.GoModCache, new PrunePolicy { KeepProjects = [_app] }, new PruneOptions { DryRun = true }).Run();
        Assert.Multiple(() =>
        {
            Assert.That(PruneTestKit.Listing(_sandbox.GoModCache), Is.EqualTo(listing));
            Assert.That(report.DryRun, Is.True);
            Assert.That(report.Removed, Has.Count.EqualTo(8));
            Assert.That(report.BytesAfter, Is.EqualTo(report.BytesBefore - report.Removed.Sum(r => r.Bytes)));
            Assert.That(report.VersionsAfter, Is.EqualTo(3));
            Assert.That(report.ToMarkdown(), Does.Contain("(dry run)").And.Contain("Would free").And.Contain("#### Would remove (8 versions)"));
            Assert.That(report.ToJson(), Does.Contain("\"dryRun\": true"));
        });
    }

    [Test]
    public void Keeping_download_files_removes_only_trees_and_go_extracts_them_again_offline()
    {
        var report = new ModuleCachePruner(_sandbox.GoModCache, new PrunePolicy { ModulePatterns = "example.com/lib", KeepDownloadFiles = true }).Run();
        Assert.Multiple(() =>
        {
            Assert.That(report.Removed, Has.Count.EqualTo(5));
            Assert.That(report.Removed.All(r => r.DirectoryOnly), Is.True);
            Assert.That(report.VersionsAfter, Is.EqualTo(report.VersionsBefore), "the versions are still there, as download files");
            Assert.That(Directory.Exists(_sandbox.VersionDir("example.com/lib", "v1.1.0")), Is.False);
            Assert.That(File.Exists(_sandbox.DownloadFile("example.com/lib", "v1.1.0", ".zip")), Is.True);
        });
        var run = _sandbox.MustGoOffline(_app, "run", ".");
        Assert.That(run.StandardOutput, Does.Contain("example.com/lib@v1.1.0"));
        Assert.That(Directory.Exists(_sandbox.VersionDir("example.com/lib", "v1.1.0")), Is.True);
    }

    [Test]
    public void Bad_inputs_are_clear_errors_and_nothing_is_removed()
    {
        var listing = PruneTestKit.Listing(_sandbox.GoModCache);
        var badProject = _sandbox.Dir("projects/bad");
        File.WriteAllText(Path.Combine(badProject, "go.mod"), "module bad\n\ngo 1.18\n");
        File.WriteAllText(Path.Combine(badProject, "go.sum"), "example.com/lib v1.1.0 h1:abc=\nexample.com/lib v1.1.0/go.mod\n");
        var badRecord = Path.Combine(_sandbox.Root, "usage.json");
        File.WriteAllText(badRecord, "{ not json");

        Assert.Multiple(() =>
        {
            Assert.That(() => new ModuleCachePruner(_sandbox.GoModCache, new PrunePolicy { KeepProjects = [_app, badProject] }).Run(),
                Throws.TypeOf<GoModCacheException>().With.Message.Contains("go.sum:2: malformed"));
            Assert.That(() => new ModuleCachePruner(_sandbox.GoModCache, new PrunePolicy { ModulePatterns = "example.com/[lib" }),
                Throws.TypeOf<GoModCacheException>().With.Message.Contains("'example.com/[lib'").And.Message.Contains("malformed"));
            Assert.That(() => new ModuleCachePruner(_sandbox.GoModCache, new PrunePolicy { SizeLimit = SizeParser.Parse("5 gigs") }),
                Throws.TypeOf<GoModCacheException>().With.Message.Contains("'5 gigs' is not a size"));
            Assert.That(() => new ModuleCachePruner(_sandbox.GoModCache, new PrunePolicy()),
                Throws.TypeOf<GoModCacheException>().With.Message.Contains("policy is empty"));
            Assert.That(() => new ModuleCachePruner(_sandbox.GoModCache, new PrunePolicy { KeepNewest = 0 }),
                Throws.TypeOf<GoModCacheException>().With.Message.Contains("KeepNewest must be at least 1"));
            Assert.That(() => new ModuleCachePruner(_sandbox.GoModCache, new PrunePolicy { ToolchainsInUse = ["1.22"] }),
                Throws.TypeOf<GoModCacheException>().With.Message.Contains("'1.22' is not a Go toolchain"));
            Assert.That(() => new ModuleCachePruner(_sandbox.GoModCache, new PrunePolicy { UnusedFor = TimeSpan.FromDays(1), UsageRecordPath = badRecord }).Run(),
                Throws.TypeOf<GoModCacheException>().With.Message.Contains("not valid JSON"));
            Assert.That(() => new ModuleCachePruner(_sandbox.GoPath, new PrunePolicy { KeepNewest = 1 }),
                Throws.TypeOf<GoModCacheException>().With.Message.Contains("not a Go module cache"));
            Assert.That(() => new ModuleCachePruner(Path.Combine(_sandbox.GoModCache, "example.com"), new PrunePolicy { KeepNewest = 1 }),
                Throws.TypeOf<GoModCacheException>().With.Message.Contains("not a Go module cache"));
        });
        Assert.That(PruneTestKit.Listing(_sandbox.GoModCache), Is.EqualTo(listing), "nothing changed on disk");
    }

    [Test]
    public void Cleaning_empties_the_cache_like_go_clean_modcache_and_go_fills_it_again()
    {
        var listing = PruneTestKit.Listing(_sandbox.GoModCache);
        var dry = ModuleCacheCleaner.Clean(_sandbox.GoModCache, new PruneOptions { DryRun = true });
        Assert.Multiple(() =>
        {
            Assert.That(PruneTestKit.Listing(_sandbox.GoModCache), Is.EqualTo(listing));
            Assert.That(dry.Removed, Has.Count.EqualTo(11));
            Assert.That(dry.BytesAfter, Is.Zero);
            Assert.That(dry.ToMarkdown(), Does.StartWith("### Go module cache clean (dry run)"));
        });

        var before = DiskOracle.RegularFiles(_sandbox.GoModCache);
        var report = ModuleCacheCleaner.Clean(_sandbox.GoModCache, new PruneOptions { GoPathEntries = [_sandbox.GoPath] });
        Assert.Multiple(() =>
        {
            Assert.That(Directory.Exists(_sandbox.GoModCache), Is.True, "the root stays (it may be a mount point)");
            Assert.That(Directory.EnumerateFileSystemEntries(_sandbox.GoModCache), Is.Empty);
            Assert.That(report.Operation, Is.EqualTo(GoCaches.Operations.CacheOperation.Clean));
            Assert.That(report.BytesBefore, Is.EqualTo(before.Bytes));
            Assert.That(report.BytesAfter, Is.Zero);
            Assert.That(report.VersionsAfter, Is.Zero);
            Assert.That(report.Removed.All(r => r.Rule == PruneRule.FullClean), Is.True);
        });

        var again = ModuleCacheCleaner.Clean(_sandbox.GoModCache);
        Assert.That(again.Notes, Has.Some.Contains("empty: nothing to clean"));

        _sandbox.MustGo(_app, "build", "-o", Path.Combine(_app, "app.bin"), ".");
        Assert.That(_sandbox.Present(), Is.EquivalentTo(AppNeeds), "go downloads what it needs into the cleaned cache");
    }

    private long ListBytes() =>
        Directory.EnumerateFiles(Path.Combine(_sandbox.GoModCache, "cache", "download"), "list", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);

    // The layout Go 1.21+ leaves for a toolchain: a read-only tree and .lock/.zip/.ziphash, no .info or .mod.
    private void FakeToolchain(string version)
    {
        var dir = _sandbox.VersionDir("golang.org/toolchain", version);
        var bin = Directory.CreateDirectory(Path.Combine(dir, "bin")).FullName;
        File.WriteAllBytes(Path.Combine(bin, "go"), new byte[5000]);
        File.SetUnixFileMode(Path.Combine(bin, "go"), (UnixFileMode)0b100_100_100);
        File.SetUnixFileMode(bin, (UnixFileMode)0b101_101_101);
        File.SetUnixFileMode(dir, (UnixFileMode)0b101_101_101);
        var download = Directory.CreateDirectory(_sandbox.DownloadDir("golang.org/toolchain")).FullName;
        File.WriteAllText(Path.Combine(download, version + ".lock"), string.Empty);
        File.WriteAllText(Path.Combine(download, version + ".zip"), "zip");
        File.WriteAllText(Path.Combine(download, version + ".ziphash"), string.Empty);
    }
}
