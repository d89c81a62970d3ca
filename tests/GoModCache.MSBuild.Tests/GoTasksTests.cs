using System.IO;
using System.Linq;
using GoModCache.TestSupport;
using NUnit.Framework;

namespace GoModCache.MSBuild.Tests;

/// <summary>The tasks run by hand against a real go in a sandbox (no dotnet build around them: fast).</summary>
public class GoTasksTests
{
    private GoSandbox _sandbox = null!;
    private string _project = null!;

    [SetUp]
    public void CreateSandbox()
    {
        _sandbox = GoSandbox.WithSharedBuildCache("msbuild-tasks");
        var greeter = _sandbox.Proxy.Add("example.com/Greeter", "v1.0.0", m => m.WithBulk(20, 300));
        _sandbox.PublishProxy();
        _project = _sandbox.WriteProject("svc", greeter);
    }

    [TearDown]
    public void Cleanup() => _sandbox.Dispose();

    /// <summary>The sandbox's variables as MSBuild passes them (a variable to remove becomes empty).</summary>
    internal static string[] Environment(GoSandbox sandbox) => sandbox.Environment.Select(p => p.Key + "=" + (p.Value ?? string.Empty)).ToArray();

    [Test]
    public void GoBuild_writes_the_binary()
    {
        var engine = new RecordingBuildEngine();
        var output = Path.Combine(_sandbox.Root, "out", "svc");
        var task = new GoBuild
        {
            BuildEngine = engine,
            ProjectDirectory = _project,
            Output = output,
            TrimPath = true,
            GoExecutable = TestGo.Executable,
            EnvironmentVariables = Environment(_sandbox),
        };
        Assert.Multiple(() =>
        {
            Assert.That(task.Execute(), Is.True, engine.Log);
            Assert.That(task.Built, Is.True);
            Assert.That(DiskOracle.Run(output), Does.Contain("example.com/Greeter@v1.0.0"));
            Assert.That(engine.Log, Does.Contain(TestGo.Executable + " build -o " + output + " -trimpath ."), "the command line is logged");
        });
    }

    [Test]
    public void GoBuild_turns_compile_errors_of_another_package_into_errors_with_the_full_path()
    {
        var tool = Directory.CreateDirectory(Path.Combine(_project, "cmd", "tool")).FullName;
        File.WriteAllText(Path.Combine(tool, "main.go"), "package main\n\nfunc main() {\n\tvar s string = 1\n\t_ = s\n}\n");
        var engine = new RecordingBuildEngine();
        var task = new GoBuild
        {
            BuildEngine = engine,
            ProjectDirectory = _project,
            Packages = ["./cmd/tool"],
            Output = Path.Combine(_sandbox.Root, "out", "tool"),
            GoExecutable = TestGo.Executable,
            EnvironmentVariables = Environment(_sandbox),
        };
        Assert.Multiple(() =>
        {
            Assert.That(task.Execute(), Is.False);
            Assert.That(task.Built, Is.False);
            Assert.That(engine.Errors.Select(e => (e.File, e.LineNumber, e.ColumnNumber, e.Code)), Is.EqualTo(new[] { (Path.Combine(tool, "main.go"), 4, 17, "GO") }), engine.Log);
            Assert.That(engine.Errors[0].Message, Does.StartWith("cannot use 1 (untyped int constant) as string value"));
        });
    }

    [Test]
    public void GoBuild_without_a_position_says_what_go_said()
    {
        File.Delete(Path.Combine(_project, "go.mod"));
        var engine = new RecordingBuildEngine();
        var task = new GoBuild { BuildEngine = engine, ProjectDirectory = _project, GoExecutable = TestGo.Executable, EnvironmentVariables = Environment(_sandbox) };
        Assert.Multiple(() =>
        {
            Assert.That(task.Execute(), Is.False);
            Assert.That(engine.Errors.Select(e => e.Code), Is.EqualTo(new[] { "GOMC011" }), engine.Log);
            Assert.That(engine.Errors[0].Message, Does.StartWith("'go build' exited with code 1:").And.Contain("go.mod file not found"));
        });
    }

    [Test]
    public void GoBuild_points_a_module_that_cannot_be_fetched_at_its_go_mod_line()
    {
        File.WriteAllText(Path.Combine(_project, "go.mod"), "module example.com/app/svc\n\ngo 1.18\n\nrequire example.com/Missing v1.0.0\n");
        var engine = new RecordingBuildEngine();
        var task = new GoBuild { BuildEngine = engine, ProjectDirectory = _project, GoExecutable = TestGo.Executable, EnvironmentVariables = Environment(_sandbox) };
        Assert.Multiple(() =>
        {
            Assert.That(task.Execute(), Is.False);
            Assert.That(engine.Errors, Is.Not.Empty, engine.Log);
            Assert.That(engine.Errors.Select(e => e.Message), Has.Some.Contains("example.com/Missing"));
        });
    }

    [Test]
    public void A_missing_go_is_a_clear_error()
    {
        var engine = new RecordingBuildEngine();
        var task = new GoBuild { BuildEngine = engine, ProjectDirectory = _project, GoExecutable = "/nonexistent/go" };
        Assert.Multiple(() =>
        {
            Assert.That(task.Execute(), Is.False);
            Assert.That(engine.Errors.Select(e => (e.Code, e.Message)), Is.EqualTo(new[] { ("GOMC010", "The Go tool path '/nonexistent/go' does not exist.") }));
        });
    }

    [Test]
    public void A_missing_project_directory_is_a_clear_error()
    {
        var engine = new RecordingBuildEngine();
        var missing = Path.Combine(_sandbox.Root, "nothere");
        var task = new GoModDownload { BuildEngine = engine, ProjectDirectory = missing, GoExecutable = TestGo.Executable };
        Assert.Multiple(() =>
        {
            Assert.That(task.Execute(), Is.False);
            Assert.That(engine.Errors.Select(e => (e.Code, e.Message)), Is.EqualTo(new[] { ("GOMC020", $"The directory '{missing}' where 'go mod download' should run does not exist.") }));
        });
    }

    [Test]
    public void GoModDownload_then_GoModCacheSize_measures_what_find_measures_then_GoClean_frees_it()
    {
        var engine = new RecordingBuildEngine();
        var env = Environment(_sandbox);
        Assert.That(new GoModDownload { BuildEngine = engine, ProjectDirectory = _project, GoExecutable = TestGo.Executable, EnvironmentVariables = env }.Execute(), Is.True, engine.Log);

        var size = new GoModCacheSize { BuildEngine = engine, GoExecutable = TestGo.Executable, EnvironmentVariables = env };
        Assert.That(size.Execute(), Is.True, engine.Log);
        var (bytes, files) = DiskOracle.CacheFiles(_sandbox.GoModCache);
        Assert.Multiple(() =>
        {
            Assert.That(size.ModCacheRoot, Is.EqualTo(_sandbox.GoModCache));
            Assert.That(size.BuildCacheRoot, Is.EqualTo(GoSandbox.SharedBuildCache));
            Assert.That((size.ModCacheBytes, size.ModCacheFiles), Is.EqualTo((bytes, files)));
            Assert.That(size.ModuleVersions, Is.EqualTo(1));
            Assert.That(size.Toolchains, Is.Zero);
        });

        // Sized from the zips: the same figures, and the log says so.
        var fromZips = new GoModCacheSize { BuildEngine = engine, GoExecutable = TestGo.Executable, EnvironmentVariables = env, TreesFromZips = true };
        Assert.That(fromZips.Execute(), Is.True, engine.Log);
        Assert.That((fromZips.ModCacheBytes, fromZips.ModCacheFiles, fromZips.ModuleVersions), Is.EqualTo((bytes, files, 1)));
        Assert.That(engine.Log, Does.Contain("(1 of 1 trees sized from their zips)"));

        var clean = new GoClean { BuildEngine = engine, ModCache = true, Report = true, GoExecutable = TestGo.Executable, EnvironmentVariables = env };
        Assert.Multiple(() =>
        {
            Assert.That(clean.Execute(), Is.True, engine.Log);
            Assert.That(DiskOracle.IsEmptyCache(_sandbox.GoModCache), Is.True);
            Assert.That(clean.ModCacheBytesFreed, Is.EqualTo(bytes));
            Assert.That(engine.Log, Does.Contain($"cleaned the Go module cache {_sandbox.GoModCache}: freed "));
        });
    }

    [Test]
    public void GoModCacheCheck_asks_go_where_the_caches_are()
    {
        _sandbox.MustGo(_project, "mod", "download");
        var engine = new RecordingBuildEngine();
        var task = new GoModCacheCheck { BuildEngine = engine, ModCacheSizeLimit = "1KiB", GoExecutable = TestGo.Executable, EnvironmentVariables = Environment(_sandbox) };
        Assert.Multiple(() =>
        {
            Assert.That(task.Execute(), Is.True, engine.Log);
            Assert.That(task.ModCacheExceeded, Is.True);
            Assert.That(engine.Warnings.Select(w => w.Code), Is.EqualTo(new[] { "GOMC001" }));
            Assert.That(engine.Warnings[0].Message, Does.Contain(_sandbox.GoModCache));
        });
    }

    [Test]
    public void GoClean_with_nothing_to_clean_does_not_start_go()
    {
        var engine = new RecordingBuildEngine();
        Assert.That(new GoClean { BuildEngine = engine, GoExecutable = TestGo.Executable }.Execute(), Is.True);
        Assert.That(engine.Log, Does.Contain("nothing to clean").And.Not.Contain("clean -"));
    }
}
