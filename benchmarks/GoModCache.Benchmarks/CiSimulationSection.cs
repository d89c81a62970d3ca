using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using GoModCache.TestSupport;

namespace GoModCache.Benchmarks;

/// <summary>
/// Issue 13's CI simulation (<see cref="CiCacheSimulation"/>), 20 commits of dependency churn, without and with
/// GoCachePrepareForSave (with it, the standard library cache as a third cache): bytes restored and saved per commit, tar and untar times, against the goals (saved caches
/// within 1.25× what the newest commit needs; bytes moved at most half of those without). Not a timed pair: its
/// figures are bytes, measured once. Selected with <c>--only ci-cache</c> (or by running everything).
/// </summary>
internal static class CiSimulationSection
{
    public const string Name = "CI cache simulation (ci-cache)";

    public static string Run(string? only, string? go, TextWriter log, int commits = 20)
    {
        if (only != null && !only.Split(',').Any(o => Name.Contains(o.Trim(), StringComparison.OrdinalIgnoreCase)))
        {
            return string.Empty;
        }

        if (go == null)
        {
            log.WriteLine("No go found: the CI cache simulation is left out.");
            return string.Empty;
        }

        log.WriteLine($"CI cache simulation: {commits} commits, without and with GoCachePrepareForSave ...");
        using var simulation = CiCacheSimulation.Create(go, commits);
        var without = simulation.Execute(prepare: false, log.WriteLine);
        var with = simulation.Execute(prepare: true, log.WriteLine);
        var needed = simulation.NeededByNewest();
        return Report(simulation, without, with, needed, go);
    }

    private static string Report(CiCacheSimulation simulation, CiCacheSimulation.Run without, CiCacheSimulation.Run with, long needed, string go)
    {
        static string MiB(long b) => (b / 1048576.0).ToString("0.00", CultureInfo.InvariantCulture);
        static string S(TimeSpan t) => t.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"\n## {Name}\n\n");
        sb.Append(CultureInfo.InvariantCulture, $"{simulation.Commits.Count} commits of dependency churn ({Shell.TryCapture(go, "version")}); one CI job per commit on a fresh runner; actions/cache semantics per cache (exact key, else the newest entry a restore key prefixes; save when the key is new); uncompressed tars.\n\n");
        sb.Append("| Commit | Change | Restored without (MiB) | Saved without (MiB) | Untar / tar without (s) | Restored with (MiB) | Saved with (MiB) | Untar / tar with (s) |\n");
        sb.Append("|---:|---|---:|---:|---:|---:|---:|---:|\n");
        for (var i = 0; i < without.Jobs.Count; i++)
        {
            var a = without.Jobs[i];
            var b = with.Jobs[i];
            sb.Append(CultureInfo.InvariantCulture, $"| {a.Commit} | {a.Change} | {MiB(a.RestoredBytes)} | {MiB(a.SavedBytes)} | {S(a.Untar)} / {S(a.Tar)} | {MiB(b.RestoredBytes)} | {MiB(b.SavedBytes)} | {S(b.Untar)} / {S(b.Tar)} |\n");
        }

        // Where the bytes are: each cache's tar, the compiled standard library's part of the build cache, and the
        // standard library cache (the run with the step only).
        static string Split(long mod, long build, long stdlib, long std = 0) => $"{MiB(mod)} + {MiB(build - stdlib)} + {MiB(stdlib)} + {MiB(std)}";
        sb.Append("\nPer cache (MiB): module cache + build cache without the standard library + the compiled standard library in the build cache + the standard library cache (with the step only).\n\n");
        sb.Append("| Commit | Restored without | Saved without | Restored with | Saved with |\n");
        sb.Append("|---:|---:|---:|---:|---:|\n");
        for (var i = 0; i < without.Jobs.Count; i++)
        {
            var a = without.Jobs[i];
            var b = with.Jobs[i];
            sb.Append(CultureInfo.InvariantCulture, $"| {a.Commit} | {Split(a.ModCacheRestoredBytes, a.BuildCacheRestoredBytes, a.StdlibRestoredBytes)} | {Split(a.ModCacheBytes, a.BuildCacheBytes, a.StdlibSavedBytes)} | {Split(b.ModCacheRestoredBytes, b.BuildCacheRestoredBytes, b.StdlibRestoredBytes, b.StdCacheRestoredBytes)} | {Split(b.ModCacheBytes, b.BuildCacheBytes, b.StdlibSavedBytes, b.StdCacheSavedBytes)} |\n");
        }

        static long Sum(CiCacheSimulation.Run r, Func<CiCacheSimulation.Job, long> f) => r.Jobs.Sum(f);
        sb.Append(CultureInfo.InvariantCulture, $"| all | {Split(Sum(without, j => j.ModCacheRestoredBytes), Sum(without, j => j.BuildCacheRestoredBytes), Sum(without, j => j.StdlibRestoredBytes))} | {Split(Sum(without, j => j.ModCacheBytes), Sum(without, j => j.BuildCacheBytes), Sum(without, j => j.StdlibSavedBytes))} | {Split(Sum(with, j => j.ModCacheRestoredBytes), Sum(with, j => j.BuildCacheRestoredBytes), Sum(with, j => j.StdlibRestoredBytes), Sum(with, j => j.StdCacheRestoredBytes))} | {Split(Sum(with, j => j.ModCacheBytes), Sum(with, j => j.BuildCacheBytes), Sum(with, j => j.StdlibSavedBytes), Sum(with, j => j.StdCacheSavedBytes))} |\n");
        var parts = simulation.NeededParts;
        sb.Append(CultureInfo.InvariantCulture, $"| needed by the newest commit | | {Split(parts.ModCache, parts.BuildCache, parts.Stdlib)} | | |\n");

        sb.Append(CultureInfo.InvariantCulture, $"\nStandard library packages compiled by each job's `go build -x` (`compile … -std`): without {string.Join(", ", without.Jobs.Select(j => j.StdCompiles))}; with {string.Join(", ", with.Jobs.Select(j => j.StdCompiles))}. Standard library cache restore with the step: {string.Join(", ", with.Jobs.Select(j => j.StdCacheRestore))}.\n");
        var savedRatio = (double)with.NewestAllSavedBytes / needed;
        var movedRatio = (double)with.BytesMoved / without.BytesMoved;
        sb.Append(CultureInfo.InvariantCulture, $"\n| Figure | Without | With | Goal |\n|---|---:|---:|---|\n");
        sb.Append(CultureInfo.InvariantCulture, $"| Saved caches of the newest commit (MiB) | {MiB(without.NewestSavedBytes)} ({(double)without.NewestSavedBytes / needed:0.00}× needed) | {MiB(with.NewestAllSavedBytes)} ({savedRatio:0.00}× needed; {MiB(with.NewestStdCacheBytes)} of it the standard library cache) | ≤ 1.25× what the newest commit needs ({MiB(needed)} MiB): {(savedRatio <= 1.25 ? "met" : "NOT met")} |\n");
        sb.Append(CultureInfo.InvariantCulture, $"| Bytes moved over all commits (MiB) | {MiB(without.BytesMoved)} | {MiB(with.BytesMoved)} ({movedRatio:0.00}×) | ≤ 0.5× without: {(movedRatio <= 0.5 ? "met" : "NOT met")} |\n");
        static long Stdlib(CiCacheSimulation.Run r) => r.Jobs.Sum(j => j.StdlibRestoredBytes + j.StdlibSavedBytes + j.StdCacheRestoredBytes + j.StdCacheSavedBytes);
        long withoutRest = without.BytesMoved - Stdlib(without), withRest = with.BytesMoved - Stdlib(with);
        sb.Append(CultureInfo.InvariantCulture, $"| of which the compiled standard library, in the build cache or the standard library cache (MiB) | {MiB(Stdlib(without))} | {MiB(Stdlib(with))} | (not a goal: where the bytes are) |\n");
        sb.Append(CultureInfo.InvariantCulture, $"| the rest: module cache and the build cache's other entries (MiB) | {MiB(withoutRest)} | {MiB(withRest)} ({(double)withRest / withoutRest:0.00}×) | (not a goal: where the bytes are) |\n");
        sb.Append(CultureInfo.InvariantCulture, $"| Untar + tar over all commits (s) | {S(TimeSpan.FromTicks(without.Jobs.Sum(j => (j.Untar + j.Tar).Ticks)))} | {S(TimeSpan.FromTicks(with.Jobs.Sum(j => (j.Untar + j.Tar).Ticks)))} | |\n");
        return sb.ToString();
    }
}
