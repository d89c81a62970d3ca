using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoCaches.Inventory;
using GoModCache.TestSupport;
using NUnit.Framework;

namespace GoModCache.Tests;

/// <summary>
/// The native Linux walk (getdents64 + statx relative to each directory) against .NET's enumerator and against
/// find, on a module cache Go filled itself, with links, empty and read-only directories and odd names added.
/// </summary>
[Platform("Linux")]
public class NativeWalkTests
{
    private GoSandbox _sandbox = null!;
    private string _outside = null!;

    [OneTimeSetUp]
    public void PopulateCache()
    {
        _sandbox = new GoSandbox("nativewalk");
        var proxy = _sandbox.Proxy;
        var dep = proxy.Add("example.com/dep", "v0.1.0", m => m.WithFile("data/file with spaces.txt", "spaces").WithFile("data/ünïcödé-名前.txt", "unicode").WithFile("data/{curly}&(round)[square]~#$%.txt", "punctuation"));
        var lib = proxy.Add("example.com/lib", "v1.1.0", m => m.WithBulk(40, 700).Require("example.com/dep", "v0.1.0"));
        var upper = proxy.Add("example.com/Upper/Mixed", "v0.3.0-RC1", m => m.WithBulk(5, 5000));
        _sandbox.PublishProxy();
        var app = _sandbox.WriteProject("app", lib, dep, upper);
        _sandbox.MustGo(app, "build", "-o", Path.Combine(app, "app"), ".");

        // What Go never writes but a cache may hold: links (to a file, to a directory, dangling, inside and out),
        // empty directories, names with a newline, a quote, a backslash, a leading dash, in a read-only tree.
        _outside = _sandbox.Dir("outside");
        File.WriteAllBytes(Path.Combine(_outside, "big"), new byte[123_456]);
        var version = Directory.GetDirectories(Path.Combine(_sandbox.GoModCache, "example.com"), "lib@*").Single();
        var extra = Path.Combine(version, "extra");
        MakeWritable(version);
        Directory.CreateDirectory(Path.Combine(extra, "empty", "deeper-empty"));
        File.WriteAllText(Path.Combine(extra, "new\nline"), "newline");
        File.WriteAllText(Path.Combine(extra, "quote'\"back\\slash"), "quotes");
        File.WriteAllText(Path.Combine(extra, "-leading-dash"), "dash");
        File.WriteAllBytes(Path.Combine(extra, "empty-file"), []);
        File.CreateSymbolicLink(Path.Combine(extra, "to-file"), Path.Combine(_outside, "big"));
        Directory.CreateSymbolicLink(Path.Combine(extra, "to-dir"), _outside);
        File.CreateSymbolicLink(Path.Combine(extra, "dangling"), Path.Combine(_outside, "missing"));
        File.CreateSymbolicLink(Path.Combine(extra, "to-sibling"), "go.mod");
        DiskOracle.Run("chmod", "-R", "a-w", extra);
        DiskOracle.Run("chmod", "a-w", version);
        Directory.CreateDirectory(Path.Combine(_sandbox.GoModCache, "cache", "empty-at-top"));
    }

    [OneTimeTearDown]
    public void Cleanup() => _sandbox.Dispose();

    [Test]
    public void The_native_walk_counts_what_the_dotnet_walk_and_find_count()
    {
        var roots = Directory.GetDirectories(_sandbox.GoModCache, "*", SearchOption.AllDirectories)
            .Where(d => Path.GetFileName(d).Contains('@', StringComparison.Ordinal))
            .Append(Path.Combine(_sandbox.GoModCache, "cache"))
            .Append(_sandbox.GoModCache)
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.That(roots, Has.Count.GreaterThanOrEqualTo(5));
        Assert.That(LinuxDirectory.IsSupported, Is.True, "the native walk is what this test compares (x64 and arm64 Linux)");
        foreach (var root in roots)
        {
            var native = TreeSize.MeasureAll([root], out var nativeAccess, native: true);
            var managed = TreeSize.MeasureAll([root], out var managedAccess, native: false);
            var (bytes, files) = DiskOracle.RegularFiles(root);
            var expected = new TreeSize(bytes, files, Count(root, "d") - 1, Count(root, "l"));
            var newest = DiskOracle.Run("find", "-P", root, "-type", "f", "-printf", "%A@\n")
                .Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(t => decimal.Parse(t, System.Globalization.CultureInfo.InvariantCulture))
                .DefaultIfEmpty(-1)
                .Max();
            Assert.Multiple(() =>
            {
                Assert.That(native[0], Is.EqualTo(managed[0]), root);
                Assert.That(native[0], Is.EqualTo(expected), "find: " + root);
                Assert.That(nativeAccess[0], Is.EqualTo(managedAccess[0]), "newest access, " + root);
                if (newest >= 0)
                {
                    Assert.That(nativeAccess[0], Is.EqualTo(DateTime.UnixEpoch.AddTicks((long)(newest * TimeSpan.TicksPerSecond))).Within(TimeSpan.FromTicks(1)), "find's %A@, " + root);
                }
            });
        }

        Assert.That(LinuxDirectory.IsSupported, Is.True, "the native calls bound and were used");

        // All at once, on every core, many times: the same sums.
        var once = TreeSize.MeasureAll(roots.Take(roots.Count - 1).ToList(), out var onceAccess, native: false);
        for (var run = 0; run < 10; run++)
        {
            Assert.That(TreeSize.MeasureAll(roots.Take(roots.Count - 1).ToList(), out var access, native: true), Is.EqualTo(once), $"run {run}");
            Assert.That(access, Is.EqualTo(onceAccess), $"run {run}");
        }
    }

    [Test]
    public void The_native_listing_gives_what_the_dotnet_listing_gives()
    {
        var directories = Directory.GetDirectories(_sandbox.GoModCache, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint })
            .Append(_sandbox.GoModCache)
            .Append(Path.Combine(_sandbox.GoModCache, "missing"))
            .Append(_sandbox.GoModCache + "/")
            .ToList();
        var compared = 0;
        foreach (var directory in directories)
        {
            var native = DirEntry.List(directory, native: true);
            var managed = DirEntry.List(directory, native: false);
            Assert.That(native, Is.EqualTo(managed), directory);
            compared += native.Count;
        }

        Assert.That(compared, Is.GreaterThan(100));
    }

    [Test]
    public void Both_walks_fail_alike_on_an_unreadable_directory_and_on_a_file()
    {
        var file = Path.Combine(_sandbox.Root, "not-a-directory");
        File.WriteAllText(file, "x");
        Assert.Multiple(() =>
        {
            Assert.That(() => TreeSize.MeasureAll([file], out _, native: true), Throws.InstanceOf<IOException>());
            Assert.That(() => TreeSize.MeasureAll([file], out _, native: false), Throws.InstanceOf<IOException>());
        });
        if (Environment.UserName == "root")
        {
            return; // root reads every directory
        }

        var locked = _sandbox.Dir("locked/inner");
        File.SetUnixFileMode(locked, UnixFileMode.None);
        try
        {
            var parent = Path.GetDirectoryName(locked)!;
            Assert.Multiple(() =>
            {
                Assert.That(() => TreeSize.MeasureAll([parent], out _, native: true), Throws.InstanceOf<GoCaches.GoModCacheException>());
                Assert.That(() => TreeSize.MeasureAll([parent], out _, native: false), Throws.InstanceOf<GoCaches.GoModCacheException>());
            });
        }
        finally
        {
            File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private static void MakeWritable(string directory) =>
        File.SetUnixFileMode(directory, File.GetUnixFileMode(directory) | UnixFileMode.UserWrite);

    private static long Count(string path, string type) =>
        DiskOracle.Run("find", "-P", path, "-type", type, "-printf", "x\\n").Count(c => c == '\n');
}
