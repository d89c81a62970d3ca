// The repository's own build. Run it through ./build.sh or ./build.ps1.
var target = Argument("target", "Default");
var configuration = Argument("configuration", "Release");

var root = MakeAbsolute(Directory(".."));
var solution = root.CombineWithFilePath("Cake.GoModCache.sln");
var artifacts = root.Combine("artifacts");
var packages = artifacts.Combine("packages");
var testResults = artifacts.Combine("test-results");

// The Go binaries the engine's integration tests run against, one run each ('path:path'); CI names Go 1.19
// and Go 1.23 here. Unset: the go found on PATH, once.
var goMatrix = (EnvironmentVariable("GOMODCACHE_TEST_GO_MATRIX") ?? string.Empty)
    .Split(':', StringSplitOptions.RemoveEmptyEntries);

Task("Clean")
    .Does(() =>
{
    CleanDirectory(artifacts);
    DotNetClean(solution.FullPath, new DotNetCleanSettings { Configuration = configuration, Verbosity = DotNetVerbosity.Quiet });
});

Task("Build")
    .Does(() =>
{
    DotNetBuild(solution.FullPath, new DotNetBuildSettings
    {
        Configuration = configuration,
        MSBuildSettings = new DotNetMSBuildSettings { TreatAllWarningsAs = MSBuildTreatAllWarningsAs.Error },
    });
});

Task("Pack")
    .IsDependentOn("Build")
    .Does(() =>
{
    CleanDirectory(packages);
    foreach (var project in GetFiles(root.FullPath + "/src/**/*.csproj"))
    {
        DotNetPack(project.FullPath, new DotNetPackSettings
        {
            Configuration = configuration,
            NoBuild = true,
            OutputDirectory = packages,
        });
    }
});

Task("Test")
    .IsDependentOn("Build")
    .Does(() =>
{
    var failed = new List<string>();
    void RunTests(string project, string go, string label)
    {
        var settings = new DotNetTestSettings
        {
            Configuration = configuration,
            NoBuild = true,
            ResultsDirectory = testResults,
            Loggers = new[] { $"trx;LogFileName={label}.trx", "console;verbosity=minimal" },
            EnvironmentVariables = new Dictionary<string, string>(),
        };
        if (!string.IsNullOrEmpty(go))
        {
            settings.EnvironmentVariables["GOMODCACHE_TEST_GO"] = go;
        }

        Information("Testing {0} with {1}", project, string.IsNullOrEmpty(go) ? "the go on PATH" : go);
        try
        {
            DotNetTest(root.CombineWithFilePath(project).FullPath, settings);
        }
        catch (Exception ex)
        {
            // Every test project runs, so one failing run shows every failure; the task fails at the end.
            Error("{0} ({1}): {2}", project, label, ex.Message);
            failed.Add(label);
        }
    }

    var engineTests = "tests/GoModCache.Tests/GoModCache.Tests.csproj";
    if (goMatrix.Length == 0)
    {
        RunTests(engineTests, null, "engine");
    }
    else
    {
        foreach (var go in goMatrix)
        {
            RunTests(engineTests, go, "engine-" + System.IO.Path.GetFileName(System.IO.Path.GetDirectoryName(System.IO.Path.GetDirectoryName(go))));
        }
    }

    foreach (var project in GetFiles(root.FullPath + "/tests/*/*.Tests.csproj"))
    {
        var relative = root.GetRelativePath(project).FullPath;
        if (relative != engineTests)
        {
            RunTests(relative, goMatrix.LastOrDefault(), project.GetFilenameWithoutExtension().FullPath);
        }
    }

    if (failed.Count > 0)
    {
        throw new CakeException(1, "Tests failed in: " + string.Join(", ", failed));
    }
});

Task("Sample")
    .Description("The main job: build the bundled polyglot sample's Go service through the addin, clean its caches, print the report.")
    .IsDependentOn("Pack")
    .Does(() =>
{
    var sample = root.Combine("samples/polyglot");
    var version = XmlPeek(root.CombineWithFilePath("Directory.Build.props"), "/Project/PropertyGroup/Version");

    // Cake keeps loaded addins in tools/Addins and NuGet keeps packages by id and version: drop this
    // version's copies so the script loads the package just packed, not an older build of the same version.
    DeleteDirectories(GetDirectories(sample.FullPath + "/tools/Addins/[Cc]ake.[Gg]o[Mm]od[Cc]ache*"), new DeleteDirectorySettings { Recursive = true, Force = true });
    var nugetPackages = EnvironmentVariable("NUGET_PACKAGES") ?? System.IO.Path.Combine(EnvironmentVariable("HOME") ?? EnvironmentVariable("USERPROFILE"), ".nuget", "packages");
    foreach (var id in new[] { "cake.gomodcache", "gomodcache.msbuild" })
    {
        var cached = new DirectoryPath(nugetPackages).Combine(id).Combine(version);
        if (DirectoryExists(cached))
        {
            DeleteDirectory(cached, new DeleteDirectorySettings { Recursive = true, Force = true });
        }
    }

    DeleteDirectories(GetDirectories(sample.FullPath + "/dotnet/*/obj"), new DeleteDirectorySettings { Recursive = true, Force = true });

    var exitCode = StartProcess("dotnet", new ProcessSettings
    {
        WorkingDirectory = root,
        Arguments = new ProcessArgumentBuilder()
            .Append("cake")
            .AppendQuoted(sample.CombineWithFilePath("build.cake").FullPath)
            .Append("--nuget_source=" + packages.FullPath)
            .Append("--target=" + Argument("sample-target", "Default")),
    });
    if (exitCode != 0)
    {
        throw new CakeException(exitCode, "The sample's build.cake failed with exit code " + exitCode);
    }
});

Task("ContainerContext")
    .Description("Stage artifacts/container-context: the polyglot sample, its module proxy folder, a local NuGet feed with the addin and Cake.Tool, a nuget.config naming only that feed, and the Dockerfiles; a container build from it needs no network.")
    .IsDependentOn("Pack")
    .Does(() =>
{
    var sample = root.Combine("samples/polyglot");
    var context = artifacts.Combine("container-context");
    var feed = context.Combine("packages");
    EnsureDirectoryExists(context);
    CleanDirectory(context);

    // The sample as its .dockerignore would send it: no private Go caches, build output or Cake tools.
    var skip = new[] { ".go", "artifacts", "tools", "bin", "obj" };
    foreach (var file in System.IO.Directory.EnumerateFiles(sample.FullPath, "*", System.IO.SearchOption.AllDirectories))
    {
        var relative = System.IO.Path.GetRelativePath(sample.FullPath, file);
        if (relative.Split(System.IO.Path.DirectorySeparatorChar).Any(part => skip.Contains(part)))
        {
            continue;
        }

        var target = context.CombineWithFilePath(relative);
        EnsureDirectoryExists(target.GetDirectory());
        CopyFile(file, target);
    }

    // The feed: the packages just packed, and the Cake.Tool version the sample's tool manifest pins, taken
    // from the NuGet packages folder the repository's own 'dotnet tool restore' filled.
    EnsureDirectoryExists(feed);
    CopyFiles(GetFiles(packages.FullPath + "/*.nupkg"), feed);
    using var manifest = System.Text.Json.JsonDocument.Parse(System.IO.File.ReadAllText(sample.CombineWithFilePath(".config/dotnet-tools.json").FullPath));
    var cakeVersion = manifest.RootElement.GetProperty("tools").GetProperty("cake.tool").GetProperty("version").GetString();
    var nugetPackages = EnvironmentVariable("NUGET_PACKAGES") ?? System.IO.Path.Combine(EnvironmentVariable("HOME") ?? EnvironmentVariable("USERPROFILE"), ".nuget", "packages");
    var cakeTool = new DirectoryPath(nugetPackages).CombineWithFilePath($"cake.tool/{cakeVersion}/cake.tool.{cakeVersion}.nupkg");
    if (!FileExists(cakeTool))
    {
        throw new CakeException($"{cakeTool} is missing: run 'dotnet tool restore' in samples/polyglot first (it needs a NuGet feed once).");
    }

    CopyFileToDirectory(cakeTool, feed);
    System.IO.File.WriteAllText(context.CombineWithFilePath("nuget.config").FullPath, """
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <!-- Staged by the ContainerContext target of the repository's build: the only feed is packages/ here. -->
          <packageSources>
            <clear />
            <add key="container-context" value="packages" />
          </packageSources>
        </configuration>

        """);
    Information("Staged {0}: build it with 'docker build {0}' (see README, Containers).", context.FullPath);
});

// Times the engine's module-cache sizing against 'du -sb' on a synthetic module cache and writes
// artifacts/benchmarks.md (see docs/benchmarks.md). Not part of Test: it takes a minute and measures the machine.
// Extra harness options pass through: ./build.sh --target=Benchmark --benchmark-args="--files 100000 --rounds 11"
Task("Benchmark")
    .Does(() =>
{
    var arguments = new ProcessArgumentBuilder().Append("--output").Append("artifacts/benchmarks.md");
    foreach (var extra in Argument("benchmark-args", string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries))
    {
        arguments.Append(extra);
    }

    DotNetRun(
        root.CombineWithFilePath("benchmarks/GoModCache.Benchmarks/GoModCache.Benchmarks.csproj").FullPath,
        arguments,
        new DotNetRunSettings { Configuration = "Release", WorkingDirectory = root });
});

Task("Default")
    .IsDependentOn("Test");

RunTarget(target);
