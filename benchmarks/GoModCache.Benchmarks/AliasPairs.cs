using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Cake.Core;
using Cake.GoModCache;
using Cake.GoModCache.Caches;
using GoCaches.Inventory;
using GoCaches.Modules;

namespace GoModCache.Benchmarks;

/// <summary>
/// The pairs at the level users call: the addin's aliases (<c>GoModCacheSize()</c>, <c>GoModCacheClean()</c>,
/// <c>GoModCachePrune()</c>) through a real <see cref="CakeContext"/> that starts <c>go env -json</c> with Cake's
/// own process runner, against <c>du -sb</c>, <c>go clean -modcache</c>, <c>chmod -R u+w &amp;&amp; rm -rf</c>.
/// </summary>
internal static class AliasPairs
{
    /// <summary>
    /// <c>GoModCacheSize()</c> (go env, walk, last use of every version, result) against <c>du -sb</c>. Cold: the
    /// page cache (dentries and inodes too) is dropped before every run of either side, so each reads the disk.
    /// </summary>
    /// <param name="root">The module cache (only read).</param>
    /// <param name="go">The go binary the alias runs <c>go env -json</c> with.</param>
    /// <param name="expected">The bytes and files find counts: each run's result must equal them.</param>
    /// <param name="cold">Whether to drop the caches before each run (root only).</param>
    /// <param name="treesFromZips">Whether the alias sizes complete versions from their zips (<c>TreesFromZips = true</c>); each run must then have sized every tree that way.</param>
    /// <returns>The pair.</returns>
    public static BenchmarkPair Size(string root, string go, (long Bytes, long Files) expected, bool cold, bool treesFromZips = false)
    {
        var context = CakeContexts.Create();
        var settings = new GoCacheSizeSettings { ToolPath = go, TreesFromZips = treesFromZips };
        ApplyGoEnvironment(settings, root, Path.Combine(Path.GetTempPath(), "gomodcache-bench-gopath"));
        GoModCacheSizeResult? last = null;
        var name = treesFromZips ? "GoModCacheSize(TreesFromZips)" : "GoModCacheSize()";
        var alias = new Contender(name, () => last = context.GoModCacheSize(settings));
        var du = new Contender("du -sb", () => Shell.Discard("du", "-sb", root));
        return new BenchmarkPair(name + (cold ? ", cold" : ", warm"), alias, du)
        {
            BeforeEachRun = cold ? _ => DropCaches() : null,
            AfterEachRun = c =>
            {
                if (c != alias)
                {
                    return;
                }

                var result = last ?? throw new InvalidOperationException("GoModCacheSize() returned nothing.");
                if (result.Bytes != expected.Bytes || result.Files != expected.Files || result.ModuleVersions.Any(v => v.LastUsedUtc == null))
                {
                    throw new InvalidOperationException($"{name} gave {result.Bytes:N0} bytes in {result.Files:N0} files ({result.ModuleVersions.Count(v => v.LastUsedUtc == null)} versions without a last use); find counts {expected.Bytes:N0} in {expected.Files:N0}.");
                }

                if (treesFromZips && result.Inventory.Modules.Any(v => v.IsComplete && !v.SizedFromZip))
                {
                    throw new InvalidOperationException($"{name} walked {result.Inventory.Modules.Count(v => v.IsComplete && !v.SizedFromZip)} complete versions instead of reading their zips.");
                }

                last = null;
            },
        };
    }

    /// <summary>Whether caches can be dropped here (root, Linux).</summary>
    public static bool CanDropCaches => Environment.UserName == "root" && File.Exists("/proc/sys/vm/drop_caches");

    /// <summary>Writes back dirty pages and drops the page cache, dentries and inodes (needs root).</summary>
    public static void DropCaches()
    {
        Shell.Discard("sync");
        File.WriteAllText("/proc/sys/vm/drop_caches", "3\n");
    }

    /// <summary>
    /// <c>GoModCacheClean()</c> against <c>go clean -modcache</c> and <c>chmod -R u+w &amp;&amp; rm -rf</c>, each on its
    /// own fresh, synced copy; each run must leave no file.
    /// </summary>
    /// <param name="template">The synthetic cache (only copied).</param>
    /// <param name="work">A folder for the copy.</param>
    /// <param name="go">The go binary.</param>
    /// <param name="rounds">Rounds, warm-up included.</param>
    /// <returns>The pair.</returns>
    public static BenchmarkPair Clean(string template, string work, string go, int rounds)
    {
        var copy = new CacheCopy(template, work);
        var context = CakeContexts.Create();
        var settings = new GoModCacheCleanSettings { ToolPath = go };
        ApplyGoEnvironment(settings, copy.Root, Path.Combine(work, "gopath"));
        var alias = new Contender("GoModCacheClean()", () => context.GoModCacheClean(settings));
        var goClean = new Contender("go clean -modcache", () => Shell.Capture(psi => copy.ApplyGoEnvironment(psi, go), go, "clean", "-modcache"));
        var rm = new Contender("chmod -R u+w && rm -rf", () => Shell.Discard("sh", "-c", "chmod -R u+w \"$1\" && rm -rf \"$1\"", "sh", copy.Root));
        return new BenchmarkPair("GoModCacheClean()", alias, goClean)
        {
            MoreBaselines = [rm],
            Rounds = rounds,
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
    /// <c>GoModCachePrune()</c> keeping one version in ten (named by a project's go.sum) with no grace period,
    /// against <c>GoModCacheClean()</c> of the same cache. Each prune must leave exactly the kept versions, complete.
    /// </summary>
    /// <param name="template">The synthetic cache (only copied).</param>
    /// <param name="work">A folder for the copy and the project.</param>
    /// <param name="go">The go binary.</param>
    /// <param name="rounds">Rounds, warm-up included.</param>
    /// <returns>The pair.</returns>
    public static BenchmarkPair Prune(string template, string work, string go, int rounds)
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
        var context = CakeContexts.Create();
        var pruneSettings = new GoModCachePruneSettings { ToolPath = go, GracePeriod = TimeSpan.Zero };
        pruneSettings.KeepProjects.Add(project);
        ApplyGoEnvironment(pruneSettings, copy.Root, Path.Combine(work, "gopath"));
        var cleanSettings = new GoModCacheCleanSettings { ToolPath = go };
        ApplyGoEnvironment(cleanSettings, copy.Root, Path.Combine(work, "gopath"));
        var prune = new Contender("GoModCachePrune(), no grace period", () => context.GoModCachePrune(pruneSettings));
        var clean = new Contender("GoModCacheClean()", () => context.GoModCacheClean(cleanSettings));
        var removed = versions.Count - keep.Count;
        return new BenchmarkPair("GoModCachePrune() keeping 1 version in 10", prune, clean)
        {
            Rounds = rounds,
            BeforeEachRun = _ => copy.Restore(),
            AfterEachRun = c =>
            {
                if (c == clean)
                {
                    if (copy.FilesLeft() != 0)
                    {
                        throw new InvalidOperationException($"{c.Label} left files in {copy.Root}.");
                    }

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
                $"{removed:N0} of {versions.Count:N0} versions removed, {keep.Count:N0} kept: {removed / r.SubjectMedian.TotalSeconds:N0} versions/s (median); the clean removes {versions.Count:N0}: {versions.Count / r.MedianOf(clean).TotalSeconds:N0} versions/s"),
        };
    }

    // The alias reads GOMODCACHE and GOPATH through 'go env -json', as a user's build does; nothing from the
    // machine's Go settings.
    private static void ApplyGoEnvironment(GoSettings settings, string modCache, string goPath)
    {
        settings.EnvironmentVariables["GOMODCACHE"] = modCache;
        settings.EnvironmentVariables["GOPATH"] = goPath;
        settings.EnvironmentVariables["GOENV"] = "off";
        settings.EnvironmentVariables["GOTOOLCHAIN"] = "local";
        settings.EnvironmentVariables["GOFLAGS"] = string.Empty;
        settings.EnvironmentVariables["GOTELEMETRY"] = "off";
    }
}
