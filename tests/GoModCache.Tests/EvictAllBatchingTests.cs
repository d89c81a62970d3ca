using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using GoCaches.Eviction;
using GoCaches.Modules;
using GoModCache.TestSupport;
using NUnit.Framework;

namespace GoModCache.Tests;

/// <summary>
/// EvictAll over more versions than one batch holds, on a cache laid out as Go lays one out (written here,
/// without go: only the layout matters): every version waits its full grace period between marking and
/// removal, and the grace periods of batches overlap.
/// </summary>
public class EvictAllBatchingTests
{
    private string _root = null!;

    [SetUp]
    public void WriteCache()
    {
        _root = Path.Combine(Path.GetTempPath(), "gomodcache-tests", "batching-" + Guid.NewGuid().ToString("N")[..8], "pkg", "mod");
        for (var i = 0; i < 150; i++)
        {
            var tree = Directory.CreateDirectory(Path.Combine(_root, "example.com", $"m{i}@v1.0.0", "pkg")).Parent!.FullName;
            File.WriteAllText(Path.Combine(tree, "go.mod"), $"module example.com/m{i}\n");
            File.WriteAllText(Path.Combine(tree, "pkg", "p.go"), "package pkg\n");
            var download = Directory.CreateDirectory(Path.Combine(_root, "cache", "download", "example.com", $"m{i}", "@v")).FullName;
            foreach (var suffix in new[] { ".info", ".mod", ".zip", ".ziphash" })
            {
                File.WriteAllText(Path.Combine(download, "v1.0.0" + suffix), suffix);
            }

            File.WriteAllText(Path.Combine(download, "list"), "v1.0.0\n");
        }
    }

    [TearDown]
    public void Cleanup() => GoSandbox.ForceDelete(Path.GetDirectoryName(Path.GetDirectoryName(_root))!);

    [Test]
    public void Three_batches_wait_about_one_grace_period_and_each_version_waits_a_whole_one()
    {
        var grace = TimeSpan.FromSeconds(1.5);
        var marked = new ConcurrentDictionary<ModuleVersion, long>();
        var removedAfter = new ConcurrentDictionary<ModuleVersion, TimeSpan>();
        var evictor = new ModuleVersionEvictor(_root, new EvictionOptions { GracePeriod = grace })
        {
            StageHook = (stage, module) =>
            {
                if (stage == EvictionStage.MarkedPartial)
                {
                    marked[module] = Stopwatch.GetTimestamp();
                }
                else if (stage == EvictionStage.DirectoryRemoved)
                {
                    removedAfter[module] = Stopwatch.GetElapsedTime(marked[module]);
                }
            },
        };
        var versions = Enumerable.Range(0, 150).Select(i => new ModuleVersion($"example.com/m{i}", "v1.0.0")).ToList();
        var seen = new List<ModuleVersion>();

        var stopwatch = Stopwatch.StartNew();
        evictor.EvictAll(versions, (m, r, e) =>
        {
            Assert.That(e, Is.Null);
            Assert.That(r!.DirectoryRemoved, Is.True);
            seen.Add(m);
        });
        stopwatch.Stop();

        Assert.Multiple(() =>
        {
            Assert.That(seen, Is.EqualTo(versions), "each reported, in order");
            Assert.That(removedAfter.Values.Min(), Is.GreaterThanOrEqualTo(grace), "no tree went before its grace period was over");
            Assert.That(stopwatch.Elapsed, Is.LessThan(grace * 2.5), "the three batches' grace periods overlap (one after the other would take 4.5 s)");
            Assert.That(Directory.EnumerateDirectories(Path.Combine(_root, "example.com")), Is.Empty);
        });
    }
}
