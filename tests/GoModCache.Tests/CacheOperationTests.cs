using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoCaches;
using GoCaches.Ci;
using GoCaches.Inventory;
using GoCaches.Operations;
using GoCaches.Pruning;
using GoCaches.Reports;
using GoModCache.TestSupport;
using NUnit.Framework;

namespace GoModCache.Tests;

/// <summary>
/// Issue 10: the engine owns the size, prune, module cache clean and build cache trim operations: each request is
/// validated by the engine, text inputs are read by the engine, each operation returns a typed result, tells its
/// lines as typed events and publishes its outputs to the CI through one publisher.
/// </summary>
[NonParallelizable]
public class CacheOperationTests
{
    private string _dir = null!;

    [SetUp]
    public void MakeDirectory()
    {
        _dir = Path.Combine(Path.GetTempPath(), "gomodcache-tests", "operations-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void Cleanup() => GoSandbox.ForceDelete(_dir);

    [Test]
    public void Each_request_is_validated_by_the_engine()
    {
        var abs = _dir;
        Assert.Multiple(() =>
        {
            Assert.That(() => CacheSize.Run(new CacheSizeRequest()), Throws.TypeOf<GoModCacheException>().With.Message.Contains("nothing to measure"));
            Assert.That(() => CacheSize.Run(new CacheSizeRequest { BuildCacheOff = true }), Throws.TypeOf<GoModCacheException>().With.Message.EqualTo("Go's build cache is off (GOCACHE=off): there is nothing to measure."));
            Assert.That(() => CacheSize.Run(new CacheSizeRequest { ModuleCacheRoot = "pkg/mod" }), Throws.TypeOf<GoModCacheException>().With.Message.Contains("'pkg/mod' is not an absolute path"));

            Assert.That(() => ModuleCachePrune.Run(new ModuleCachePruneRequest()), Throws.TypeOf<GoModCacheException>().With.Message.Contains("needs the module cache root"));
            Assert.That(() => ModuleCachePrune.Run(new ModuleCachePruneRequest { Root = "mod" }), Throws.TypeOf<GoModCacheException>().With.Message.Contains("'mod' is not an absolute path"));
            Assert.That(() => ModuleCachePrune.Run(new ModuleCachePruneRequest { Root = abs, GracePeriod = TimeSpan.FromHours(2) }), Throws.TypeOf<GoModCacheException>().With.Message.Contains("grace period"));
            Assert.That(() => ModuleCachePrune.Run(new ModuleCachePruneRequest { Root = abs, LeaseWait = TimeSpan.FromSeconds(-1) }), Throws.TypeOf<GoModCacheException>().With.Message.Contains("wait for other builds"));
            Assert.That(() => ModuleCachePrune.Run(new ModuleCachePruneRequest { Root = abs, KeepProjects = ["app/go.mod"] }), Throws.TypeOf<GoModCacheException>().With.Message.Contains("'app/go.mod' is not an absolute path"));

            Assert.That(() => ModuleCacheClean.Run(new ModuleCacheCleanRequest()), Throws.TypeOf<GoModCacheException>().With.Message.Contains("needs the module cache root"));
            Assert.That(() => ModuleCacheClean.Run(new ModuleCacheCleanRequest { Root = abs, ProgressInterval = TimeSpan.Zero }), Throws.TypeOf<GoModCacheException>().With.Message.Contains("progress interval"));

            Assert.That(() => BuildCacheTrim.Run(new BuildCacheTrimRequest()), Throws.TypeOf<GoModCacheException>().With.Message.EqualTo("Go's build cache is off (GOCACHE=off): there is nothing to trim."));
            Assert.That(() => BuildCacheTrim.Run(new BuildCacheTrimRequest { Root = abs, UnusedFor = TimeSpan.FromDays(-1) }), Throws.TypeOf<GoModCacheException>().With.Message.Contains("UnusedFor cannot be negative"));
            Assert.That(() => BuildCacheTrim.Run(new BuildCacheTrimRequest { Root = "gocache" }), Throws.TypeOf<GoModCacheException>().With.Message.Contains("'gocache' is not an absolute path"));
        });
    }

    [Test]
    public void Every_removal_request_takes_the_shared_parts_from_another_so_front_ends_map_them_once()
    {
        using var token = new System.Threading.CancellationTokenSource();
        Action<string> azure = _ => { };
        var shared = new ModuleCacheCleanRequest
        {
            Root = _dir,
            DryRun = true,
            LeaseWait = TimeSpan.FromSeconds(7),
            GoPathEntries = [_dir + "/gopath"],
            ProgressInterval = TimeSpan.FromSeconds(3),
            CancellationToken = token.Token,
            Reports = new ReportFiles { Json = _dir + "/r.json" },
            Ci = CiTarget.FromEnvironment(true, _ => null),
            AzureCommand = azure,
            BuildCacheRoot = _dir + "/gocache",
        };
        var sharedProperties = typeof(RemovalRequest).GetProperties().Where(p => p.DeclaringType == typeof(RemovalRequest) || p.DeclaringType == typeof(OperationRequest)).ToList();
        var defaults = new ModuleCacheCleanRequest();
        Assert.That(sharedProperties.Select(p => p.Name), Is.EquivalentTo(new[] { "Root", "DryRun", "LeaseWait", "GoPathEntries", "ProgressInterval", "CancellationToken", "Reports", "Ci", "AzureCommand" }), "the parts every removal request shares (a new one: set it above)");
        Assert.That(sharedProperties.Where(p => Equals(p.GetValue(shared), p.GetValue(defaults))).Select(p => p.Name), Is.Empty, "the test sets every shared part apart from its default");
        RemovalRequest[] made = [new ModuleCachePruneRequest(shared), new ModuleCacheCleanRequest(shared), new BuildCacheTrimRequest(shared) { SizeLimit = SizeParser.Parse("1GB") }];
        foreach (var request in made)
        {
            Assert.Multiple(() =>
            {
                foreach (var p in sharedProperties)
                {
                    Assert.That(p.GetValue(request), Is.EqualTo(p.GetValue(shared)), request.GetType().Name + "." + p.Name);
                }
            });
        }

        Assert.Multiple(() =>
        {
            Assert.That(((ModuleCacheCleanRequest)made[1]).BuildCacheRoot, Is.Null, "what is not shared is not taken");
            Assert.That(((BuildCacheTrimRequest)made[2]).SizeLimit, Is.EqualTo(SizeParser.Parse("1GB")), "and each request adds its own");
            Assert.That(() => new ModuleCachePruneRequest(null!), Throws.ArgumentNullException);
        });
    }

    [Test]
    public void Text_inputs_are_read_by_the_engine_naming_the_parameter()
    {
        Assert.Multiple(() =>
        {
            Assert.That(OperationInput.ParseCount("KeepNewest", " 3 "), Is.EqualTo(3));
            Assert.That(OperationInput.ParseCount("KeepNewest", ""), Is.Null);
            Assert.That(() => OperationInput.ParseCount("KeepNewest", "two"), Throws.TypeOf<GoModCacheException>().With.Message.EqualTo("KeepNewest 'two' is not a whole number."));
            Assert.That(OperationInput.ParseAge("UnusedFor", "0.5"), Is.EqualTo(TimeSpan.FromHours(12)));
            Assert.That(OperationInput.ParseAge("UnusedFor", "7.12:00:00"), Is.EqualTo(TimeSpan.FromHours(180)));
            Assert.That(() => OperationInput.ParseAge("UnusedFor", "a week"), Throws.TypeOf<GoModCacheException>().With.Message.StartsWith("UnusedFor 'a week' is neither a number of days"));
            Assert.That(OperationInput.ParseSeconds("GracePeriodSeconds", "0.5", "2, 0.5"), Is.EqualTo(TimeSpan.FromSeconds(0.5)));
            Assert.That(() => OperationInput.ParseSeconds("GracePeriodSeconds", "-1", "2, 0.5"), Throws.TypeOf<GoModCacheException>().With.Message.EqualTo("GracePeriodSeconds '-1' is not a number of seconds from 0 to 3600 (2, 0.5)."));
            Assert.That(() => OperationInput.ParseSeconds("WaitForOtherBuildsSeconds", "3601", "30, 0.5"), Throws.TypeOf<GoModCacheException>());
            Assert.That(OperationInput.ParseSize("SizeLimit", "50%")!.Value.Kind, Is.EqualTo(SizeKind.Percent));
            Assert.That(() => OperationInput.ParseSize("SizeLimit", "5 XB"), Throws.TypeOf<GoModCacheException>().With.Message.StartsWith("SizeLimit: '5 XB' is not a size"));
            Assert.That(OperationInput.ParseLimit("GoModCacheSizeLimit", " "), Is.Null);
            Assert.That(OperationInput.ParseLimit("GoModCacheSizeLimit", "5GB"), Is.EqualTo(GoCaches.Checks.CacheLimitCheckRequest.ParseLimit("5GB")));
            Assert.That(() => OperationInput.ParseLimit("GoModCacheSizeLimit", "50%"), Throws.TypeOf<GoModCacheException>().With.Message.StartsWith("GoModCacheSizeLimit: '50%' is a percentage"));
            Assert.That(OperationInput.ParseMinFreeSpace("GoModCacheMinFreeSpace", "10%")!.Value.Kind, Is.EqualTo(SizeKind.Percent));
            Assert.That(OperationInput.ParseMinFreeSpace("GoModCacheMinFreeSpace", null), Is.Null);
            Assert.That(() => OperationInput.ParseMinFreeSpace("GoModCacheMinFreeSpace", "ten"), Throws.TypeOf<GoModCacheException>().With.Message.StartsWith("GoModCacheMinFreeSpace: 'ten'"));
        });
    }

    [Test]
    public void The_publisher_writes_step_outputs_and_Azure_variables_named_after_the_operation()
    {
        var output = Path.Combine(_dir, "github_output");
        File.WriteAllText(output, "earlier=1\n");
        var azure = new List<string>();
        var target = CiTarget.FromEnvironment(true, name => name switch { "GITHUB_OUTPUT" => output, "TF_BUILD" => "True", _ => null });
        var published = CiPublisher.Publish(target, [CiOutput.For(CacheOperation.Prune, "bytes-freed", 1234L), CiOutput.For(CacheOperation.PrepareForSave, "dry-run", true)], azure.Add);
        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(output), Is.EqualTo("earlier=1\nprune-bytes-freed=1234\nprepare-for-save-dry-run=true\n"));
            Assert.That(azure, Is.EqualTo(new[] { "##vso[task.setvariable variable=GOCACHE_PRUNE_BYTES_FREED]1234", "##vso[task.setvariable variable=GOCACHE_PREPARE_FOR_SAVE_DRY_RUN]true" }));
            Assert.That(published!.Published, Is.True);
            Assert.That(published.ToString(), Does.Contain("'prune-bytes-freed'").And.Contain("GOCACHE_PRUNE_BYTES_FREED"));
            Assert.That(CiTarget.FromEnvironment(false, _ => output), Is.EqualTo(CiTarget.None));
            Assert.That(CiPublisher.Publish(CiTarget.None, [CiOutput.For(CacheOperation.Size, "x", 1)]), Is.Null);
        });

        var unwritable = CiPublisher.Publish(new CiTarget { GitHubOutput = Path.Combine(_dir, "missing", "dir", "out") }, [CiOutput.For(CacheOperation.Trim, "bytes-freed", 0)]);
        Assert.That(unwritable!.Published, Is.False);
    }

    [Test]
    public void Size_prune_and_clean_return_typed_results_events_and_outputs()
    {
        var (sandbox, app) = PruneTestKit.PopulateStandardCache("operations");
        try
        {
            var output = Path.Combine(_dir, "github_output");
            var ci = new CiTarget { GitHubOutput = output };
            var events = new List<CacheOperationEvent>();

            var size = CacheSize.Run(new CacheSizeRequest { ModuleCacheRoot = sandbox.GoModCache, Ci = ci, Reports = new ReportFiles { Html = Path.Combine(_dir, "size.html") } }, events.Add);
            Assert.Multiple(() =>
            {
                Assert.That(size.ModuleCache!.Modules, Has.Count.EqualTo(PruneTestKit.StandardVersions.Length));
                Assert.That(size.BuildCache, Is.Null);
                Assert.That(size.Reports.Single().Written, Is.True);
                Assert.That(events.Select(e => (e.Operation, e.Kind)), Does.Contain((CacheOperation.Size, CacheOperationEventKind.Measured)).And.Contain((CacheOperation.Size, CacheOperationEventKind.Published)));
                Assert.That(Outputs(output)["size-module-versions"], Is.EqualTo(PruneTestKit.StandardVersions.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                Assert.That(Outputs(output)["size-modcache-bytes"], Is.EqualTo(size.ModuleCache.Total.Bytes.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            });

            events.Clear();
            var dry = ModuleCachePrune.Run(new ModuleCachePruneRequest { Root = sandbox.GoModCache, KeepProjects = [app], DryRun = true, GracePeriod = TimeSpan.Zero }, events.Add);
            Assert.Multiple(() =>
            {
                Assert.That(dry.Operation, Is.EqualTo(CacheOperation.Prune));
                Assert.That(dry.Report.Kind, Is.EqualTo(CacheOperation.Prune));
                Assert.That(dry.Report.Operation, Is.EqualTo("prune"), "the string stays for the JSON and existing callers");
                Assert.That(dry.Report.Removed.Select(r => r.Rule).Distinct(), Is.EqualTo(new[] { PruneRule.NotNeededByProjects }));
                Assert.That(dry.Report.KeptByReason[PruneKeepReason.NeededByProjects], Is.EqualTo(3));
                Assert.That(dry.Report.KeptByReason.Values.Sum(), Is.EqualTo(dry.Report.Kept.Values.Sum()), "the typed and the worded keep reasons count the same versions");
                Assert.That(sandbox.Present(), Is.EquivalentTo(PruneTestKit.StandardVersions), "a dry run removes nothing");
                Assert.That(events.Count(e => e.Kind == CacheOperationEventKind.Removed), Is.EqualTo(dry.Report.Removed.Count));
                Assert.That(events.Single(e => e.Kind == CacheOperationEventKind.Summary).Message, Does.Contain("would remove").And.Contain("dry run, nothing was removed"));
                Assert.That(dry.Published, Is.Null, "no CI asked for");
            });

            events.Clear();
            var prune = ModuleCachePrune.Run(new ModuleCachePruneRequest { Root = sandbox.GoModCache, KeepProjects = [app], GracePeriod = TimeSpan.Zero, Ci = ci }, events.Add);
            Assert.Multiple(() =>
            {
                Assert.That(prune.Succeeded, Is.True);
                Assert.That(prune.Report.Removed.Select(r => r.Module.ToString()), Is.EquivalentTo(dry.Report.Removed.Select(r => r.Module.ToString())));
                Assert.That(sandbox.Present(), Has.Count.EqualTo(3));
                Assert.That(Outputs(output)["prune-versions-removed"], Is.EqualTo(prune.Report.Removed.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                Assert.That(Outputs(output)["prune-bytes-freed"], Is.EqualTo(prune.Report.BytesFreed.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                Assert.That(Outputs(output)["prune-dry-run"], Is.EqualTo("false"));
            });

            events.Clear();
            var clean = ModuleCacheClean.Run(new ModuleCacheCleanRequest { Root = sandbox.GoModCache, LeaseWait = TimeSpan.Zero, Ci = ci, Reports = new ReportFiles { Json = Path.Combine(_dir, "clean.json") } }, events.Add);
            Assert.Multiple(() =>
            {
                Assert.That(clean.Operation, Is.EqualTo(CacheOperation.Clean));
                Assert.That(clean.Report.Removed.Select(r => r.Rule).Distinct(), Is.EqualTo(new[] { PruneRule.FullClean }));
                Assert.That(sandbox.Present(), Is.Empty);
                Assert.That(File.ReadAllText(Path.Combine(_dir, "clean.json")), Does.Contain("\"operation\": \"clean\""));
                Assert.That(events.Single(e => e.Kind == CacheOperationEventKind.Summary).Message, Does.StartWith($"cleaned the Go module cache {sandbox.GoModCache}: removed 3 module versions"));
                Assert.That(Outputs(output)["clean-versions-removed"], Is.EqualTo("3"));
            });
        }
        finally
        {
            sandbox.Dispose();
        }
    }

    [Test]
    public void The_trim_applies_Go_s_own_age_without_rules_and_returns_a_typed_result()
    {
        var sandbox = new GoSandbox("operations-trim");
        try
        {
            sandbox.SeedBuildCache("operations-trim");
            Assert.That(new BuildCacheTrimRequest { Root = sandbox.GoCache }.ToPolicy().UnusedFor, Is.EqualTo(TimeSpan.FromDays(5) + TimeSpan.FromHours(1)), "Go's own rule when no rule is given");
            Assert.That(new BuildCacheTrimRequest { Root = sandbox.GoCache, SizeLimit = SizeParser.Parse("1MB") }.ToPolicy().UnusedFor, Is.Null);

            var events = new List<CacheOperationEvent>();
            var output = Path.Combine(_dir, "github_output");
            var before = BuildCacheInventory.Scan(sandbox.GoCache).Total.Bytes;
            var trim = BuildCacheTrim.Run(new BuildCacheTrimRequest { Root = sandbox.GoCache, SizeLimit = SizeParser.Parse("50%"), CacheIdle = true, Ci = new CiTarget { GitHubOutput = output } }, events.Add);
            Assert.Multiple(() =>
            {
                Assert.That(trim.Succeeded, Is.True);
                Assert.That(trim.Report.Removed, Is.Not.Empty);
                Assert.That(BuildCacheInventory.Scan(sandbox.GoCache).Total.Bytes, Is.LessThanOrEqualTo(before / 2 + 4096));
                Assert.That(events.Single(e => e.Kind == CacheOperationEventKind.Summary).Message, Does.StartWith($"trimmed the Go build cache {sandbox.GoCache}: removed {trim.Report.Removed.Count} entries"));
                Assert.That(Outputs(output)["trim-entries-removed"], Is.EqualTo(trim.Report.Removed.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                Assert.That(Outputs(output)["trim-bytes-freed"], Is.EqualTo(trim.Report.BytesFreed.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            });
        }
        finally
        {
            sandbox.Dispose();
        }
    }

    private static Dictionary<string, string> Outputs(string file)
    {
        var outputs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadAllLines(file))
        {
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            outputs[line[..eq]] = line[(eq + 1)..];
        }

        return outputs;
    }
}
