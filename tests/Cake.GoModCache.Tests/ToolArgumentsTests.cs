using System;
using System.IO;
using System.Linq;
using Cake.Core;
using Cake.GoModCache.Build;
using NUnit.Framework;
using Path = System.IO.Path;

namespace Cake.GoModCache.Tests;

/// <summary>What each alias asks the process runner to start, and how it treats exit codes.</summary>
public class ToolArgumentsTests
{
    private string _fakeGo = null!;

    [OneTimeSetUp]
    public void MakeFakeGo()
    {
        var dir = Directory.CreateTempSubdirectory("fake-go-").FullName;
        _fakeGo = Path.Combine(dir, "go");
        File.WriteAllText(_fakeGo, "#!/bin/sh\nexit 0\n");
    }

    [OneTimeTearDown]
    public void RemoveFakeGo() => Directory.Delete(Path.GetDirectoryName(_fakeGo)!, recursive: true);

    [Test]
    public void GoBuild_without_settings_builds_the_current_package()
    {
        var fixture = new CakeFixture();
        fixture.Context.GoBuild(s => s.ToolPath = _fakeGo);
        Assert.Multiple(() =>
        {
            Assert.That(fixture.Recorder.Started[0].File.FullPath, Is.EqualTo(_fakeGo));
            Assert.That(fixture.Recorder.Started[0].Arguments, Is.EqualTo("build ."));
            Assert.That(fixture.Recorder.Started[1].Arguments, Is.EqualTo("list -deps -f \"{{with .Module}}{{if not .Main}}{{.Path}}@{{.Version}}{{end}}{{end}}\" \".\""), "then it lists the modules the build used, for the usage record");
            Assert.That(fixture.Recorder.Started, Has.Count.EqualTo(2), "no module listed: no go env, no record");
        });
    }

    [Test]
    public void GoBuild_renders_every_option_in_order()
    {
        var fixture = new CakeFixture();
        fixture.Context.GoBuild(s =>
        {
            s.ToolPath = _fakeGo;
            s.WithOutput("/out/server").WithTag("netgo", "osusergo").WithLdFlags("-s -w -X main.v=1").WithTrimPath().WithRace().WithMod("readonly")
             .WithPackage("./cmd/server", "./cmd/cli");
            s.Verbose = true;
            s.PrintCommands = true;
            s.RecordUsage = false;
        });
        Assert.That(
            fixture.OnlyProcess.Arguments,
            Is.EqualTo("build -o \"/out/server\" -tags \"netgo,osusergo\" -ldflags \"-s -w -X main.v=1\" -trimpath -race -mod=readonly -v -x \"./cmd/server\" \"./cmd/cli\""));
    }

    [Test]
    public void Go_environment_settings_become_environment_variables_and_win_over_plain_ones()
    {
        var fixture = new CakeFixture();
        fixture.Context.GoBuild(s =>
        {
            s.ToolPath = _fakeGo;
            s.EnvironmentVariables["GOOS"] = "windows";
            s.EnvironmentVariables["EXTRA"] = "kept";
            s.WithGoOS("linux").WithGoArch("arm64").WithCgo(false).WithGoFlags("-mod=mod").WithGoProxy("off").WithGoModCache("/m").WithGoCache("/c");
            s.RecordUsage = false;
        });
        var env = fixture.OnlyProcess.Settings.EnvironmentVariables;
        Assert.Multiple(() =>
        {
            Assert.That(env["GOOS"], Is.EqualTo("linux"));
            Assert.That(env["GOARCH"], Is.EqualTo("arm64"));
            Assert.That(env["CGO_ENABLED"], Is.EqualTo("0"));
            Assert.That(env["GOFLAGS"], Is.EqualTo("-mod=mod"));
            Assert.That(env["GOPROXY"], Is.EqualTo("off"));
            Assert.That(env["GOMODCACHE"], Is.EqualTo("/m"));
            Assert.That(env["GOCACHE"], Is.EqualTo("/c"));
            Assert.That(env["EXTRA"], Is.EqualTo("kept"));
        });
    }

    [Test]
    public void A_failing_go_throws_with_go_own_error_lines_and_exit_code()
    {
        var fixture = new CakeFixture();
        fixture.Recorder.Answers.Enqueue((1, [], ["go: downloading example.com/a v1.0.0", "# example.com/app", "./main.go:7:2: undefined: missing"]));
        var ex = Assert.Throws<CakeException>(() => fixture.Context.GoBuild(s => s.ToolPath = _fakeGo));
        Assert.Multiple(() =>
        {
            Assert.That(ex!.ExitCode, Is.EqualTo(1));
            Assert.That(ex.Message, Does.Contain("'go build .' failed with exit code 1"));
            Assert.That(ex.Message, Does.Contain("./main.go:7:2: undefined: missing"));
            Assert.That(ex.Message, Does.Not.Contain("go: downloading"));
            Assert.That(fixture.Log.Text, Does.Contain("./main.go:7:2: undefined: missing"), "Go's output streams into the log");
        });
    }

    [Test]
    public void HandleExitCode_lets_a_script_accept_a_failure()
    {
        var fixture = new CakeFixture();
        fixture.Recorder.Answers.Enqueue((2, [], ["boom"]));
        Assert.DoesNotThrow(() => fixture.Context.GoBuild(s => { s.ToolPath = _fakeGo; s.HandleExitCode = _ => true; }));
    }

    [Test]
    public void GoClean_renders_the_cache_flags()
    {
        var fixture = new CakeFixture();
        fixture.Context.GoClean(s => { s.ToolPath = _fakeGo; s.ModCache = true; s.Cache = true; s.TestCache = true; s.FuzzCache = true; });
        Assert.That(fixture.OnlyProcess.Arguments, Is.EqualTo("clean -modcache -cache -testcache -fuzzcache"));
    }

    [Test]
    public void GoTest_renders_its_options()
    {
        var fixture = new CakeFixture();
        fixture.Context.GoTest(s => { s.ToolPath = _fakeGo; s.Run = "TestA|TestB"; s.Race = true; s.Count = 1; s.Timeout = TimeSpan.FromSeconds(90); s.Packages.Add("./pkg/..."); });
        Assert.That(fixture.OnlyProcess.Arguments, Is.EqualTo("test -json -run \"TestA|TestB\" -race -count=1 -timeout=90s \"./pkg/...\""));
    }

    [Test]
    public void GoTest_counts_results_from_json_events_and_fails_on_failures()
    {
        var fixture = new CakeFixture();
        string[] events =
        [
            """{"Action":"run","Package":"example.com/p","Test":"TestOk"}""",
            """{"Action":"pass","Package":"example.com/p","Test":"TestOk","Elapsed":0}""",
            """{"Action":"output","Package":"example.com/p","Test":"TestBad/sub","Output":"    bad_test.go:9: want 1, got 2\n"}""",
            """{"Action":"fail","Package":"example.com/p","Test":"TestBad/sub","Elapsed":0}""",
            """{"Action":"fail","Package":"example.com/p","Test":"TestBad","Elapsed":0}""",
            """{"Action":"skip","Package":"example.com/p","Test":"TestSkip","Elapsed":0}""",
            """{"Action":"fail","Package":"example.com/p","Elapsed":0.1}""",
            """{"Action":"pass","Package":"example.com/q","Elapsed":0.1}""",
        ];
        fixture.Recorder.Answers.Enqueue((1, events, []));
        var ex = Assert.Throws<CakeException>(() => fixture.Context.GoTest(s => s.ToolPath = _fakeGo));
        Assert.That(ex!.Message, Does.Contain("Failed tests: example.com/p.TestBad/sub, example.com/p.TestBad"));
        Assert.That(fixture.Log.Text, Does.Contain("bad_test.go:9: want 1, got 2"));

        fixture.Recorder.Answers.Enqueue((1, events, []));
        var result = fixture.Context.GoTest(s => { s.ToolPath = _fakeGo; s.FailOnTestFailure = false; });
        Assert.Multiple(() =>
        {
            Assert.That(result.Passed, Is.EqualTo(1));
            Assert.That(result.Failed, Is.EqualTo(1));
            Assert.That(result.Skipped, Is.EqualTo(1));
            Assert.That(result.FailedPackages, Is.EqualTo(new[] { "example.com/p" }));
            Assert.That(result.Packages, Is.EqualTo(new[] { "example.com/p", "example.com/q" }));
            Assert.That(result.Succeeded, Is.False);
        });
    }

    [Test]
    public void GoTest_that_cannot_build_fails_with_go_errors()
    {
        var fixture = new CakeFixture();
        fixture.Recorder.Answers.Enqueue((2, [], ["go: example.com/x@v1.0.0: reading file:///p/example.com/x/@v/v1.0.0.mod: no such file or directory"]));
        var ex = Assert.Throws<CakeException>(() => fixture.Context.GoTest(s => s.ToolPath = _fakeGo));
        Assert.That(ex!.Message, Does.Contain("reading file:///p/example.com/x/@v/v1.0.0.mod"));
    }

    [Test]
    public void GoModDownload_reads_the_json_stream()
    {
        var fixture = new CakeFixture();
        string[] output =
        [
            "{", "\t\"Path\": \"example.com/a\",", "\t\"Version\": \"v1.0.0\",", "\t\"Dir\": \"/m/example.com/a@v1.0.0\",", "\t\"Sum\": \"h1:abc=\"", "}",
            "{", "\t\"Path\": \"example.com/!b\",", "\t\"Version\": \"v2.0.0\",", "\t\"Zip\": \"/m/cache/download/example.com/b/@v/v2.0.0.zip\"", "}",
        ];
        fixture.Recorder.Answers.Enqueue((0, output, []));
        var records = fixture.Context.GoModDownload(s => { s.ToolPath = _fakeGo; s.Modules.Add("example.com/a@v1.0.0"); });
        Assert.Multiple(() =>
        {
            Assert.That(fixture.OnlyProcess.Arguments, Is.EqualTo("mod download -json \"example.com/a@v1.0.0\""));
            Assert.That(records.Select(r => r.ToString()), Is.EqualTo(new[] { "example.com/a@v1.0.0", "example.com/!b@v2.0.0" }));
            Assert.That(records[0].Dir, Is.EqualTo("/m/example.com/a@v1.0.0"));
            Assert.That(records[0].Sum, Is.EqualTo("h1:abc="));
        });
    }

    [Test]
    public void GoModDownload_errors_name_the_module()
    {
        var fixture = new CakeFixture();
        fixture.Recorder.Answers.Enqueue((1, ["{\"Path\":\"example.com/gone\",\"Version\":\"v9.0.0\",\"Error\":\"not found\"}"], []));
        var ex = Assert.Throws<CakeException>(() => fixture.Context.GoModDownload(s => s.ToolPath = _fakeGo));
        Assert.That(ex!.Message, Does.Contain("example.com/gone@v9.0.0: not found"));
    }

    [Test]
    public void GoModVerify_reports_modified_and_verified_modules()
    {
        var fixture = new CakeFixture();
        fixture.Recorder.Answers.Enqueue((1, [], ["example.com/a v1.0.0: dir has been modified (/m/example.com/a@v1.0.0)", "example.com/b v1.2.0: missing ziphash: open x: no such file"]));
        fixture.Recorder.Answers.Enqueue((0, ["example.com/app", "example.com/a v1.0.0", "example.com/b v1.2.0", "example.com/c v0.1.0"], []));
        var result = fixture.Context.GoModVerify(s => s.ToolPath = _fakeGo);
        Assert.Multiple(() =>
        {
            Assert.That(fixture.Recorder.Started.Select(p => p.Arguments), Is.EqualTo(new[] { "mod verify", "list -m all" }));
            Assert.That(result.AllVerified, Is.False);
            Assert.That(result.Modified.Select(m => $"{m.Path}@{m.Version}"), Is.EqualTo(new[] { "example.com/a@v1.0.0", "example.com/b@v1.2.0" }));
            Assert.That(result.Modified[0].Problem, Does.StartWith("dir has been modified"));
            Assert.That(result.Verified, Is.EqualTo(new[] { "example.com/c@v0.1.0" }));
        });
    }

    [Test]
    public void Go_is_found_in_GOROOT_bin_when_not_on_PATH()
    {
        var fixture = new CakeFixture();
        var goroot = Path.GetDirectoryName(Path.GetDirectoryName(_fakeGo))!;
        var bin = Directory.CreateDirectory(Path.Combine(goroot, "goroot", "bin")).FullName;
        File.Copy(_fakeGo, Path.Combine(bin, "go"), overwrite: true);
        var oldPath = Environment.GetEnvironmentVariable("PATH");
        try
        {
            Environment.SetEnvironmentVariable("PATH", "/nonexistent");
            fixture.Context.GoClean(s => s.EnvironmentVariables["GOROOT"] = Path.Combine(goroot, "goroot"));
            Assert.That(fixture.OnlyProcess.File.FullPath, Is.EqualTo(Path.Combine(bin, "go")));
        }
        finally
        {
            Environment.SetEnvironmentVariable("PATH", oldPath);
        }
    }
}
