using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Formats.Tar;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using GoCaches.Inventory;
using GoModCache.TestSupport;
using NUnit.Framework;

namespace Cake.GoModCache.Tests;

/// <summary>
/// The sample's container builds for real, with buildah (chroot isolation, vfs storage) and base images made locally
/// (tests/containers/base-images.sh): README's container commands run as written (<c>docker build</c> becomes
/// <c>unshare -n buildah bud …</c>, so no build has a network), the service runs in each image and answers, and every
/// layer a build added is searched for Go caches, NuGet packages and apt lists. Runs when buildah and debootstrap are
/// installed and the user is root; fails instead of skipping when GOMODCACHE_CONTAINER_TESTS=1. The base images are
/// kept between runs (GOMODCACHE_CONTAINER_CACHE, default ~/.cache/cake-gomodcache-containers), keyed by their recipe.
/// </summary>
[TestFixture]
[NonParallelizable]
public class ContainerBuildTests
{
    private const string MultiStage = "localhost/polyglot-service:latest";
    private const string SingleStage = "localhost/polyglot-service:single-stage";
    private const string CacheMounts = "localhost/polyglot-service:cache-mounts";
    private const string NaiveRepository = "localhost/polyglot-naive";
    private const string SdkImage = "mcr.microsoft.com/dotnet/sdk:10.0";
    private const string DebianImage = "docker.io/library/debian:bookworm-slim";

    private static readonly string Context = Path.Combine(Repository.Root, "artifacts", "container-context");
    private readonly Dictionary<string, string> _buildOutput = [];
    private readonly StringBuilder _timings = new();
    private string _cache = null!;

    private string[] Storage => ["--storage-driver", "vfs", "--root", Path.Combine(_cache, "storage"), "--runroot", Path.Combine(_cache, "run")];

    private string CacheMountsDir => Path.Combine(_cache, "tmp", "buildah-cache");

    [OneTimeSetUp]
    public void BaseImagesAndReadmeCommands()
    {
        var missing = new[] { "buildah", "debootstrap", "unshare" }.Where(t => Which(t) == null).ToList();
        var reason = missing.Count > 0 ? "missing " + string.Join(", ", missing) : Environment.UserName != "root" ? "not root" : null;
        if (reason != null)
        {
            if (Environment.GetEnvironmentVariable("GOMODCACHE_CONTAINER_TESTS") == "1")
            {
                Assert.Fail($"GOMODCACHE_CONTAINER_TESTS=1 but the container tests cannot run: {reason} (.ci/install-containers.sh installs buildah and debootstrap).");
            }

            Assert.Ignore($"Container tests need root, buildah, debootstrap and unshare: {reason}.");
        }

        _cache = Environment.GetEnvironmentVariable("GOMODCACHE_CONTAINER_CACHE")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "cake-gomodcache-containers");
        Directory.CreateDirectory(Path.Combine(_cache, "tmp"));
        Timed("base images (tests/containers/base-images.sh)", () => MustRun(Repository.Root, "bash", Path.Combine(Repository.Root, "tests", "containers", "base-images.sh"), _cache));

        // A known start: none of this fixture's images or containers, empty cache mounts.
        Buildah(null, "rm", "--all");
        foreach (var image in new[] { MultiStage, SingleStage, CacheMounts })
        {
            Buildah(null, "rmi", "-f", image);
        }

        Buildah(null, "rmi", "--prune");
        GoSandbox.ForceDelete(CacheMountsDir);
        foreach (var leftover in Directory.EnumerateDirectories(Path.Combine(_cache, "tmp"), "buildah[0-9]*"))
        {
            GoSandbox.ForceDelete(leftover);
        }

        // README's commands, as written; only 'docker build' becomes buildah (vfs storage, chroot isolation), with
        // the network cut by unshare -n.
        foreach (var command in ReadmeCommands(Path.Combine(Repository.Root, "README.md")))
        {
            if (command.StartsWith("docker build ", StringComparison.Ordinal))
            {
                var args = command["docker build ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var tag = "localhost/" + args[Array.IndexOf(args, "-t") + 1];
                tag += tag.LastIndexOf(':') > tag.IndexOf('/', StringComparison.Ordinal) ? string.Empty : ":latest";
                _buildOutput[tag] = Timed(command, () => BuildOffline(args));
            }
            else
            {
                Timed(command, () => MustRun(Repository.Root, "bash", "-c", command));
            }
        }

        Assert.That(_buildOutput.Keys, Is.SupersetOf(new[] { MultiStage, SingleStage, CacheMounts }), "README builds the three patterns");
    }

    [OneTimeTearDown]
    public void RemoveImages()
    {
        if (_cache == null || !Directory.Exists(Path.Combine(_cache, "storage")))
        {
            return;
        }

        TestContext.Progress.WriteLine("Container test timings:\n" + _timings);
        Buildah(null, "rm", "--all");
        foreach (var image in new[] { MultiStage, SingleStage, CacheMounts })
        {
            Buildah(null, "rmi", "-f", image);
        }

        Buildah(null, "rmi", "--prune");
    }

    [Test]
    public void Multi_stage_the_final_image_is_debian_plus_the_binary_and_the_service_answers()
    {
        var added = AddedLayers(MultiStage, DebianImage);
        Assert.Multiple(() =>
        {
            Assert.That(added, Has.Count.EqualTo(1), "one layer on top of debian:bookworm-slim");
            Assert.That(added.SelectMany(l => l.Files).Select(f => f.Path), Is.EqualTo(new[] { "usr/local/bin/service" }), "the layer holds the binary and nothing else");
            Assert.That(Answer(MultiStage), Does.Contain("HELLO, CONTAINER!"));
            Assert.That(_buildOutput[MultiStage], Does.Contain("Kept").And.Contain("of Go caches out of the image layer"));
        });
        Report("multi-stage (final image)", MultiStage, added);
    }

    [Test]
    public void Single_stage_the_clean_keeps_go_caches_nuget_packages_and_apt_lists_out_of_the_layer()
    {
        var added = AddedLayers(SingleStage, SdkImage);
        var findings = Forbidden(added);
        Assert.Multiple(() =>
        {
            Assert.That(added, Has.Count.EqualTo(1));
            Assert.That(findings, Is.Empty, "no Go cache, NuGet package or apt list in the build's layer");
            Assert.That(added[0].Files.Select(f => f.Path), Does.Contain("usr/local/bin/service"));
            Assert.That(added[0].Files.Select(f => f.Path).Where(p => !ExpectedInBuildLayer(p)), Is.Empty, "the layer holds the binary, the empty cache roots and buildah's etc files only");
            Assert.That(Answer(SingleStage), Does.Contain("HELLO, CONTAINER!"));
            Assert.That(_buildOutput[SingleStage], Does.Contain("of Go caches out of the image layer"));
        });

        // What is left besides the binary: the empty cache roots go clean keeps (the leases folder, the build cache's README).
        TestContext.Out.WriteLine(string.Join("\n", added[0].Files.Select(f => $"{f.Size,12} {f.Path}")));
        Report("single-stage (the build's layer)", SingleStage, added);
    }

    [Test]
    public void Cache_mounts_keep_the_caches_bounded_between_builds_and_the_second_build_reuses_them()
    {
        var mod = ModMount();
        var build = BuildMount();
        var first = ModuleCacheInventory.Scan(mod);
        var firstBuildBytes = BuildCacheInventory.Scan(build).Total.Bytes;
        Assert.Multiple(() =>
        {
            Assert.That(first.Modules.Select(m => m.Path + "@" + m.Version), Is.EquivalentTo(new[] { "example.com/clock/v2@v2.0.0", "example.com/greetings@v1.1.0", "github.com/Acme/TextUtil@v0.3.0" }), "the module mount keeps what the service needs");
            Assert.That(firstBuildBytes, Is.GreaterThan(10L * 1024 * 1024).And.LessThanOrEqualTo(256L * 1024 * 1024), "the build cache mount is kept, within the Dockerfile's default limit");
            Assert.That(Forbidden(AddedLayers(CacheMounts, DebianImage)), Is.Empty);
            Assert.That(Answer(CacheMounts), Does.Contain("HELLO, CONTAINER!"));
        });

        // A version the service does not need lands in the module mount (another project's build, say): the next
        // build's prune takes it out. The second build runs with a tighter build cache limit, which the trim enforces.
        var sandboxEnv = new Dictionary<string, string>
        {
            ["GOMODCACHE"] = mod,
            ["GOPROXY"] = new Uri(Path.Combine(Context, "goproxy")).AbsoluteUri,
            ["GOSUMDB"] = "off",
            ["GOFLAGS"] = "-mod=mod",
            ["GOTOOLCHAIN"] = "local",
            ["GOCACHE"] = Path.Combine(_cache, "tmp", "host-gocache"),
        };
        MustRun(Path.GetTempPath(), sandboxEnv, TestGo.Executable, "mod", "download", "example.com/greetings@v1.0.0");
        Assert.That(ModuleCacheInventory.Scan(mod).Modules, Has.Count.EqualTo(4));

        var second = Timed("second cache-mounts build", () => BuildOffline(["-f", Path.Combine(Context, "Dockerfile.cache-mounts"), "--build-arg", "GO_BUILD_CACHE_LIMIT=30MiB", "-t", "polyglot-service:cache-mounts", Context]));
        var after = ModuleCacheInventory.Scan(mod);
        var buildAfter = BuildCacheInventory.Scan(build).Total.Bytes;
        TestContext.Out.WriteLine($"module mount: {first.Total.Bytes} B after build 1, {after.Total.Bytes} B after build 2; build cache mount: {firstBuildBytes} B after build 1, {buildAfter} B after build 2 (limit 30 MiB)");
        Assert.Multiple(() =>
        {
            Assert.That(after.Modules.Select(m => m.Path + "@" + m.Version), Is.EquivalentTo(first.Modules.Select(m => m.Path + "@" + m.Version)), "the prune took out the version the service does not need");
            Assert.That(buildAfter, Is.GreaterThan(0).And.LessThanOrEqualTo(30L * 1024 * 1024), "the trim bounds the build cache mount");
            Assert.That(BeforeBuild(second, "module cache"), Is.GreaterThan(0), "the second build starts from the kept module cache:\n" + second);
            Assert.That(BeforeBuild(second, "build cache"), Is.GreaterThan(10L * 1024 * 1024), "the second build starts from the kept build cache:\n" + second);
            Assert.That(second, Does.Contain("Cache mounts kept:"));
            Assert.That(Answer(CacheMounts), Does.Contain("HELLO, CONTAINER!"));
        });
    }

    [Test]
    public void A_naive_go_build_leaves_caches_and_apt_lists_in_its_layer()
    {
        // The comparison (docs/benchmarks.md): apt-get install golang-go and go build in one stage. It needs the
        // network for apt, so it is the one build here that has it. It also shows the layer search finds what it looks for.
        // The baseline is kept between runs, keyed by its Dockerfile, the service's sources and the base images' recipe.
        var naive = NaiveRepository + ":" + NaiveKey();
        var output = "kept from an earlier run";
        if (Run(Repository.Root, BuildahEnv(), "buildah", [.. Storage, "inspect", "--type", "image", naive]).Code != 0)
        {
            foreach (var old in MustRun(Repository.Root, BuildahEnv(), "buildah", [.. Storage, "images", "-q", "--filter", "reference=" + NaiveRepository]).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                Buildah(null, "rmi", "-f", old.Trim());
            }

            output = Timed("naive build", () => MustRun(Repository.Root, BuildahEnv(), "buildah", [.. Storage, "bud", "--isolation", "chroot", "-f", Path.Combine(Repository.Root, "tests", "containers", "Dockerfile.naive"), "-t", naive, Context]));
        }

        var added = AddedLayers(naive, DebianImage);
        var findings = Forbidden(added);
        Assert.Multiple(() =>
        {
            Assert.That(findings.Keys, Is.SupersetOf(new[] { "Go module cache", "Go build cache", "apt lists" }), output);
            Assert.That(Answer(naive), Does.Contain("HELLO, CONTAINER!"));
        });
        Report("naive (apt-get golang-go, go build)", naive, added);
    }

    [Test]
    public void The_sample_readme_gives_the_same_container_commands_as_the_root_readme() =>
        Assert.That(
            ReadmeCommands(Path.Combine(Repository.Root, "samples", "polyglot", "README.md")),
            Is.EqualTo(ReadmeCommands(Path.Combine(Repository.Root, "README.md"))));

    private string NaiveKey()
    {
        var files = new[] { Path.Combine(Repository.Root, "tests", "containers", "Dockerfile.naive") }
            .Concat(Directory.EnumerateFiles(Path.Combine(Context, "goproxy"), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            .Concat(Directory.EnumerateFiles(Path.Combine(Context, "go"), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
        var bytes = files.SelectMany(f => Encoding.UTF8.GetBytes(Path.GetRelativePath(Repository.Root, f)).Concat(File.ReadAllBytes(f)))
            .Concat(Encoding.UTF8.GetBytes(string.Join(",", Directory.EnumerateFiles(_cache, "recipe-*").Select(Path.GetFileName))))
            .ToArray();
        return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes))[..16].ToLowerInvariant();
    }

    private static List<string> ReadmeCommands(string readme)
    {
        var text = File.ReadAllText(readme);
        var begin = text.IndexOf("<!-- container-commands: begin -->", StringComparison.Ordinal);
        var end = text.IndexOf("<!-- container-commands: end -->", StringComparison.Ordinal);
        Assert.That(begin, Is.GreaterThanOrEqualTo(0).And.LessThan(end), "README has the container-commands block");
        return text[begin..end].Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#') && !l.StartsWith("```", StringComparison.Ordinal) && !l.StartsWith("<!--", StringComparison.Ordinal))
            .ToList();
    }

    private static long BeforeBuild(string log, string cache)
    {
        // GoBuildAndClean's table: "<cache>  <before>  <after build>  <after clean>  <path>".
        var match = Regex.Match(log, "^" + cache + @"\s+([0-9.]+ [KMGT]?i?B)\s", RegexOptions.Multiline);
        Assert.That(match.Success, Is.True, $"no '{cache}' row in:\n{log}");
        return SizeParser.Parse(match.Groups[1].Value).Bytes;
    }

    private static bool ExpectedInBuildLayer(string path) =>
        path == "usr/local/bin/service" || path is "etc/hosts" or "etc/resolv.conf"
        || path.Contains("/.gocaches-leases/", StringComparison.Ordinal)
        || path.EndsWith("go-build/README", StringComparison.Ordinal) || path.EndsWith("go-build/trim.txt", StringComparison.Ordinal);

    private static Dictionary<string, List<string>> Forbidden(IEnumerable<Layer> layers)
    {
        var found = new Dictionary<string, List<string>>();
        foreach (var file in layers.SelectMany(l => l.Files))
        {
            var kind = Classify(file.Path);
            if (kind != null)
            {
                if (!found.TryGetValue(kind, out var list))
                {
                    found[kind] = list = [];
                }

                list.Add(file.Path);
            }
        }

        return found;
    }

    // What a build must not leave in a layer; the empty cache roots a clean keeps (their .gocaches-leases folder,
    // the build cache's README and trim.txt) are not cache content.
    private static string? Classify(string path)
    {
        if (path.Contains("/.gocaches-leases/", StringComparison.Ordinal))
        {
            return null;
        }

        if (Regex.IsMatch(path, @"(^|/)pkg/mod/.+"))
        {
            return "Go module cache";
        }

        if (Regex.IsMatch(path, @"(^|/)go-build/[0-9a-f]{2}/") || path.EndsWith("/go-build/log.txt", StringComparison.Ordinal))
        {
            return "Go build cache";
        }

        if (Regex.IsMatch(path, @"(^|/)\.nuget/packages/.+") || path.EndsWith(".nupkg", StringComparison.Ordinal) || path.Contains("tools/Addins/", StringComparison.Ordinal))
        {
            return "NuGet packages";
        }

        if (Regex.IsMatch(path, @"(^|/)var/lib/apt/lists/[^/]+$") && !path.EndsWith("/lock", StringComparison.Ordinal))
        {
            return "apt lists";
        }

        return null;
    }

    private string ModMount() => MountHolding(d => Directory.Exists(Path.Combine(d, "cache", "download")), "module cache");

    private string BuildMount() => MountHolding(d => File.Exists(Path.Combine(d, "README")) && Directory.Exists(Path.Combine(d, "00")), "build cache");

    // buildah (1.28) keeps cache mounts under $TMPDIR/buildah-cache/<id>; the test finds each by what it holds.
    private string MountHolding(Func<string, bool> holds, string what)
    {
        Assert.That(Directory.Exists(CacheMountsDir), Is.True, $"buildah's cache mounts folder {CacheMountsDir}");
        var dirs = Directory.EnumerateDirectories(CacheMountsDir, "*", SearchOption.AllDirectories).Where(holds).ToList();
        Assert.That(dirs, Has.Count.EqualTo(1), $"one {what} mount under {CacheMountsDir}");
        return dirs[0];
    }

    private string BuildOffline(string[] args) =>
        MustRun(Repository.Root, BuildahEnv(), "unshare", ["-n", "buildah", .. Storage, "bud", "--isolation", "chroot", .. args]);

    private Dictionary<string, string> BuildahEnv() => new() { ["TMPDIR"] = Path.Combine(_cache, "tmp") };

    private string Answer(string image)
    {
        var container = MustRun(Repository.Root, BuildahEnv(), "buildah", [.. Storage, "from", "-q", image]).Trim();
        var port = FreePort();
        var psi = new ProcessStartInfo("buildah") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])[.. Storage, "run", "--isolation", "chroot", container, "--", "/usr/local/bin/service", "-listen", $"127.0.0.1:{port}"])
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["TMPDIR"] = Path.Combine(_cache, "tmp");
        using var service = Process.Start(psi)!;
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            for (var i = 0; i < 100; i++)
            {
                try
                {
                    return http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/?name=container")).GetAwaiter().GetResult();
                }
                catch (HttpRequestException)
                {
                    if (service.HasExited)
                    {
                        return "the service exited: " + service.StandardError.ReadToEnd();
                    }

                    System.Threading.Thread.Sleep(200);
                }
            }

            return "no answer";
        }
        finally
        {
            service.Kill(entireProcessTree: true);
            service.WaitForExit();
            Buildah(null, "rm", container);
        }
    }

    // The layers a build added: those above the base image's (a re-exported layer's digest need not be the one the
    // base image recorded, so they are told apart by position).
    private List<Layer> AddedLayers(string image, string baseImage)
    {
        var baseCount = DiffIds(baseImage).Count;
        var dir = Path.Combine(_cache, "tmp", "oci-" + Guid.NewGuid().ToString("N"));
        try
        {
            MustRun(Repository.Root, BuildahEnv(), "buildah", [.. Storage, "push", "-q", "-D", image, "oci:" + dir]);
            var index = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "index.json")));
            var manifest = JsonDocument.Parse(File.ReadAllText(Blob(dir, index.RootElement.GetProperty("manifests")[0].GetProperty("digest").GetString()!)));
            return manifest.RootElement.GetProperty("layers").EnumerateArray()
                .Skip(baseCount)
                .Select(layer => ReadLayer(Blob(dir, layer.GetProperty("digest").GetString()!)))
                .ToList();
        }
        finally
        {
            GoSandbox.ForceDelete(dir);
        }
    }

    private List<string> DiffIds(string image)
    {
        var json = JsonDocument.Parse(MustRun(Repository.Root, BuildahEnv(), "buildah", [.. Storage, "inspect", "--type", "image", image]));
        return json.RootElement.GetProperty("OCIv1").GetProperty("rootfs").GetProperty("diff_ids").EnumerateArray().Select(d => d.GetString()!).ToList();
    }

    private static string Blob(string dir, string digest) => Path.Combine(dir, "blobs", "sha256", digest["sha256:".Length..]);

    private static Layer ReadLayer(string blob)
    {
        using var file = File.OpenRead(blob);
        Stream stream = file;
        var magic = new byte[2];
        file.ReadExactly(magic);
        file.Position = 0;
        if (magic[0] == 0x1f && magic[1] == 0x8b)
        {
            stream = new GZipStream(file, CompressionMode.Decompress);
        }

        var files = new List<LayerFile>();
        using var reader = new TarReader(stream);
        while (reader.GetNextEntry() is { } entry)
        {
            if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.SymbolicLink or TarEntryType.HardLink)
            {
                files.Add(new LayerFile(entry.Name.TrimStart('.', '/'), entry.Length));
            }
        }

        return new Layer(new FileInfo(blob).Length, files);
    }

    private void Report(string pattern, string image, List<Layer> added)
    {
        var bytes = added.Sum(l => l.TarBytes);
        var kinds = added.SelectMany(l => l.Files).GroupBy(f => Classify(f.Path) ?? "other").ToDictionary(g => g.Key, g => g.Sum(f => f.Size));
        var line = string.Create(CultureInfo.InvariantCulture, $"| {pattern} | {image} | {added.Count} | {SizeParser.Format(bytes)} | {SizeParser.Format(added.SelectMany(l => l.Files).Sum(f => f.Size))} | ") + string.Join(", ", kinds.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key}: {SizeParser.Format(k.Value)}")) + " |";
        TestContext.Progress.WriteLine("layers added " + line);
        File.AppendAllText(Path.Combine(_cache, "layer-sizes.md"), line + "\n");
    }

    private void Buildah(Dictionary<string, string>? env, params string[] args) =>
        Run(Repository.Root, env ?? BuildahEnv(), "buildah", [.. Storage, .. args]);

    private T Timed<T>(string what, Func<T> action)
    {
        var watch = Stopwatch.StartNew();
        var result = action();
        _timings.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{watch.Elapsed.TotalSeconds,7:0.0} s  {what}"));
        return result;
    }

    private static string MustRun(string dir, string file, params string[] args) => MustRun(dir, null, file, args);

    private static string MustRun(string dir, Dictionary<string, string>? env, string file, params string[] args)
    {
        var (code, output) = Run(dir, env, file, args);
        Assert.That(code, Is.Zero, $"{file} {string.Join(' ', args)} failed:\n{output}");
        return output;
    }

    private static (int Code, string Output) Run(string dir, Dictionary<string, string>? env, string file, params string[] args) =>
        Repository.Run(dir, psi =>
        {
            foreach (var (k, v) in env ?? [])
            {
                psi.Environment[k] = v;
            }
        }, file, args);

    private static string? Which(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Concat(["/usr/sbin", "/sbin"]).Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed record LayerFile(string Path, long Size);

    private sealed record Layer(long TarBytes, List<LayerFile> Files);
}
