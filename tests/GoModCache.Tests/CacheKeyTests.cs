using System.IO;
using System.Linq;
using GoCaches;
using GoCaches.Ci;
using GoCaches.Go;
using GoModCache.TestSupport;
using NUnit.Framework;

namespace GoModCache.Tests;

public class CacheKeyTests
{
    private GoSandbox _sandbox = null!;
    private string _a = null!;
    private string _b = null!;

    [SetUp]
    public void WriteSums()
    {
        _sandbox = new GoSandbox("key");
        _a = Path.Combine(_sandbox.Dir("svc/a"), "go.sum");
        _b = Path.Combine(_sandbox.Dir("svc/b"), "go.work.sum");
        File.WriteAllText(_a, "example.com/x v1.0.0 h1:aaa=\nexample.com/x v1.0.0/go.mod h1:bbb=\n");
        File.WriteAllText(_b, "example.com/y v2.0.0 h1:ccc=\n");
    }

    [TearDown]
    public void Cleanup() => _sandbox.Dispose();

    private CacheKey Key(string goVersion = "go1.23.5", params string[] files) =>
        CacheKey.Compute("gomodcache", "linux", "amd64", goVersion, _sandbox.Root, files.Length == 0 ? new[] { _a, _b } : files);

    [Test]
    public void The_key_has_the_platform_the_go_version_and_a_hash_and_the_restore_key_is_its_prefix()
    {
        var key = Key();
        Assert.Multiple(() =>
        {
            Assert.That(key.RestoreKey, Is.EqualTo("gomodcache-linux-amd64-go1.23.5-"));
            Assert.That(key.Key, Does.StartWith(key.RestoreKey));
            Assert.That(key.Hash, Has.Length.EqualTo(64));
            Assert.That(key.Files, Is.EqualTo(new[] { "svc/a/go.sum", "svc/b/go.work.sum" }));
        });
    }

    [Test]
    public void File_order_line_endings_and_line_order_do_not_change_the_key()
    {
        var before = Key().Key;
        Assert.That(Key("go1.23.5", _b, _a).Key, Is.EqualTo(before));
        File.WriteAllText(_a, "example.com/x v1.0.0/go.mod h1:bbb=\r\n\r\nexample.com/x v1.0.0 h1:aaa=\r\n");
        Assert.That(Key().Key, Is.EqualTo(before));
    }

    [Test]
    public void Changing_a_go_sum_or_the_go_version_changes_the_key()
    {
        var before = Key().Key;
        Assert.That(Key("go1.22.0").Key, Is.Not.EqualTo(before));
        File.AppendAllText(_b, "example.com/z v0.1.0 h1:ddd=\n");
        Assert.That(Key().Key, Is.Not.EqualTo(before));
    }

    [Test]
    public void Moving_a_go_sum_to_another_module_changes_the_key()
    {
        var before = Key().Key;
        var moved = Path.Combine(_sandbox.Dir("svc/c"), "go.sum");
        File.Move(_a, moved);
        Assert.That(Key("go1.23.5", moved, _b).Key, Is.Not.EqualTo(before));
    }

    [Test]
    public void A_missing_file_is_a_clear_error()
    {
        var ex = Assert.Throws<GoModCacheException>(() => Key("go1.23.5", Path.Combine(_sandbox.Root, "nope", "go.sum")));
        Assert.That(ex!.Message, Does.Contain("does not exist"));
    }

    [Test]
    public void The_build_key_changes_with_sources_flags_and_go_sum_and_falls_back_to_the_same_go_sum_then_any()
    {
        var main = Path.Combine(_sandbox.Dir("svc/a"), "main.go");
        File.WriteAllText(main, "package main\n\nfunc main() {}\n");
        CacheKey Build(string flags = "-mod=readonly") => CacheKey.ComputeBuild("gobuildcache", "linux", "amd64", "go1.23.5", flags, _sandbox.Root, [_a], [main]);

        var first = Build();
        Assert.Multiple(() =>
        {
            Assert.That(first.RestoreKeys, Has.Count.EqualTo(2));
            Assert.That(first.RestoreKey, Is.EqualTo(first.RestoreKeys[0]));
            Assert.That(first.Key, Does.StartWith(first.RestoreKeys[0]));
            Assert.That(first.RestoreKeys[0], Does.StartWith(first.RestoreKeys[1]));
            Assert.That(first.RestoreKeys[1], Does.StartWith("gobuildcache-linux-amd64-go1.23.5-"));
            Assert.That(first.Files, Is.EqualTo(new[] { "svc/a/go.sum", "svc/a/main.go" }));
            Assert.That(Build().Key, Is.EqualTo(first.Key), "deterministic");
        });

        File.AppendAllText(main, "// changed\n");
        var source = Build();
        Assert.That(source.Key, Is.Not.EqualTo(first.Key));
        Assert.That(source.RestoreKeys, Is.EqualTo(first.RestoreKeys), "a source change falls back to the cache of the same go.sum");

        var flags = Build("-mod=readonly -tags=x");
        Assert.That(flags.RestoreKeys[1], Is.Not.EqualTo(first.RestoreKeys[1]), "other GOFLAGS, other caches");

        File.AppendAllText(_a, "example.com/z v1.0.0 h1:zzz=\n");
        var sums = Build();
        Assert.Multiple(() =>
        {
            Assert.That(sums.RestoreKeys[0], Is.Not.EqualTo(first.RestoreKeys[0]), "a go.sum change leaves the same-go.sum prefix");
            Assert.That(sums.RestoreKeys[1], Is.EqualTo(first.RestoreKeys[1]), "and falls back to any cache of the same Go, platform and flags");
        });
    }

    [Test]
    public void The_std_key_changes_with_go_platform_and_build_settings_only_and_has_no_restore_keys()
    {
        var settings = new System.Collections.Generic.Dictionary<string, string> { ["GOFLAGS"] = "", ["CGO_ENABLED"] = "1", ["GOAMD64"] = "v1", ["GOROOT"] = "/usr/lib/go-1.23" };
        CacheKey Std(string version = "go1.23.5", string goarch = "amd64", System.Collections.Generic.Dictionary<string, string>? with = null) =>
            CacheKey.ComputeStd("gostdcache", "linux", goarch, version, with ?? settings);
        var key = Std();
        var output = Path.Combine(_sandbox.Root, "github-output");
        key.WriteGitHubOutput(output, "std-key");
        Assert.Multiple(() =>
        {
            Assert.That(key.Key, Does.StartWith("gostdcache-linux-amd64-go1.23.5-"));
            Assert.That(key.RestoreKeys, Is.Empty, "exact hits only");
            Assert.That(key.Files, Is.Empty, "nothing of the repository");
            Assert.That(Std().Key, Is.EqualTo(key.Key));
            Assert.That(Std(with: new(settings) { ["UNRELATED"] = "x" }).Key, Is.EqualTo(key.Key), "only the settings that change the standard library's compile count");
            Assert.That(Std("go1.23.6").Key, Is.Not.EqualTo(key.Key));
            Assert.That(Std(goarch: "arm64").Key, Is.Not.EqualTo(key.Key));
            foreach (var (name, value) in new[] { ("GOFLAGS", "-trimpath"), ("CGO_ENABLED", "0"), ("GOAMD64", "v3"), ("GOEXPERIMENT", "rangefunc"), ("GOROOT", "/opt/go"), ("CC", "clang") })
            {
                Assert.That(Std(with: new(settings) { [name] = value }).Key, Is.Not.EqualTo(key.Key), name);
            }

            Assert.That(File.ReadAllText(output), Is.EqualTo($"std-key={key.Key}\n"), "no restore key is published");
            Assert.That(key.AzurePipelinesCommands("GOSTDCACHE_KEY"), Is.EqualTo(new[] { $"##vso[task.setvariable variable=GOSTDCACHE_KEY]{key.Key}" }));
        });
    }

    [Test]
    public void The_std_cache_directory_is_next_to_the_build_cache_and_may_not_overlap_it()
    {
        var build = Path.Combine(_sandbox.Root, "go-build");
        Assert.Multiple(() =>
        {
            Assert.That(StdCacheDirectory.DefaultPath(build + "/"), Is.EqualTo(build + "-std"));
            Assert.That(StdCacheDirectory.Check(build + "-std", build), Is.EqualTo(build + "-std"));
            Assert.That(() => StdCacheDirectory.Check(build, build), Throws.TypeOf<GoModCacheException>());
            Assert.That(() => StdCacheDirectory.Check(Path.Combine(build, "std"), build), Throws.TypeOf<GoModCacheException>());
            Assert.That(() => StdCacheDirectory.Check(_sandbox.Root, build), Throws.TypeOf<GoModCacheException>());
        });
    }

    [Test]
    public void The_engine_decides_the_std_cache_request_the_front_ends_map_their_settings_to()
    {
        var build = Path.Combine(_sandbox.Root, "go-build");
        var given = Path.Combine(_sandbox.Root, "std-here");
        var go = new GoCommand("go", null, _sandbox.Root);
        var made = 0;
        GoCommand Go()
        {
            made++;
            return go;
        }

        var svcA = Path.GetDirectoryName(_a)!;
        var svcB = Path.GetDirectoryName(_b)!;
        var byDefault = StdCacheRequest.For(true, build, null, Go, [], [], [])!;
        var fromFiles = StdCacheRequest.For(true, build, given, Go, [_a, svcA, _b], [Path.Combine(_sandbox.Root, "kept")], ["-trimpath", "", " -race  -trimpath "])!;
        var fromKept = StdCacheRequest.For(true, build, " ", Go, [], [_b, svcA], ["-test"])!;
        Assert.Multiple(() =>
        {
            Assert.That(StdCacheDirectory.For(false, build, given), Is.Null, "off");
            Assert.That(StdCacheDirectory.For(true, null, given), Is.Null, "GOCACHE=off");
            Assert.That(StdCacheDirectory.For(true, build, null), Is.EqualTo(build + "-std"), "default: the build cache's name with -std");
            Assert.That(StdCacheDirectory.For(true, build, "  "), Is.EqualTo(build + "-std"), "blank is the default");
            Assert.That(StdCacheDirectory.For(true, build, given), Is.EqualTo(given));
            Assert.That(StdCacheRequest.For(false, build, given, Go, [], [], []), Is.Null);
            Assert.That(StdCacheRequest.For(true, null, given, Go, [], [], []), Is.Null);
            Assert.That(made, Is.EqualTo(3), "the go command is made only for a request");

            Assert.That(byDefault.Directory, Is.EqualTo(build + "-std"));
            Assert.That(byDefault.Go, Is.SameAs(go));
            Assert.That(byDefault.PackageDirectories, Is.Empty, "none given: the engine lists in the go command's working directory");
            Assert.That(byDefault.FlagSets.Select(f => string.Join(' ', f)), Is.EqualTo(new[] { string.Empty }), "no flag set: one plain set");
            Assert.That(byDefault.Patterns, Is.EqualTo(new[] { "./..." }));

            Assert.That(fromFiles.Directory, Is.EqualTo(given));
            Assert.That(fromFiles.PackageDirectories, Is.EqualTo(new[] { svcA, svcB }), "a file stands for its directory, each directory once, the projects kept not used");
            Assert.That(fromFiles.FlagSets.Select(f => string.Join('|', f)), Is.EqualTo(new[] { "-trimpath", string.Empty, "-race|-trimpath" }), "one set per text, flags split at spaces");

            Assert.That(fromKept.Directory, Is.EqualTo(build + "-std"));
            Assert.That(fromKept.PackageDirectories, Is.EqualTo(new[] { svcB, svcA }), "no package path: the directories of the projects kept");
            Assert.That(fromKept.FlagSets.Select(f => string.Join('|', f)), Is.EqualTo(new[] { "-test" }));
        });
    }
}
