using System;
using System.IO;
using System.Linq;
using GoCaches.Inventory;
using GoModCache.TestSupport;
using NUnit.Framework;

namespace GoModCache.Tests;

/// <summary>The parallel tree walk: the same counts as find, every time, links never followed, errors not lost.</summary>
public class TreeSizeTests
{
    private GoSandbox _sandbox = null!;
    private string _tree = null!;
    private string _outside = null!;

    [OneTimeSetUp]
    public void BuildTree()
    {
        _sandbox = new GoSandbox("treesize");
        _outside = _sandbox.Dir("outside");
        File.WriteAllBytes(Path.Combine(_outside, "big"), new byte[250_000]);

        // Wide and deep, hidden entries, links to directories and files, read-only directories as Go leaves them:
        // enough directories that the walkers hand work to each other many times.
        _tree = _sandbox.Dir("tree");
        var random = new Random(7);
        for (var top = 0; top < 12; top++)
        {
            var dir = Path.Combine(_tree, $"top{top}");
            for (var depth = 0; depth < 1 + (top % 5); depth++)
            {
                dir = Path.Combine(dir, depth % 2 == 0 ? $"d{depth}" : $".hidden{depth}");
                Directory.CreateDirectory(dir);
                for (var sub = 0; sub < 6; sub++)
                {
                    var leaf = Directory.CreateDirectory(Path.Combine(dir, $"leaf{sub}")).FullName;
                    for (var f = 0; f < 5; f++)
                    {
                        File.WriteAllBytes(Path.Combine(leaf, f == 0 ? ".dotfile" : $"f{f}.go"), new byte[random.Next(0, 5000)]);
                    }
                }
            }

            Directory.CreateSymbolicLink(Path.Combine(dir, "to-outside"), _outside);
            File.CreateSymbolicLink(Path.Combine(dir, "to-big"), Path.Combine(_outside, "big"));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
            }
        }
    }

    [OneTimeTearDown]
    public void Cleanup() => _sandbox.Dispose();

    [Test]
    public void Every_walk_counts_what_find_counts()
    {
        var (bytes, files) = DiskOracle.RegularFiles(_tree);
        var directories = Count(_tree, "d") - 1;
        var links = Count(_tree, "l");
        for (var run = 0; run < 25; run++)
        {
            Assert.That(TreeSize.Measure(_tree), Is.EqualTo(new TreeSize(bytes, files, directories, links)), $"run {run}");
        }
    }

    [Test]
    public void Several_trees_measured_at_once_match_each_measured_alone()
    {
        var roots = Directory.GetDirectories(_tree).Order(StringComparer.Ordinal).Append(Path.Combine(_tree, "missing")).ToList();
        for (var run = 0; run < 10; run++)
        {
            var all = TreeSize.MeasureAll(roots);
            Assert.That(all, Is.EqualTo(roots.Select(TreeSize.Measure).ToArray()), $"run {run}");
            Assert.That(all[^1], Is.EqualTo(TreeSize.Empty));
        }
    }

    [Test]
    public void A_missing_tree_is_empty_and_no_trees_is_no_sizes()
    {
        Assert.Multiple(() =>
        {
            Assert.That(TreeSize.Measure(Path.Combine(_tree, "missing")), Is.EqualTo(TreeSize.Empty));
            Assert.That(TreeSize.MeasureAll([]), Is.Empty);
        });
    }

    [Test]
    public void A_failure_in_one_tree_is_thrown_and_no_worker_is_left_waiting()
    {
        var file = Path.Combine(_sandbox.Root, "not-a-directory");
        File.WriteAllText(file, "x");
        var roots = Directory.GetDirectories(_tree).Append(file).ToList();
        Assert.That(() => TreeSize.MeasureAll(roots), Throws.InstanceOf<IOException>());
    }

    private static long Count(string path, string type) =>
        DiskOracle.Run("find", "-P", path, "-type", type, "-printf", "x\\n").Count(c => c == '\n');
}
