using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using GoCaches.Eviction;
using GoCaches.Inventory;
using GoCaches.Leases;
using GoCaches.Modules;
using GoCaches.Pruning;

namespace GoModCache.Benchmarks;

/// <summary>
/// A module cache restored from a template before every run (<c>cp -a</c>, so that modes, the read-only trees
/// and times are the template's): each contender of a clean or prune pair starts from an identical copy.
/// </summary>
internal sealed class CacheCopy
{
    public CacheCopy(string template, string work)
    {
        Template = template;
        Work = work;
        Root = Path.Combine(work, "gopath", "pkg", "mod");
    }

    /// <summary>Gets the cache copied.</summary>
    public string Template { get; }

    /// <summary>Gets the folder that holds the copy (and a GOPATH and GOCACHE for go).</summary>
    public string Work { get; }

    /// <summary>Gets the copy's root: the GOMODCACHE a contender works on.</summary>
    public string Root { get; }

    /// <summary>Replaces whatever the previous run left with a fresh copy of the template.</summary>
    public void Restore()
    {
        Shell.ForceDelete(Root);
        Directory.CreateDirectory(Path.GetDirectoryName(Root)!);
        Shell.Discard("cp", "-a", Template, Root);

        // Write the copy back now: write-back of the ~200 MB just copied would otherwise run during the timed side.
        Shell.Discard("sync");
    }

    /// <summary>Gets the regular files left below the copy's root (0 when it is gone), the lease directory (no part of the cache) left out.</summary>
    /// <returns>The count.</returns>
    public long FilesLeft() => Directory.Exists(Root)
        ? Directory.EnumerateFiles(Root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false })
            .LongCount(f => !f.StartsWith(Path.Combine(Root, CacheLease.DirectoryName) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        : 0;

    /// <summary>The environment for a go command on the copy: nothing from the machine's Go settings.</summary>
    /// <param name="psi">The start info to change.</param>
    /// <param name="go">The go binary (its directory goes first on PATH).</param>
    public void ApplyGoEnvironment(ProcessStartInfo psi, string go)
    {
        psi.WorkingDirectory = Work;
        psi.Environment["GOMODCACHE"] = Root;
        psi.Environment["GOPATH"] = Path.Combine(Work, "gopath");
        psi.Environment["GOCACHE"] = Path.Combine(Work, "gocache");
        psi.Environment["HOME"] = Work;
        psi.Environment["GOENV"] = "off";
        psi.Environment["GOTOOLCHAIN"] = "local";
        psi.Environment["GOFLAGS"] = string.Empty;
        psi.Environment["GOTELEMETRY"] = "off";
        psi.Environment["PATH"] = Path.GetDirectoryName(go) + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
    }

    /// <summary>Deletes the copy and its folder.</summary>
    public void Delete() => Shell.ForceDelete(Work);
}

/// <summary>The full-clean and prune pairs: each contender on an identical copy of the synthetic cache.</summary>
internal static class CachePairs
{
    /// <summary>
    /// The engine's full clean (what <c>GoModCacheClean</c> and the MSBuild clean run) against
    /// <c>go clean -modcache</c> and <c>chmod -R u+w &amp;&amp; rm -rf</c>. Each run must leave no file behind.
    /// </summary>
    /// <param name="template">The synthetic cache (only copied).</param>
    /// <param name="work">A folder for the copy.</param>
    /// <param name="go">The go binary, or null to leave <c>go clean -modcache</c> out.</param>
    /// <returns>The pair.</returns>
    public static BenchmarkPair FullClean(string template, string work, string? go)
    {
        var copy = new CacheCopy(template, work);
        var cleaner = new Contender("ModuleCacheCleaner.Clean", () => ModuleCacheCleaner.Clean(copy.Root));
        var rm = new Contender("chmod -R u+w && rm -rf", () => Shell.Discard("sh", "-c", "chmod -R u+w \"$1\" && rm -rf \"$1\"", "sh", copy.Root));
        var more = new List<Contender> { rm };
        var baseline = rm;
        if (go != null)
        {
            baseline = new Contender("go clean -modcache", () => Shell.Capture(psi => copy.ApplyGoEnvironment(psi, go), go, "clean", "-modcache"));
        }
        else
        {
            more.Clear();
        }

        return new BenchmarkPair("Full clean", cleaner, baseline)
        {
            MoreBaselines = more,
            BeforeEachRun = _ => copy.Restore(),
            AfterEachRun = c =>
            {
                var left = copy.FilesLeft();
                if (left != 0)
                {
                    throw new InvalidOperationException($"{c.Label} left {left} files in {copy.Root}.");
                }
            },
            AfterAll = copy.Delete,
        };
    }

    /// <summary>
    /// A prune that keeps one version in ten (the versions a project's go.sum names, as <c>GoModCachePrune</c>
    /// with <c>KeepProjects</c> does) against a full clean by the engine. Each prune must leave exactly the kept
    /// versions, complete.
    /// </summary>
    /// <param name="template">The synthetic cache (only copied).</param>
    /// <param name="work">A folder for the copy and the project.</param>
    /// <param name="gracePeriod">The prune's grace period (see <c>EvictionOptions.GracePeriod</c>).</param>
    /// <returns>The pair.</returns>
    public static BenchmarkPair PruneKeepingATenth(string template, string work, TimeSpan gracePeriod)
    {
        var copy = new CacheCopy(template, work);
        var versions = ModuleCacheInventory.Scan(template).Modules
            .OrderBy(v => v.Path, StringComparer.Ordinal).ThenBy(v => v.Version, StringComparer.Ordinal)
            .Select(v => new ModuleVersion(v.Path, v.Version))
            .ToList();
        var keep = versions.Where((_, i) => i % 10 == 0).ToHashSet();
        var project = Path.Combine(work, "project");
        Directory.CreateDirectory(project);
        var sum = new StringBuilder();
        foreach (var v in keep)
        {
            // go.sum lines; the pruner reads the module versions, not the hashes.
            sum.Append(CultureInfo.InvariantCulture, $"{v.Path} {v.Version} h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n");
            sum.Append(CultureInfo.InvariantCulture, $"{v.Path} {v.Version}/go.mod h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n");
        }

        File.WriteAllText(Path.Combine(project, "go.sum"), sum.ToString());
        var policy = new PrunePolicy { KeepProjects = [project] };
        var label = $"ModuleCachePruner.Run, grace period {gracePeriod.TotalSeconds:0.#} s";
        var prune = new Contender(label, () =>
        {
            var report = new ModuleCachePruner(copy.Root, policy, new PruneOptions { GracePeriod = gracePeriod }).Run();
            if (!report.Succeeded)
            {
                throw new InvalidOperationException($"The prune failed: {string.Join("; ", report.Failures.Select(f => f.Message))}");
            }
        });
        var clean = new Contender("ModuleCacheCleaner.Clean", () => ModuleCacheCleaner.Clean(copy.Root));
        var removed = versions.Count - keep.Count;
        return new BenchmarkPair($"Prune keeping 1 version in 10 (grace period {gracePeriod.TotalSeconds:0.#} s)", prune, clean)
        {
            BeforeEachRun = _ => copy.Restore(),
            AfterEachRun = c =>
            {
                if (c == clean)
                {
                    return;
                }

                var left = ModuleCacheInventory.Scan(copy.Root);
                var present = left.Modules.Select(v => new ModuleVersion(v.Path, v.Version)).ToHashSet();
                if (!present.SetEquals(keep) || left.Incomplete.Any())
                {
                    throw new InvalidOperationException($"The prune left {present.Count} versions ({left.Incomplete.Count()} incomplete); {keep.Count} should be left, complete.");
                }
            },
            AfterAll = copy.Delete,
            Describe = r => string.Create(
                CultureInfo.InvariantCulture,
                $"{removed:N0} of {versions.Count:N0} versions removed, {keep.Count:N0} kept: {removed / r.SubjectMedian.TotalSeconds:N0} versions/s (median)"),
        };
    }

    /// <summary>
    /// The full clean as shipped (the module cache's lease taken exclusively first: lease file, flock, holder list,
    /// the <c>/proc</c> scan for go processes) against the same clean without the lease, with no other job running:
    /// what the protection costs a clean that waits for no one. Each run must leave no file behind.
    /// </summary>
    /// <param name="template">The synthetic cache (only copied).</param>
    /// <param name="work">A folder for the copy.</param>
    /// <returns>The pair.</returns>
    public static BenchmarkPair CleanWithLease(string template, string work)
    {
        var copy = new CacheCopy(template, work);
        var leased = new Contender("ModuleCacheCleaner.Clean (lease)", () => ModuleCacheCleaner.Clean(copy.Root));
        var unleased = new Contender("ModuleCacheCleaner.Clean (IgnoreOtherBuilds)", () => ModuleCacheCleaner.Clean(copy.Root, new PruneOptions { IgnoreOtherBuilds = true }));
        return new BenchmarkPair("Full clean, lease vs no lease", leased, unleased)
        {
            BeforeEachRun = _ => copy.Restore(),
            AfterEachRun = c =>
            {
                var left = copy.FilesLeft();
                if (left != 0)
                {
                    throw new InvalidOperationException($"{c.Label} left {left} files in {copy.Root}.");
                }
            },
            AfterAll = copy.Delete,
            Describe = r => string.Create(CultureInfo.InvariantCulture, $"the lease adds {(r.SubjectMedian - r.MedianOf(r.Pair.Baseline)).TotalMilliseconds:0.0} ms to the median clean (goal: < 5 ms)"),
        };
    }

    /// <summary>
    /// The lease alone, 100 times: take it exclusively and release it on a cache no one uses (what a clean adds), against
    /// 100 <c>Directory.Exists</c> of the root (the clean's own first step).
    /// </summary>
    /// <param name="template">The synthetic cache (only copied, once).</param>
    /// <param name="work">A folder for the copy.</param>
    /// <returns>The pair.</returns>
    public static BenchmarkPair LeaseAlone(string template, string work)
    {
        var copy = new CacheCopy(template, work);
        copy.Restore();
        const int Times = 100;
        var lease = new Contender($"{Times} x CacheLease.TryAcquireExclusive + Release", () =>
        {
            for (var i = 0; i < Times; i++)
            {
                using var held = CacheLease.TryAcquireExclusive(copy.Root, CacheKind.ModuleCache, TimeSpan.Zero, out var result)
                    ?? throw new InvalidOperationException("The lease was not free: " + result.Message);
            }
        });
        var exists = new Contender($"{Times} x Directory.Exists", () =>
        {
            for (var i = 0; i < Times; i++)
            {
                _ = Directory.Exists(copy.Root);
            }
        });
        return new BenchmarkPair("Exclusive lease alone", lease, exists)
        {
            AfterAll = copy.Delete,
            Describe = r => string.Create(CultureInfo.InvariantCulture, $"{r.SubjectMedian.TotalMilliseconds / Times:0.000} ms per exclusive lease taken and released, /proc scan included ({Process.GetProcesses().Length} processes running)"),
        };
    }
}
