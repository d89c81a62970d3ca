using System;
using System.Globalization;
using System.IO;
using System.Linq;
using GoModCache.TestSupport;
using NUnit.Framework;

namespace GoModCache.MSBuild.Tests;

/// <summary>
/// Never stale, never wasteful: 'dotnet build' (the packed package, a real MSBuild, a real go) rebuilds the Go binary
/// when anything that changes it changes, settings and environment included, and starts no go at all otherwise. The
/// go on PATH is a wrapper script that logs each call and then runs the go under test, so "no go ran" is seen, not
/// inferred from the log of MSBuild.
/// </summary>
[NonParallelizable]
public class MSBuildIncrementalBuildTests
{
    private string _feed = null!;
    private string _nugetPackages = null!;
    private string _version = null!;
    private GoSandbox _sandbox = null!;
    private string _goProject = null!;
    private string _app = null!;
    private string _calls = null!;
    private string _wrapperDirectory = null!;

    private string ProjectFile => Path.Combine(_app, "app.csproj");

    [OneTimeSetUp]
    public void PackTheTasks()
    {
        _feed = Directory.CreateTempSubdirectory("gomodcache-msbuild-feed-").FullName;
        _nugetPackages = Directory.CreateTempSubdirectory("gomodcache-msbuild-nuget-").FullName;
        _version = "0.0.1-incr." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);
        Repository.Pack("src/GoModCache.MSBuild/GoModCache.MSBuild.csproj", Repository.ConfigurationOf(typeof(MSBuildIncrementalBuildTests).Assembly), _feed, _version);
    }

    [OneTimeTearDown]
    public void RemoveFeed()
    {
        Directory.Delete(_feed, recursive: true);
        Directory.Delete(_nugetPackages, recursive: true);
    }

    [SetUp]
    public void CreateSample()
    {
        _sandbox = GoSandbox.WithSharedBuildCache("msbuild-incr");
        var greeter = _sandbox.Proxy.Add("example.com/Greeter", "v1.0.0", m => m.WithBulk(10, 200));
        _sandbox.PublishProxy();
        _goProject = _sandbox.WriteProject("svc", greeter);
        File.WriteAllText(Path.Combine(_goProject, "version.go"), "package main\n\nimport \"fmt\"\n\nvar version = \"dev\"\n\nfunc init() { fmt.Println(\"version \" + version) }\n");
        File.WriteAllText(Path.Combine(_goProject, "blue.go"), "//go:build blue\n\npackage main\n\nimport \"fmt\"\n\nfunc init() { fmt.Println(\"flavor blue\") }\n");

        // The go users' builds find on PATH: logs its arguments, then runs the go under test.
        _wrapperDirectory = _sandbox.Dir("wrapper");
        _calls = Path.Combine(_sandbox.Root, "go-calls.log");
        File.WriteAllText(_calls, string.Empty);
        var wrapper = Path.Combine(_wrapperDirectory, "go");
        File.WriteAllText(wrapper, $"#!/bin/sh\necho \"$*\" >> '{_calls}'\nexec '{TestGo.Executable}' \"$@\"\n");
        File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        _app = _sandbox.Dir("dotnet/app");
        IsolatedProjectFolder.Write(_app, _feed);
    }

    [TearDown]
    public void RemoveSample() => _sandbox.Dispose();

    [Test]
    public void A_changed_property_global_property_or_GOFLAGS_rebuilds_and_an_unchanged_build_starts_no_go()
    {
        WriteProject("1");
        var binary = Path.Combine(_app, "bin", "Debug", "net10.0", "svc");

        var log = MustBuild();
        Assert.Multiple(() =>
        {
            Assert.That(GoBuilds(), Is.EqualTo(1), log);
            Assert.That(DiskOracle.Run(binary), Does.Contain("version 1").And.Contain("example.com/Greeter@v1.0.0").And.Not.Contain("flavor blue"));
        });

        // Nothing changed: no go process at all (not even 'go version' or 'go env'), the binary as it was.
        var built = File.GetLastWriteTimeUtc(binary);
        log = MustBuild();
        Assert.Multiple(() =>
        {
            Assert.That(Calls(), Is.Empty, log);
            Assert.That(File.GetLastWriteTimeUtc(binary), Is.EqualTo(built));
        });

        // A property in the .csproj that only the GoProject item's Ldflags use.
        WriteProject("2");
        log = MustBuild();
        Assert.Multiple(() =>
        {
            Assert.That(GoBuilds(), Is.EqualTo(1), log);
            Assert.That(DiskOracle.Run(binary), Does.Contain("version 2"));
        });

        // The same property from the command line (a global property; the project file does not change).
        log = MustBuild("-p:AppVer=3");
        Assert.Multiple(() =>
        {
            Assert.That(GoBuilds(), Is.EqualTo(1), log);
            Assert.That(DiskOracle.Run(binary), Does.Contain("version 3"));
        });

        log = MustBuild("-p:AppVer=3");
        Assert.That(Calls(), Is.Empty, "the same global property again: no go. " + log);

        // GOFLAGS in the environment of 'dotnet build' (here it adds a build tag).
        log = MustBuildWithGoFlags("-mod=mod -tags=blue", "-p:AppVer=3");
        Assert.Multiple(() =>
        {
            Assert.That(GoBuilds(), Is.EqualTo(1), log);
            Assert.That(DiskOracle.Run(binary), Does.Contain("flavor blue").And.Contain("version 3"));
        });

        log = MustBuildWithGoFlags("-mod=mod -tags=blue", "-p:AppVer=3");
        Assert.That(Calls(), Is.Empty, "the same GOFLAGS again: no go. " + log);

        // Back to the GOFLAGS of the first builds: the binary loses the tag again.
        log = MustBuild("-p:AppVer=3");
        Assert.Multiple(() =>
        {
            Assert.That(GoBuilds(), Is.EqualTo(1), log);
            Assert.That(DiskOracle.Run(binary), Does.Not.Contain("flavor blue"));
        });
    }

    [Test]
    public void A_project_with_two_target_frameworks_runs_go_once_and_both_frameworks_get_the_binary()
    {
        WriteProject("1", "<TargetFrameworks>net8.0;net10.0</TargetFrameworks>");
        var binaries = new[] { "net8.0", "net10.0" }.Select(f => Path.Combine(_app, "bin", "Debug", f, "svc")).ToArray();

        var log = MustBuild();
        Assert.Multiple(() =>
        {
            Assert.That(GoBuilds(), Is.EqualTo(1), "one go build for both frameworks. " + log);
            foreach (var binary in binaries)
            {
                Assert.That(DiskOracle.Run(binary), Does.Contain("version 1"), binary);
            }
        });

        log = MustBuild();
        Assert.That(Calls(), Is.Empty, log);

        // A source change: again one go build, and both frameworks' copies are the new binary.
        File.WriteAllText(Path.Combine(_goProject, "version.go"), File.ReadAllText(Path.Combine(_goProject, "version.go")).Replace("\"version \"", "\"release \"", StringComparison.Ordinal));
        log = MustBuild();
        Assert.Multiple(() =>
        {
            Assert.That(GoBuilds(), Is.EqualTo(1), log);
            foreach (var binary in binaries)
            {
                Assert.That(DiskOracle.Run(binary), Does.Contain("release 1"), binary);
            }
        });

        // One framework alone (an inner build without the outer one) finds the shared binary up to date.
        log = MustBuild("-f", "net8.0");
        Assert.That(Calls(), Is.Empty, log);
    }

    private void WriteProject(string appVersion, string targetFrameworks = "<TargetFramework>net10.0</TargetFramework>") =>
        File.WriteAllText(ProjectFile, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                {targetFrameworks}
                <ImplicitUsings>disable</ImplicitUsings>
                <AppVer Condition="'$(AppVer)' == ''">{appVersion}</AppVer>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="GoModCache.MSBuild" Version="{_version}" PrivateAssets="all" />
                <GoProject Include="../../projects/svc" Ldflags="-X main.version=$(AppVer)" />
              </ItemGroup>
            </Project>
            """);

    /// <summary>Gets the go calls logged since the last look, and starts a new log.</summary>
    private string[] Calls()
    {
        var calls = File.ReadAllLines(_calls);
        File.WriteAllText(_calls, string.Empty);
        return calls;
    }

    private int GoBuilds() => Calls().Count(c => c.StartsWith("build ", StringComparison.Ordinal));

    private string MustBuild(params string[] args) => MustBuildWithGoFlags(null, args);

    private string MustBuildWithGoFlags(string? goflags, params string[] args)
    {
        var (code, output) = Repository.Run(
            _app,
            psi =>
            {
                _sandbox.ApplyTo(psi);
                psi.Environment["PATH"] = _wrapperDirectory + Path.PathSeparator + psi.Environment["PATH"];
                psi.Environment["NUGET_PACKAGES"] = _nugetPackages;
                if (goflags != null)
                {
                    psi.Environment["GOFLAGS"] = goflags;
                }
            },
            "dotnet",
            ["build", "-nodeReuse:false", "--disable-build-servers", "-tl:off", "-v:n", .. args]);
        Assert.That(code, Is.Zero, output);
        return output;
    }
}
