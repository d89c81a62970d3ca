using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.NetworkInformation;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using GoModCache.TestSupport;
using NUnit.Framework;

namespace Cake.GoModCache.Tests.Containers;

/// <summary>
/// The sample's Dockerfiles built for real with buildah, from the repository root as a fresh clone has it:
/// base images made locally (tests/containers/base-images.sh: debootstrap minbase, the host's .NET SDK and
/// CA certificates), the naive baseline and the three patterns (single-stage, multi-stage, cache mounts),
/// every layer of every image read back from an OCI layout and searched for Go caches, NuGet packages, apt
/// lists and whatever the Dockerfile's <c>rm -rf</c> meant to remove; the service run in each image.
/// Needs root, buildah and debootstrap (.ci/run installs them); elsewhere it is ignored, unless
/// GOMODCACHE_CONTAINER_TESTS=1 says they must be there. Layers are cached by buildah between runs (--layers),
/// and the base images by their inputs, so a rerun builds only what changed; the cache-mount builds run every
/// time.
/// </summary>
[TestFixture]
[NonParallelizable]
[Category("Containers")]
public sealed partial class ContainerBuildTests
{
    private const string SdkImage = "localhost/dotnet-sdk:10.0";
    private const string ImageRepo = "localhost/polyglot-test";

    private readonly Dictionary<string, OciImage> _images = [];
    private readonly Dictionary<string, string> _logs = [];
    private readonly StringBuilder _report = new();
    private string _layout = null!;
    private string _modMount = null!;
    private string _buildMount = null!;
    private Dictionary<string, DateTime> _neededAfterFirst = null!;
    private long _buildMountAfterFirst;
    private string _seededEntry = null!;

    private static string Root => Repository.Root;

    private static string CacheRoot => Environment.GetEnvironmentVariable("BASE_IMAGE_CACHE") ?? "/var/cache/cake-gomodcache/containers";

    private static string[] NeededVersions => ["example.com/greetings@v1.1.0", "example.com/clock/v2@v2.0.0", "github.com/!acme/!text!util@v0.3.0"];

    [OneTimeSetUp]
    public void BuildEveryPattern()
    {
        var missing = new[] { "buildah", "debootstrap" }.Where(t => Which(t) == null).ToList();
        if (Environment.UserName != "root" || missing.Count > 0)
        {
            var why = Environment.UserName != "root" ? "they need root" : "missing: " + string.Join(", ", missing);
            if (Environment.GetEnvironmentVariable("GOMODCACHE_CONTAINER_TESTS") == "1")
            {
                Assert.Fail("Container tests must run here (GOMODCACHE_CONTAINER_TESTS=1) but " + why);
            }

            Assert.Ignore("Container tests skipped: " + why + " (.ci/run installs buildah and debootstrap).");
        }

        MustRun(Root, "bash", Path.Combine(Root, "tests", "containers", "base-images.sh"));

        Build("naive-single", "tests/containers/Dockerfile.naive", "build");
        Build("naive-multi", "tests/containers/Dockerfile.naive");
        Build("single", "samples/polyglot/containers/Dockerfile.single-stage");
        Build("multi-build", "samples/polyglot/Dockerfile", "build");
        Build("multi", "samples/polyglot/Dockerfile");

        // Cache mounts: two builds with the same mounts. A run-unique build cache limit makes buildah run the
        // step every time (the argument is part of the step's cache key) and keeps all unused entries out.
        _modMount = "/var/tmp/buildah-cache/polyglot-gomodcache";
        _buildMount = "/var/tmp/buildah-cache/polyglot-gocache";
        foreach (var mount in new[] { _modMount, _buildMount })
        {
            GoSandbox.ForceDelete(mount);
        }

        var unique = 1_000_000 + (DateTime.UtcNow.Ticks / TimeSpan.TicksPerSecond % 1_000_000);
        Build("mounts", "samples/polyglot/containers/Dockerfile.cache-mounts", null, "GO_MOD_CACHE_LIMIT=0", "GO_BUILD_CACHE_LIMIT=" + unique);
        _logs["mounts-first"] = _logs["mounts"];
        _neededAfterFirst = NeededVersions.ToDictionary(v => v, v => Directory.GetLastWriteTimeUtc(Path.Combine(_modMount, v)));
        _buildMountAfterFirst = DirectorySize(_buildMount);

        // Between the builds: a version the service does not need (as another project sharing the mount would
        // leave) and a build cache entry unused for two days.
        var home = Directory.CreateTempSubdirectory("mounts-seed-").FullName;
        try
        {
            MustRun(home, TestGo.Executable, ["mod", "download", "example.com/greetings@v1.0.0"], psi =>
            {
                psi.Environment["GOMODCACHE"] = _modMount;
                psi.Environment["GOPATH"] = Path.Combine(home, "gopath");
                psi.Environment["GOCACHE"] = Path.Combine(home, "gocache");
                psi.Environment["GOPROXY"] = new Uri(Path.Combine(Root, "samples", "polyglot", "goproxy")).AbsoluteUri;
                psi.Environment["GOSUMDB"] = "off";
                psi.Environment["GOTOOLCHAIN"] = "local";
                psi.Environment["GOFLAGS"] = "-modcacherw";
            });
        }
        finally
        {
            GoSandbox.ForceDelete(home);
        }

        _seededEntry = Path.Combine(_buildMount, "ab", new string('a', 62) + "ab-d");
        Directory.CreateDirectory(Path.GetDirectoryName(_seededEntry)!);
        File.WriteAllBytes(_seededEntry, new byte[1 << 20]);
        File.SetLastWriteTimeUtc(_seededEntry, DateTime.UtcNow.AddDays(-2));

        Build("mounts", "samples/polyglot/containers/Dockerfile.cache-mounts", null, "GO_MOD_CACHE_LIMIT=0", "GO_BUILD_CACHE_LIMIT=" + (unique + 1));
        Build("mounts-build", "samples/polyglot/containers/Dockerfile.cache-mounts", "build", "GO_MOD_CACHE_LIMIT=0", "GO_BUILD_CACHE_LIMIT=" + (unique + 1));

        _layout = Path.Combine(CacheRoot, "oci");
        if (Directory.Exists(_layout) && DirectorySize(_layout) > 8L << 30)
        {
            GoSandbox.ForceDelete(_layout);
        }

        foreach (var tag in new[] { "naive-single", "naive-multi", "single", "multi-build", "multi", "mounts", "mounts-build" })
        {
            MustRun(Root, "buildah", "push", "--quiet", ImageRepo + ":" + tag, "oci:" + _layout + ":" + tag);
            _images[tag] = OciImage.Read(_layout, tag);
        }

        WriteReport();
    }

    [Test]
    public void The_readme_shows_the_commands_this_test_runs()
    {
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        Assert.Multiple(() =>
        {
            Assert.That(readme, Does.Contain("bash tests/containers/base-images.sh"));
            Assert.That(readme, Does.Contain($"BUILDAH_ISOLATION=chroot buildah bud --layers -f samples/polyglot/Dockerfile --build-arg SDK_IMAGE={SdkImage} -t polyglot-service ."));
            Assert.That(readme, Does.Contain("docker build -f samples/polyglot/Dockerfile --build-arg SDK_IMAGE="));
        });
    }

    [Test]
    public void The_naive_dockerfile_leaves_go_caches_and_apt_lists_in_its_layers_which_the_check_finds()
    {
        // The control: the same check that passes for the patterns fails for the naive Dockerfile.
        var found = Violations(_images["naive-single"], "tests/containers/Dockerfile.naive");
        Assert.Multiple(() =>
        {
            Assert.That(found.Where(f => f.Kind == "Go cache").Sum(f => f.Bytes), Is.GreaterThan(10L << 20), "the naive build's Go caches");
            Assert.That(found.Where(f => f.Kind == "apt lists").Sum(f => f.Bytes), Is.GreaterThan(10L << 20), "the naive apt install's lists");
        });
    }

    [TestCase("single", "samples/polyglot/containers/Dockerfile.single-stage")]
    [TestCase("multi-build", "samples/polyglot/Dockerfile")]
    [TestCase("multi", "samples/polyglot/Dockerfile")]
    [TestCase("mounts-build", "samples/polyglot/containers/Dockerfile.cache-mounts")]
    [TestCase("mounts", "samples/polyglot/containers/Dockerfile.cache-mounts")]
    public void No_layer_carries_go_caches_nuget_packages_apt_lists_or_what_the_dockerfile_removes(string tag, string dockerfile)
    {
        var found = Violations(_images[tag], dockerfile);
        Assert.That(found.Select(f => $"{f.Kind}: {f.Path} ({f.Bytes} B) in layer '{Short(f.Layer)}'"), Is.Empty);
    }

    [TestCase("single")]
    [TestCase("multi-build")]
    [TestCase("mounts-build")]
    public void The_build_steps_layer_holds_the_binary_and_nothing_else_of_size(string tag)
    {
        var layer = _images[tag].Layers.Single(l => l.CreatedBy.Contains("./build.sh --target=Container", StringComparison.Ordinal));
        var files = layer.Entries.Where(e => !e.IsDirectory).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(files.Select(f => f.Path), Does.Contain("out/service"));
            // The .NET CLI's first-run markers and tool resolver cache (a few KiB) are all that may come along.
            Assert.That(files.Where(f => f.Path != "out/service" && !f.Path.StartsWith("root/.dotnet/", StringComparison.Ordinal)).Select(f => f.Path), Is.Empty);
            Assert.That(layer.Bytes - files.Single(f => f.Path == "out/service").Size, Is.LessThan(64 * 1024));
        });
    }

    [Test]
    public void Multi_stage_honestly_the_final_image_is_the_naive_ones_and_the_build_stage_is_what_gets_smaller()
    {
        var naive = _images["naive-multi"];
        var multi = _images["multi"];
        Assert.Multiple(() =>
        {
            Assert.That(multi.Layers.Select(l => l.Digest), Is.EqualTo(naive.Layers.Select(l => l.Digest)), "byte-identical final images");
            var goCaches = Violations(_images["naive-single"], "tests/containers/Dockerfile.naive").Where(f => f.Kind == "Go cache").Sum(f => f.Bytes);
            Assert.That(_images["naive-single"].Bytes - _images["multi-build"].Bytes, Is.GreaterThanOrEqualTo(goCaches), "the build stage is smaller by at least the Go caches");
        });
    }

    [TestCase("single")]
    [TestCase("multi")]
    [TestCase("mounts")]
    public void The_service_answers_in_the_image(string tag)
    {
        var image = _images[tag];
        Assert.That(image.Entrypoint, Has.Count.EqualTo(1), "ENTRYPOINT is the service");
        var port = FreePort();
        var container = "polyglot-run-" + tag + "-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        MustRun(Root, "buildah", "from", "--name", container, ImageRepo + ":" + tag);
        var psi = new ProcessStartInfo("buildah") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "run", container, "--", "timeout", "120", image.Entrypoint[0], "-listen", "127.0.0.1:" + port })
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["BUILDAH_ISOLATION"] = "chroot";
        using var service = Process.Start(psi)!;
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            string? body = null;
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (body == null && DateTime.UtcNow < deadline && !service.HasExited)
            {
                try
                {
                    body = http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/?name=container")).GetAwaiter().GetResult();
                }
                catch (HttpRequestException)
                {
                    Thread.Sleep(250);
                }
                catch (TaskCanceledException)
                {
                    Thread.Sleep(250);
                }
            }

            Assert.That(body, Does.Contain("HELLO, CONTAINER!"), service.HasExited ? service.StandardError.ReadToEnd() : "no answer");
        }
        finally
        {
            if (!service.HasExited)
            {
                service.Kill(entireProcessTree: true);
            }

            service.WaitForExit();
            Repository.Run(Root, null, "buildah", "rm", container);
        }
    }

    [Test]
    public void Cache_mounts_are_reused_by_the_next_build_and_pruned_to_what_it_needs_and_the_limits()
    {
        var second = _logs["mounts"];
        Assert.Multiple(() =>
        {
            Assert.That(_logs["mounts-first"], Does.Contain("go: downloading example.com/greetings v1.1.0"), "the first build fills the empty mount");
            Assert.That(second, Does.Not.Contain("go: downloading"), "the second build takes every module from the mount");
            foreach (var (version, mtime) in _neededAfterFirst)
            {
                Assert.That(Directory.GetLastWriteTimeUtc(Path.Combine(_modMount, version)), Is.EqualTo(mtime), version + " kept, not extracted again");
            }

            Assert.That(Directory.Exists(Path.Combine(_modMount, "example.com", "greetings@v1.0.0")), Is.False, "the version the service does not need is pruned (limit 0)");
            Assert.That(File.Exists(Path.Combine(_modMount, "cache", "download", "example.com", "greetings", "@v", "v1.0.0.zip")), Is.False, "with its download files");
            Assert.That(File.Exists(_seededEntry), Is.False, "the build cache entry unused for two days is trimmed");
            Assert.That(DirectorySize(_buildMount), Is.GreaterThan(_buildMountAfterFirst / 2), "the entries the build used stay in the mount");
            Assert.That(second, Does.Contain("Trimmed the build cache"));
        });
    }

    private static string Short(string createdBy) => createdBy.Length > 80 ? createdBy[..80] + "…" : createdBy;

    private static long DirectorySize(string dir) => Directory.Exists(dir)
        ? new DirectoryInfo(dir).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length)
        : 0;

    private static int FreePort()
    {
        var used = IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpListeners().Select(e => e.Port).ToHashSet();
        return Enumerable.Range(18000 + (Environment.ProcessId % 1000), 2000).First(p => !used.Contains(p));
    }

    private static string? Which(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':')
            .Concat(["/usr/sbin", "/sbin"])
            .Select(d => Path.Combine(d, tool))
            .FirstOrDefault(File.Exists);

    private static string MustRun(string dir, string file, params string[] args) => MustRun(dir, file, args, null);

    private static string MustRun(string dir, string file, string[] args, Action<ProcessStartInfo>? configure)
    {
        var (code, output) = Repository.Run(dir, psi =>
        {
            psi.Environment["BUILDAH_ISOLATION"] = "chroot";
            psi.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH") + ":/usr/sbin:/sbin";
            configure?.Invoke(psi);
        }, file, args);
        if (code != 0)
        {
            Assert.Fail($"{file} {string.Join(' ', args)} failed ({code}):\n{output}");
        }

        return output;
    }

    private void Build(string tag, string dockerfile, string? target = null, params string[] buildArgs)
    {
        var args = new List<string> { "bud", "--layers", "-f", Path.Combine(Root, dockerfile), "--build-arg", "SDK_IMAGE=" + SdkImage, "-t", ImageRepo + ":" + tag };
        if (target != null)
        {
            args.AddRange(["--target", target]);
        }

        foreach (var a in buildArgs)
        {
            args.AddRange(["--build-arg", a]);
        }

        args.Add(Root);
        var stopwatch = Stopwatch.StartNew();
        _logs[tag] = MustRun(Root, "buildah", [.. args], null);
        TestContext.Progress.WriteLine($"built {tag} in {stopwatch.Elapsed.TotalSeconds:0} s");
    }

    private static List<(string Kind, string Path, long Bytes, string Layer)> Violations(OciImage image, string dockerfile)
    {
        var rules = new List<(string Kind, Regex Pattern)>
        {
            ("Go cache", GoCachePath()),
            ("NuGet packages", NuGetPath()),
            ("apt lists", AptListsPath()),
        };
        foreach (var removed in RemovedPaths(File.ReadAllText(Path.Combine(Root, dockerfile))))
        {
            rules.Add(("removed by the Dockerfile: " + removed, GlobToRegex(removed)));
        }

        var found = new List<(string, string, long, string)>();
        foreach (var layer in image.Layers)
        {
            foreach (var entry in layer.Entries)
            {
                foreach (var (kind, pattern) in rules)
                {
                    if (pattern.IsMatch(entry.Path))
                    {
                        found.Add((kind, entry.Path, entry.Size, layer.CreatedBy));
                        break;
                    }
                }
            }
        }

        return found;
    }

    /// <summary>Every path an <c>rm -rf</c> of the Dockerfile names (line continuations joined).</summary>
    private static IEnumerable<string> RemovedPaths(string dockerfile)
    {
        var joined = dockerfile.Replace("\\\n", " ", StringComparison.Ordinal);
        foreach (Match rm in RmRf().Matches(joined))
        {
            foreach (var path in rm.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                yield return path;
            }
        }
    }

    private static Regex GlobToRegex(string path)
    {
        // '/root/.nuget' removes the directory itself and everything in it; '/tmp/*' everything in /tmp.
        var trimmed = path.TrimStart('/');
        var pattern = "^" + Regex.Escape(trimmed).Replace(@"\*", "[^/]*", StringComparison.Ordinal);
        return new Regex(trimmed.EndsWith("/*", StringComparison.Ordinal) ? pattern + "(/.*)?$" : pattern + "(/.*)?$", RegexOptions.CultureInvariant);
    }

    private void WriteReport()
    {
        _report.AppendLine("| image | pattern | size of all layers | layers above the base image | Go caches in layers | apt lists in layers |");
        _report.AppendLine("|---|---|---:|---|---:|---:|");
        var pattern = new Dictionary<string, string>
        {
            ["naive-single"] = "naive, single stage (apt-get + go build)",
            ["single"] = "single stage + GoContainerBuild",
            ["naive-multi"] = "naive, final stage of multi-stage",
            ["multi-build"] = "multi-stage: build stage + GoContainerBuild",
            ["multi"] = "multi-stage: final stage",
            ["mounts-build"] = "cache mounts: build stage + GoContainerBuild prune mode",
            ["mounts"] = "cache mounts: final stage",
        };
        var baseDigests = _images["single"].Layers.Take(2).Select(l => l.Digest).ToHashSet();
        foreach (var (tag, image) in _images)
        {
            var above = image.Layers.Where(l => !baseDigests.Contains(l.Digest) && l.Bytes > 0)
                .Select(l => $"{Instruction(l.CreatedBy)} {Mb(l.Bytes)}");
            var found = Violations(image, tag.StartsWith("naive", StringComparison.Ordinal) ? "tests/containers/Dockerfile.naive" : "samples/polyglot/Dockerfile");
            _report.AppendLine(CultureInfo.InvariantCulture, $"| {tag} | {pattern[tag]} | {Mb(image.Bytes)} | {string.Join("; ", above)} | {Mb(found.Where(f => f.Kind == "Go cache").Sum(f => f.Bytes))} | {Mb(found.Where(f => f.Kind == "apt lists").Sum(f => f.Bytes))} |");
        }

        _report.AppendLine();
        _report.AppendLine(CultureInfo.InvariantCulture, $"Cache mounts after the first build: build cache {Mb(_buildMountAfterFirst)}; after the second (limit 0 for what the build did not use): module cache {Mb(DirectorySize(_modMount))}, build cache {Mb(DirectorySize(_buildMount))}.");
        var artifacts = Directory.CreateDirectory(Path.Combine(Root, "artifacts")).FullName;
        File.WriteAllText(Path.Combine(artifacts, "container-layers.md"), _report.ToString());
        TestContext.Progress.WriteLine(_report.ToString());
    }

    private static string Instruction(string createdBy)
    {
        var text = createdBy.Replace("/bin/sh -c #(nop) ", string.Empty, StringComparison.Ordinal).Replace("/bin/sh -c ", "RUN ", StringComparison.Ordinal);
        text = Regex.Replace(text, @"^\|\d+ (\S+=\S* )+", string.Empty);
        return "`" + (text.Length > 40 ? text[..40] + "…" : text).Replace("|", "\\|", StringComparison.Ordinal) + "`";
    }

    private static string Mb(long bytes) => (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) + " MiB";

    [GeneratedRegex(@"(^|/)(go/pkg/mod/.|\.cache/go-build/.|\.go/)|pkg/mod/cache/download/")]
    private static partial Regex GoCachePath();

    [GeneratedRegex(@"(^|/)\.nuget/packages/.|(^|/)tools/Addins/.")]
    private static partial Regex NuGetPath();

    [GeneratedRegex(@"^var/lib/apt/lists/(?!lock$|partial$|auxfiles$).")]
    private static partial Regex AptListsPath();

    [GeneratedRegex(@"rm -rf ([^;&}\n]+)")]
    private static partial Regex RmRf();
}
