using System.IO;
using System.Linq;
using Microsoft.Build.Framework;
using NUnit.Framework;

namespace GoModCache.MSBuild.Tests;

/// <summary>The check on cache roots given directly: no go command is involved (a go that does not exist proves it).</summary>
public class GoModCacheCheckTests
{
    private const string NoGo = "/nonexistent/bin/go";
    private string _root = null!;
    private string _modCache = null!;
    private string _buildCache = null!;

    [SetUp]
    public void MakeCaches()
    {
        _root = Directory.CreateTempSubdirectory("gomodcache-check-").FullName;
        _modCache = Path.Combine(_root, "mod");
        _buildCache = Path.Combine(_root, "build");
        Directory.CreateDirectory(Path.Combine(_modCache, "cache", "download"));
        Directory.CreateDirectory(Path.Combine(_buildCache, "0a"));
        for (var i = 0; i < 3; i++)
        {
            File.WriteAllBytes(Path.Combine(_modCache, "cache", "download", $"f{i}"), new byte[1000]);
        }

        File.WriteAllBytes(Path.Combine(_buildCache, "0a", "0a12-d"), new byte[1500]);
    }

    [TearDown]
    public void RemoveCaches() => Directory.Delete(_root, recursive: true);

    private (GoModCacheCheck Task, RecordingBuildEngine Engine, bool Result) Run(string? modLimit, string? buildLimit = null, string? action = null)
    {
        var engine = new RecordingBuildEngine();
        var task = new GoModCacheCheck
        {
            BuildEngine = engine,
            ModCacheSizeLimit = modLimit,
            BuildCacheSizeLimit = buildLimit,
            Action = action,
            ModCacheRoot = _modCache,
            BuildCacheRoot = _buildCache,
            GoExecutable = NoGo,
        };
        var result = task.Execute();
        return (task, engine, result);
    }

    [Test]
    public void Over_the_limit_warns_by_default()
    {
        var (task, engine, result) = Run("2KB");
        Assert.Multiple(() =>
        {
            Assert.That(result, Is.True, engine.Log);
            Assert.That(task.ModCacheExceeded, Is.True);
            Assert.That(task.ModCacheBytes, Is.EqualTo(3000));
            Assert.That(engine.Errors, Is.Empty);
            Assert.That(engine.Warnings.Select(w => w.Code), Is.EqualTo(new[] { "GOMC001" }));
            Assert.That(engine.Warnings[0].Message, Does.Contain(_modCache).And.Contain("2.9 KiB (3,000 bytes)").And.Contain("over the limit of 2KB (2,000 bytes)"));
        });
    }

    [Test]
    public void Within_the_limit_is_quiet()
    {
        var (task, engine, result) = Run("1 MiB", "1.5KB");
        Assert.Multiple(() =>
        {
            Assert.That(result, Is.True, engine.Log);
            Assert.That(task.ModCacheExceeded, Is.False);
            Assert.That(task.BuildCacheExceeded, Is.False);
            Assert.That(task.BuildCacheBytes, Is.EqualTo(1500));
            Assert.That(engine.Warnings, Is.Empty);
            Assert.That(engine.Errors, Is.Empty);
        });
    }

    [Test]
    public void Error_action_fails_the_build_with_the_cache_code()
    {
        var (task, engine, result) = Run(null, "1KB", "Error");
        Assert.Multiple(() =>
        {
            Assert.That(result, Is.False);
            Assert.That(task.BuildCacheExceeded, Is.True);
            Assert.That(task.ModCacheBytes, Is.Zero, "a cache without a limit is not measured");
            Assert.That(engine.Errors.Select(e => e.Code), Is.EqualTo(new[] { "GOMC002" }));
            Assert.That(engine.Errors[0].Message, Does.Contain(_buildCache).And.Contain("go clean -cache"));
        });
    }

    [Test]
    public void Clean_action_reports_the_caches_to_clean_without_warning()
    {
        var (task, engine, result) = Run("1KB", "1KB", "clean");
        Assert.Multiple(() =>
        {
            Assert.That(result, Is.True, engine.Log);
            Assert.That(task.ModCacheExceeded, Is.True);
            Assert.That(task.BuildCacheExceeded, Is.True);
            Assert.That(engine.Warnings, Is.Empty);
            Assert.That(engine.Errors, Is.Empty);
            Assert.That(engine.Messages.Where(m => m.Importance == MessageImportance.High).Select(m => m.Message), Has.Exactly(2).Contains("cleaning it"));
        });
    }

    [Test]
    public void Prune_action_reports_the_module_cache_to_prune_and_the_build_cache_to_clean()
    {
        var (task, engine, result) = Run("1KB", "1KB", "Prune");
        var high = engine.Messages.Where(m => m.Importance == MessageImportance.High).Select(m => m.Message).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(result, Is.True, engine.Log);
            Assert.That((task.ModCacheExceeded, task.BuildCacheExceeded), Is.EqualTo((true, true)));
            Assert.That(engine.Warnings, Is.Empty);
            Assert.That(high, Has.Exactly(1).Contains(_modCache).And.Contains("pruning it down to the limit, least recently used first"));
            Assert.That(high, Has.Exactly(1).Contains(_buildCache).And.Contains("cleaning it"));
        });
    }

    [Test]
    public void A_limit_that_does_not_parse_is_an_error_that_names_the_property()
    {
        var (_, engine, result) = Run("5 XB");
        Assert.Multiple(() =>
        {
            Assert.That(result, Is.False);
            Assert.That(engine.Errors.Select(e => e.Code), Is.EqualTo(new[] { "GOMC003" }));
            Assert.That(engine.Errors[0].Message, Does.StartWith("GoModCacheSizeLimit: ").And.Contain("unknown unit 'XB'"));
        });
    }

    [Test]
    public void Every_parameter_that_does_not_read_is_its_own_error_with_the_engine_s_message_and_nothing_is_checked()
    {
        var engine = new RecordingBuildEngine();
        var task = new GoModCacheCheck
        {
            BuildEngine = engine,
            ModCacheSizeLimit = "5 XB",
            BuildCacheSizeLimit = "50%",
            MinFreeSpace = "ten",
            GracePeriodSeconds = "-1",
            WaitForOtherBuildsSeconds = "3601",
            Action = "Clean",
            ModCacheRoot = _modCache,
            BuildCacheRoot = _buildCache,
            GoExecutable = NoGo,
        };
        var result = task.Execute();
        string Expected(System.Func<object?> read)
        {
            try
            {
                read();
                return "read";
            }
            catch (GoCaches.GoModCacheException ex)
            {
                return ex.Message;
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(result, Is.False);
            Assert.That(engine.Errors.Select(e => e.Code), Is.EqualTo(new[] { "GOMC003", "GOMC003", "GOMC003", "GOMC006", "GOMC006" }));
            Assert.That(engine.Errors.Select(e => e.Message), Is.EqualTo(new[]
            {
                "GoModCacheSizeLimit: " + Expected(() => GoCaches.Checks.CacheLimitCheckRequest.ParseLimit("5 XB")),
                "GoBuildCacheSizeLimit: " + Expected(() => GoCaches.Checks.CacheLimitCheckRequest.ParseLimit("50%")),
                "GoModCacheMinFreeSpace: " + Expected(() => GoCaches.Checks.CacheLimitCheckRequest.ParseMinFreeSpace("ten")),
                "GoModCacheCheck: GracePeriodSeconds '-1' is not a number of seconds from 0 to 3600 (2, 0.5).",
                "GoModCacheCheck: WaitForOtherBuildsSeconds '3601' is not a number of seconds from 0 to 3600 (2, 0.5).",
            }));
            Assert.That(task.ModCacheBytes, Is.Zero, "nothing was measured");
            Assert.That(Directory.Exists(_modCache), Is.True, "nothing was cleaned");
        });
    }

    // The engine's SizeParser: KB/MB/GB are powers of 1000, KiB/Ki and the bare K/M/G powers of 1024 (as du -h), fractions round down.
    [TestCase("2999", true)]
    [TestCase("3000", false)]
    [TestCase("3KB", false)]
    [TestCase("2.9KiB", true)]
    [TestCase("2.93 kib", false)]
    [TestCase("3K", false)]
    [TestCase("2K", true)]
    [TestCase("3 Ki", false)]
    [TestCase(" 0.001 mb ", true)]
    public void Limits_are_parsed_by_the_engine(string limit, bool exceeded)
    {
        var (task, engine, result) = Run(limit);
        Assert.Multiple(() =>
        {
            Assert.That(result, Is.True, engine.Log);
            Assert.That(task.ModCacheExceeded, Is.EqualTo(exceeded));
        });
    }

    [TestCase("50%", "is a percentage")]
    [TestCase("1.5", "must be whole")]
    [TestCase("-1GB", "cannot be negative")]
    [TestCase("5 gigabytes", "unknown unit 'gigabytes'")]
    public void A_limit_that_is_not_a_size_is_an_error(string limit, string reason)
    {
        var (_, engine, result) = Run(null, limit);
        Assert.Multiple(() =>
        {
            Assert.That(result, Is.False);
            Assert.That(engine.Errors.Select(e => e.Code), Is.EqualTo(new[] { "GOMC003" }));
            Assert.That(engine.Errors[0].Message, Does.StartWith("GoBuildCacheSizeLimit: ").And.Contain(reason));
        });
    }

    [Test]
    public void An_unknown_action_is_an_error()
    {
        var (_, engine, result) = Run("5GB", action: "Delete");
        Assert.Multiple(() =>
        {
            Assert.That(result, Is.False);
            Assert.That(engine.Errors.Select(e => e.Code), Is.EqualTo(new[] { "GOMC004" }));
        });
    }

    [TestCase("Warn,Fail")]
    [TestCase("1")]
    [TestCase("Errors")]
    public void An_action_that_is_not_one_name_is_an_error(string action)
    {
        var (_, engine, result) = Run("1KB", action: action);
        Assert.Multiple(() =>
        {
            Assert.That(result, Is.False);
            Assert.That(engine.Errors.Select(e => e.Code), Is.EqualTo(new[] { "GOMC004" }));
            Assert.That(File.Exists(Path.Combine(_modCache, "cache", "download", "f0")), Is.True);
        });
    }

    [TestCase("Fail")]
    [TestCase("fail")]
    [TestCase("Error")]
    public void Fail_and_its_synonym_Error_fail_the_build_with_the_cache_code(string action)
    {
        var (task, engine, result) = Run(null, "1KB", action);
        Assert.Multiple(() =>
        {
            Assert.That(result, Is.False);
            Assert.That(task.ActionTaken, Is.EqualTo("Fail"));
            Assert.That(task.Steps, Is.EqualTo(new[] { "Failed" }));
            Assert.That(engine.Errors.Select(e => e.Code), Is.EqualTo(new[] { "GOMC002" }));
        });
    }

    [Test]
    public void Without_limits_nothing_is_measured_and_go_is_not_needed()
    {
        var engine = new RecordingBuildEngine();
        var task = new GoModCacheCheck { BuildEngine = engine, GoExecutable = NoGo };
        Assert.Multiple(() =>
        {
            Assert.That(task.Execute(), Is.True, engine.Log);
            Assert.That(engine.Errors, Is.Empty);
        });
    }

    [Test]
    public void Without_roots_go_is_asked_and_a_missing_go_is_a_clear_error()
    {
        var engine = new RecordingBuildEngine();
        var task = new GoModCacheCheck { BuildEngine = engine, ModCacheSizeLimit = "5GB", GoExecutable = NoGo };
        Assert.Multiple(() =>
        {
            Assert.That(task.Execute(), Is.False);
            Assert.That(engine.Errors.Select(e => e.Code), Is.EqualTo(new[] { "GOMC012" }));
            Assert.That(engine.Errors[0].Message, Does.Contain(NoGo).And.Contain("does not exist"));
        });
    }
}
