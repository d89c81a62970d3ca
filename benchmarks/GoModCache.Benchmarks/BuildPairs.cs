using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Cake.Core;
using Cake.Core.Configuration;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using Cake.Core.Tooling;
using Cake.GoModCache;
using Cake.GoModCache.Workflow;
using GoCaches.Leases;
using GoModCache.TestSupport;
using Path = System.IO.Path;

namespace GoModCache.Benchmarks;

/// <summary>
/// The pairs that build Go code: <c>GoBuildAndClean()</c> against the shell script it replaces, and a
/// no-change <c>dotnet build</c> of a project with a <c>GoProject</c> item against the same project without it.
/// Both build a Go service that needs modules from a <c>file://</c> proxy (no network).
/// </summary>
internal static class BuildPairs
{
    /// <summary>
    /// <c>GoBuildAndClean()</c> through a real Cake context against <c>go build &amp;&amp; go clean -modcache
    /// &amp;&amp; go clean -cache</c> in <c>sh</c>. Every run starts with empty caches (both sides end by emptying
    /// them), downloads the modules, builds and cleans; after it the binary must exist and both caches be empty.
    /// </summary>
    /// <param name="work">Unused folder name (the Go world lives in its own sandbox).</param>
    /// <param name="go">The go binary.</param>
    /// <param name="rounds">Rounds, warm-up included.</param>
    /// <returns>The pair.</returns>
    /// <param name="modules">How many modules the service needs (real-sized: 20 to 200 files, a few hundred KB to a few MB).</param>
    public static BenchmarkPair GoBuildAndClean(string work, string go, int rounds, int modules)
    {
        _ = work;
        var sandbox = ServiceSandbox("bench-build", go, modules, out var project);
        var binary = Path.Combine(sandbox.Dir("out"), "svc");
        var context = CakeContexts.Create();
        var settings = new GoBuildAndCleanSettings { Output = binary, WorkingDirectory = project, ToolPath = go };
        foreach (var (name, value) in sandbox.Environment.Where(e => e.Value != null))
        {
            settings.EnvironmentVariables[name] = value!;
        }

        var version = Shell.TryCapture(go, "env", "GOVERSION") ?? go;
        var alias = new Contender("GoBuildAndClean()", () => context.GoBuildAndClean(settings));
        var script = new Contender(
            "sh: go build && go clean -modcache && go clean -cache",
            () => Shell.Capture(
                psi =>
                {
                    sandbox.ApplyTo(psi);
                    psi.Environment["PATH"] = Path.GetDirectoryName(go) + Path.PathSeparator + System.Environment.GetEnvironmentVariable("PATH");
                    psi.WorkingDirectory = project;
                },
                "sh",
                "-c",
                "go build -o \"$1\" . && go clean -modcache && go clean -cache",
                "sh",
                binary));
        return new BenchmarkPair($"GoBuildAndClean(), {modules} modules, {version}", alias, script)
        {
            Rounds = rounds,
            BeforeEachRun = _ =>
            {
                Shell.ForceDelete(sandbox.GoModCache);
                Shell.ForceDelete(sandbox.GoCache);
                Directory.CreateDirectory(sandbox.GoCache);
                File.Delete(binary);
            },
            AfterEachRun = c =>
            {
                var modFiles = Directory.Exists(sandbox.GoModCache) ? Directory.EnumerateFiles(sandbox.GoModCache, "*", SearchOption.AllDirectories).Count(f => !f.Contains(Path.DirectorySeparatorChar + CacheLease.DirectoryName + Path.DirectorySeparatorChar, StringComparison.Ordinal)) : 0;
                var cacheEntries = Directory.EnumerateDirectories(sandbox.GoCache).Where(d => Path.GetFileName(d) != CacheLease.DirectoryName).Sum(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories).Count());
                if (!File.Exists(binary) || modFiles != 0 || cacheEntries != 0)
                {
                    throw new InvalidOperationException($"{c.Label}: binary {(File.Exists(binary) ? "built" : "missing")}, {modFiles} files left in the module cache, {cacheEntries} in the build cache.");
                }
            },
            AfterAll = sandbox.Dispose,
        };
    }

    /// <summary>
    /// A no-change <c>dotnet build</c> of a class library that references the GoModCache.MSBuild package (packed
    /// from this repository into a folder feed) and has a <c>GoProject</c> item, against the same library without
    /// either. Both are built once before timing; each timed build must succeed and must not rebuild the Go binary.
    /// </summary>
    /// <param name="work">A folder for the feed, the package folder and the two projects.</param>
    /// <param name="go">The go binary.</param>
    /// <param name="rounds">Rounds, warm-up included.</param>
    /// <returns>The pair.</returns>
    public static BenchmarkPair NoChangeDotnetBuild(string work, string go, int rounds)
    {
        var sandbox = ServiceSandbox("bench-dotnet", go, 4, out var project);
        var feed = Path.Combine(work, "feed");
        var packages = Path.Combine(work, "nuget");
        var version = "0.0.1-bench." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        Repository.Pack("src/GoModCache.MSBuild/GoModCache.MSBuild.csproj", Repository.ConfigurationOf(typeof(BuildPairs).Assembly), feed, version);

        var with = WriteLibrary(Path.Combine(work, "with"), feed, $"""
              <ItemGroup>
                <PackageReference Include="GoModCache.MSBuild" Version="{version}" PrivateAssets="all" />
                <GoProject Include="{project}" OutputPath="$(OutDir)svc" />
              </ItemGroup>
            """);
        var without = WriteLibrary(Path.Combine(work, "without"), feed, string.Empty);
        void Environment(ProcessStartInfo psi)
        {
            sandbox.ApplyTo(psi);
            psi.Environment["NUGET_PACKAGES"] = packages;
            psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            psi.Environment["DOTNET_NOLOGO"] = "1";
        }

        // The first builds restore, build the library and (with the item) the Go binary: not timed.
        foreach (var dir in new[] { with, without })
        {
            Shell.Capture(psi => { Environment(psi); psi.WorkingDirectory = dir; }, "dotnet", "build");
        }

        var binary = Path.Combine(with, "bin", "Debug", "net10.0", "svc");
        var built = File.GetLastWriteTimeUtc(binary);
        if (!File.Exists(binary))
        {
            throw new InvalidOperationException($"The first build with the GoProject item did not produce {binary}.");
        }

        var subject = new Contender("dotnet build, with GoProject", () => Shell.Capture(psi => { Environment(psi); psi.WorkingDirectory = with; }, "dotnet", "build"));
        var baseline = new Contender("dotnet build, without", () => Shell.Capture(psi => { Environment(psi); psi.WorkingDirectory = without; }, "dotnet", "build"));
        return new BenchmarkPair("No-change dotnet build", subject, baseline)
        {
            Rounds = rounds,
            AfterEachRun = c =>
            {
                if (c == subject && File.GetLastWriteTimeUtc(binary) != built)
                {
                    throw new InvalidOperationException("A no-change build rebuilt the Go binary.");
                }
            },
            AfterAll = () =>
            {
                Shell.TryCapture("dotnet", "build-server", "shutdown");
                sandbox.Dispose();
            },
            Describe = r => string.Create(
                CultureInfo.InvariantCulture,
                $"the GoProject item adds {Harness.Format(r.SubjectMedian - r.MedianOf(baseline))} ms (difference of the medians; median of the per-round differences {Harness.Format(r.MedianDifferenceTo(baseline))} ms)"),
        };
    }

    // A service that needs modules of generated Go code (the compiler has real work) and data files. With four
    // modules (the dotnet build pair) each has 12 Go files; with more, each has 2 to 6 Go files and 20 to 200
    // data files of 0.5 to 8 KB, so that sizes spread as real modules' do.
    private static GoSandbox ServiceSandbox(string name, string go, int count, out string project)
    {
        System.Environment.SetEnvironmentVariable(TestGo.VariableName, go);
        var sandbox = new GoSandbox(name);
        var modules = new List<GoModuleSource>();
        var names = count == 4
            ? new[] { "example.com/Alpha", "example.com/beta", "corp.example.com/team/gamma", "example.net/delta" }
            : Enumerable.Range(0, count).Select(i => i % 5 == 0 ? $"example.com/Org{i}/mod" : $"example.com/org{i}/mod{i % 3}").ToArray();
        var rng = new Random(7);
        foreach (var module in names)
        {
            var goFiles = count == 4 ? 12 : 2 + rng.Next(5);
            var (bulk, bytes) = count == 4 ? (40, 2000) : (20 + rng.Next(181), 512 + rng.Next(7680));
            modules.Add(sandbox.Proxy.Add(module, $"v1.{rng.Next(9)}.{rng.Next(4)}", m =>
            {
                m.WithNameFunc().WithBulk(bulk, bytes);
                for (var f = 0; f < goFiles; f++)
                {
                    m.WithFile($"gen{f}.go", GeneratedGo(m.PackageName, f));
                }
            }));
        }

        sandbox.PublishProxy();
        project = sandbox.WriteProject("svc", [.. modules]);
        return sandbox;
    }

    private static string GeneratedGo(string package, int file)
    {
        var sb = new StringBuilder($"package {package}\n\nimport (\n\t\"sort\"\n\t\"strings\"\n)\n\n");
        for (var i = 0; i < 25; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $$"""
                // F{{file}}x{{i}} sorts and joins its arguments.
                func F{{file}}x{{i}}(words []string, n int) string {
                	out := make([]string, 0, len(words))
                	for i, w := range words {
                		if i%{{i + 2}} == n%{{i + 2}} {
                			out = append(out, strings.ToUpper(w))
                		} else {
                			out = append(out, w)
                		}
                	}
                	sort.Strings(out)
                	return strings.Join(out, "{{i}}")
                }


                """);
        }

        return sb.ToString();
    }

    private static string WriteLibrary(string dir, string feed, string items)
    {
        IsolatedProjectFolder.Write(dir, feed);
        File.WriteAllText(Path.Combine(dir, "Library.cs"), "namespace Bench;\n\npublic static class Library\n{\n    public static int Answer => 42;\n}\n");
        File.WriteAllText(Path.Combine(dir, "lib.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
              </PropertyGroup>
            {items}
            </Project>
            """);
        return dir;
    }
}

/// <summary>A real <see cref="CakeContext"/> from Cake.Core's public classes, with real processes and a log that keeps nothing.</summary>
internal static class CakeContexts
{
    public static ICakeContext Create()
    {
        var fileSystem = new FileSystem();
        var environment = new CakeEnvironment(new CakePlatform(), new CakeRuntime());
        var globber = new Globber(fileSystem, environment);
        var configuration = new CakeConfiguration(new Dictionary<string, string>());
        var log = new QuietLog();
        var tools = new ToolLocator(environment, new ToolRepository(environment), new ToolResolutionStrategy(fileSystem, environment, globber, configuration, log));
        return new CakeContext(
            fileSystem,
            environment,
            globber,
            log,
            new CakeArguments(Array.Empty<string>().ToLookup(a => a)),
            new ProcessRunner(fileSystem, environment, log, tools, configuration),
            new WindowsRegistry(),
            tools,
            new CakeDataService(),
            configuration,
            new NoToolInstaller(),
            new NoServices());
    }

    private sealed class NoToolInstaller : IToolInstaller
    {
        public IEnumerable<FilePath> Install(Cake.Core.Packaging.PackageReference tool) => throw new NotSupportedException("The benchmark installs no tools: " + tool);
    }

    private sealed class NoServices : IServiceProvider
    {
        public object? GetService(Type serviceType) => null;
    }

    // Cake's console log at its default (normal) verbosity formats every line it writes; the script's output is
    // thrown away too, so the alias's messages are formatted (as Cake would) and dropped.
    private sealed class QuietLog : ICakeLog
    {
        public Verbosity Verbosity { get; set; } = Verbosity.Normal;

        public void Write(Verbosity verbosity, LogLevel level, string format, params object[] args)
        {
            if (verbosity <= Verbosity)
            {
                _ = args.Length == 0 ? format : string.Format(CultureInfo.InvariantCulture, format, args);
            }
        }
    }
}
