using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoCaches;
using GoCaches.Eviction;
using GoCaches.Inventory;
using GoCaches.Pruning;
using GoModCache.TestSupport;
using NUnit.Framework;

namespace GoModCache.Tests;

/// <summary>
/// Fault suite (issue 7), part 3: every bad input is a <see cref="GoModCacheException"/> whose message names the
/// problem, and nothing is deleted: a SHA-256 over the real module cache and over canary trees (one shaped like a
/// module cache, so that only the guard stands between it and a delete) is the same before and after.
/// </summary>
[Category("FaultSuite")]
public class FaultSuiteBadInputTests
{
    private GoSandbox _sandbox = null!;
    private Paths _paths = null!;

    public enum Operation
    {
        Prune,
        Clean,
        Evict,
    }

    [OneTimeSetUp]
    public void PopulateCache()
    {
        _sandbox = GoSandbox.WithSharedBuildCache("bad-input");
        var a = _sandbox.Proxy.Add("example.com/a", "v1.0.0", m => m.WithBulk(20, 300));
        var b = _sandbox.Proxy.Add("example.com/b", "v1.0.0");
        _sandbox.PublishProxy();
        var app = _sandbox.WriteProject("app", a, b);
        _sandbox.MustGo(app, "build", "-o", "app.bin", ".");

        // A canary tree shaped like a module cache: if a guard let an operation through, it would delete from it.
        var canary = _sandbox.Dir("canary");
        DiskOracle.Run("cp", "-a", _sandbox.GoModCache + "/.", canary);
        File.WriteAllText(Path.Combine(canary, "precious.txt"), "keep me\n");
        var file = Path.Combine(_sandbox.Dir("canary-file"), "a-file");
        File.WriteAllText(file, "not a directory\n");
        var link = Path.Combine(_sandbox.Root, "link-to-canary");
        Directory.CreateSymbolicLink(link, canary);
        _paths = new Paths(_sandbox.GoModCache, app, canary, file, link, Path.Combine(_sandbox.Root, "missing", "pkg", "mod"), _sandbox.Dir("inputs"));
    }

    [OneTimeTearDown]
    public void Cleanup() => _sandbox?.Dispose();

    // Cache roots, against each operation. "/" and the home directory run as dry runs (prune and clean) so that a
    // broken guard fails the test instead of wiping the machine; the guard runs the same in a dry run.
    public static IEnumerable<TestCaseData> BadRoots()
    {
        var roots = new (string Name, Func<Paths, string> Root, bool DryRun, string Message)[]
        {
            ("the file system root", _ => "/", true, "root of the file system"),
            ("the home directory", _ => Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), true, "home directory"),
            ("a relative path", _ => Path.Combine("relative", "pkg", "mod"), false, "the path is relative"),
            ("a missing path", p => p.Missing, false, "does not exist"),
            ("a regular file", p => p.File, false, "it is a file, not a directory"),
            ("a symlink to a cache-shaped directory", p => p.LinkToCanary, false, "it is a symbolic link"),
        };
        foreach (var (name, root, dryRun, message) in roots)
        {
            foreach (var operation in Enum.GetValues<Operation>())
            {
                if (name == "a missing path" && operation == Operation.Clean)
                {
                    continue; // go clean -modcache does nothing for a missing cache, and so does Clean: see the test below.
                }

                yield return new TestCaseData(operation, root, dryRun, message).SetName($"Bad root: {name}, {operation}");
            }
        }
    }

    public static IEnumerable<TestCaseData> BadProjects()
    {
        var cases = new (string Name, string File, string Content, string Message)[]
        {
            ("go.mod with an unclosed block", "go.mod", "module m\n\nrequire (\n\texample.com/a v1.0.0\n", "block is never closed"),
            ("go.mod with a bad version", "go.mod", "module m\nrequire example.com/a v1.0.0.0\n", "is not a module version"),
            ("go.mod with a require missing its version", "go.mod", "module m\n\nrequire example.com/a\n", "go.mod:3: malformed"),
            ("go.mod with an unterminated string", "go.mod", "module \"m\n", "unterminated quoted string"),
            ("go.mod that is a go.sum", "go.mod", "example.com/a v1.0.0 h1:abc=\n", "unknown directive"),
            ("go.sum with two fields", "go.sum", "example.com/a v1.0.0\n", "go.sum:1: malformed"),
            ("go.sum with a bad hash", "go.sum", "example.com/a v1.0.0 nohash\n", "is not a hash"),
            ("go.sum with a '..' path", "go.sum", "example.com/../x v1.0.0 h1:x=\n", "'..' element"),
            ("go.work using a missing module", "go.work", "go 1.22\nuse ./missing\n", "has no go.mod"),
        };
        foreach (var (name, file, content, message) in cases)
        {
            yield return new TestCaseData(file, content, message).SetName($"Bad project: {name}");
        }
    }

    public static IEnumerable<TestCaseData> BadSizesAndPatterns()
    {
        foreach (var (size, message) in new[] { ("12 parsecs", "unknown unit"), (string.Empty, "empty"), ("-5GB", "negative"), ("101%", "more than 100%"), ("GB", "expected a number") })
        {
            yield return new TestCaseData("size", size, message).SetName($"Bad size: '{size}'");
        }

        foreach (var (pattern, message) in new[] { ("example.com/[", "malformed"), ("example.com/[]", "malformed"), ("example.com/x\\", "malformed"), ("example.com/a, example.com/b", "white space"), (string.Empty, "has no patterns"), (",,", "has no patterns") })
        {
            yield return new TestCaseData("pattern", pattern, message).SetName($"Bad pattern: '{pattern}'");
        }
    }

    [TestCaseSource(nameof(BadRoots))]
    public void A_bad_cache_root_is_refused_and_nothing_is_deleted(Operation operation, Func<Paths, string> root, bool dryRun, string message)
    {
        var path = root(_paths);
        NothingDeleted(
            () => _ = operation switch
            {
                Operation.Prune => new ModuleCachePruner(path, new PrunePolicy { ModulePatterns = "example.com" }, new PruneOptions { DryRun = dryRun, GracePeriod = TimeSpan.Zero }).Run(),
                Operation.Clean => ModuleCacheCleaner.Clean(path, new PruneOptions { DryRun = dryRun }),
                _ => (object)new ModuleVersionEvictor(path, new EvictionOptions { GracePeriod = TimeSpan.Zero }).Evict("example.com", "v1.0.0"),
            },
            message);
    }

    [Test]
    public void Cleaning_a_missing_cache_does_nothing_like_go_clean_modcache()
    {
        var before = Fingerprint();
        var report = ModuleCacheCleaner.Clean(_paths.Missing);
        Assert.Multiple(() =>
        {
            Assert.That(report.Notes, Has.Some.Contains("does not exist: nothing to clean"));
            Assert.That(report.Removed, Is.Empty);
            Assert.That(Directory.Exists(_paths.Missing), Is.False, "nothing was created either");
            Assert.That(Fingerprint(), Is.EqualTo(before));
        });
    }

    [TestCaseSource(nameof(BadProjects))]
    public void A_malformed_project_file_to_keep_is_refused_and_nothing_is_deleted(string fileName, string content, string message)
    {
        var dir = Directory.CreateDirectory(Path.Combine(_paths.Inputs, Guid.NewGuid().ToString("N")[..8])).FullName;
        var file = Path.Combine(dir, fileName);
        File.WriteAllText(file, content);
        NothingDeleted(() => new ModuleCachePruner(_paths.Cache, new PrunePolicy { KeepProjects = [_paths.App, file] }, new PruneOptions { GracePeriod = TimeSpan.Zero }).Run(), message, file);
    }

    [TestCase("missing")]
    [TestCase("empty directory")]
    public void A_project_path_that_is_not_a_project_is_refused_and_nothing_is_deleted(string kind)
    {
        var path = kind == "missing" ? Path.Combine(_paths.Inputs, "no-such-project") : Directory.CreateDirectory(Path.Combine(_paths.Inputs, "empty")).FullName;
        NothingDeleted(
            () => new ModuleCachePruner(_paths.Cache, new PrunePolicy { KeepProjects = [path] }, new PruneOptions { GracePeriod = TimeSpan.Zero }).Run(),
            kind == "missing" ? "does not exist" : "has no go.mod, go.sum, go.work or go.work.sum",
            path);
    }

    [TestCaseSource(nameof(BadSizesAndPatterns))]
    public void An_unparsable_size_or_pattern_is_refused_and_nothing_is_deleted(string kind, string text, string message) =>
        NothingDeleted(
            () => new ModuleCachePruner(
                _paths.Cache,
                kind == "size" ? new PrunePolicy { SizeLimit = SizeParser.Parse(text) } : new PrunePolicy { ModulePatterns = text },
                new PruneOptions { GracePeriod = TimeSpan.Zero }).Run(),
            message,
            text.Length > 0 ? $"'{text}'" : null);

    [TestCase("syntax error", "package main\n\nfunc main() {\n", "syntax error")]
    [TestCase("undefined name in a dependency", "package main\n\nimport a \"example.com/a\"\n\nfunc main() { a.Missing() }\n", "undefined: a.Missing")]
    public void A_go_build_that_fails_leaves_the_module_cache_byte_for_byte_unchanged(string name, string mainGo, string error)
    {
        var dir = _sandbox.Dir(Path.Combine("broken", name.Replace(' ', '-')));
        File.Copy(Path.Combine(_paths.App, "go.mod"), Path.Combine(dir, "go.mod"), overwrite: true);
        File.Copy(Path.Combine(_paths.App, "go.sum"), Path.Combine(dir, "go.sum"), overwrite: true);
        File.WriteAllText(Path.Combine(dir, "main.go"), mainGo);
        var before = TreeChecksum.Of(_paths.Cache);

        var build = _sandbox.Go(dir).Run("build", "-o", "app.bin", ".");

        Assert.Multiple(() =>
        {
            Assert.That(build.Succeeded, Is.False);
            Assert.That(build.StandardError, Does.Contain(error));
            Assert.That(TreeChecksum.Of(_paths.Cache), Is.EqualTo(before), "the module cache is byte-for-byte unchanged");
        });
    }

    [TestCase(Operation.Prune)]
    [TestCase(Operation.Clean)]
    public void Symbolic_links_inside_the_cache_that_point_outside_are_not_followed(Operation operation)
    {
        var copy = Path.Combine(_sandbox.Dir("copies/" + operation), "mod");
        DiskOracle.Run("cp", "-a", _paths.Cache, copy);
        var outside = _sandbox.Dir("outside/" + operation);
        DiskOracle.Run("cp", "-a", _paths.Canary + "/.", outside);
        var outsideBefore = TreeChecksum.Of(outside);

        // A module path element, a version directory, an entry inside a (read-only) version tree and a download
        // file, each a link out of the cache.
        Directory.CreateSymbolicLink(Path.Combine(copy, "evil.example.com"), outside);
        Directory.CreateSymbolicLink(Path.Combine(copy, "example.com", "linked@v1.0.0"), outside);
        var tree = Path.Combine(copy, "example.com", "a@v1.0.0");
        File.SetUnixFileMode(tree, File.GetUnixFileMode(tree) | UnixFileMode.UserWrite);
        Directory.CreateSymbolicLink(Path.Combine(tree, "escape"), outside);
        File.SetUnixFileMode(tree, File.GetUnixFileMode(tree) & ~UnixFileMode.UserWrite);
        var info = Path.Combine(copy, "cache", "download", "example.com", "b", "@v", "v1.0.0.info");
        File.Delete(info);
        File.CreateSymbolicLink(info, Path.Combine(outside, "precious.txt"));

        if (operation == Operation.Prune)
        {
            var report = new ModuleCachePruner(copy, new PrunePolicy { ModulePatterns = "example.com,evil.example.com" }, new PruneOptions { GracePeriod = TimeSpan.Zero }).Run();
            TestContext.Out.WriteLine($"removed {string.Join(", ", report.Removed.Select(r => r.Module))}; failures: {string.Join("; ", report.Failures.Select(f => f.Module + ": " + f.Message))}");
            Assert.Multiple(() =>
            {
                Assert.That(Directory.Exists(tree), Is.False, "the prune otherwise works: example.com/a went");
                Assert.That(Directory.Exists(Path.Combine(copy, "example.com", "b@v1.0.0")), Is.False, "and example.com/b went");
                Assert.That(File.Exists(Path.Combine(copy, "cache", "download", "example.com", "a", "@v", "v1.0.0.zip")), Is.False);
                Assert.That(report.Failures.Select(f => f.Module.Path), Has.All.StartWith("evil.example.com").Or.EqualTo("example.com/linked"), "only the linked paths may be refused");
            });
        }
        else
        {
            ModuleCacheCleaner.Clean(copy);
            Assert.That(Directory.EnumerateFileSystemEntries(copy), Is.Empty, "the clean otherwise works: the cache is empty");
        }

        Assert.Multiple(() =>
        {
            Assert.That(TreeChecksum.Of(outside), Is.EqualTo(outsideBefore), "nothing outside the cache was touched");
            Assert.That(File.ReadAllText(Path.Combine(outside, "precious.txt")), Is.EqualTo("keep me\n"));
        });
    }

    private (TreeChecksum Cache, TreeChecksum Canary, TreeChecksum File) Fingerprint() =>
        (TreeChecksum.Of(_paths.Cache), TreeChecksum.Of(_paths.Canary), TreeChecksum.Of(_paths.File));

    private void NothingDeleted(TestDelegate action, string message, string? named = null)
    {
        var before = Fingerprint();
        var thrown = Assert.Throws<GoModCacheException>(action)!;
        TestContext.Out.WriteLine("refused: " + thrown.Message);
        Assert.Multiple(() =>
        {
            Assert.That(thrown.Message, Does.Contain(message));
            if (named != null)
            {
                Assert.That(thrown.Message, Does.Contain(named), "the message names the bad input");
            }

            Assert.That(Fingerprint(), Is.EqualTo(before), "the cache and the canaries are unchanged");
            Assert.That(File.ReadAllText(Path.Combine(_paths.Canary, "precious.txt")), Is.EqualTo("keep me\n"));
        });
    }

    public sealed record Paths(string Cache, string App, string Canary, string File, string LinkToCanary, string Missing, string Inputs);
}
