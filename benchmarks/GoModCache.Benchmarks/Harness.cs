using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;

namespace GoModCache.Benchmarks;

/// <summary>One side of a pair: a label for the report and the work to time.</summary>
/// <param name="Label">What runs, e.g. <c>ModuleCacheInventory.Scan</c> or <c>du -sb</c>.</param>
/// <param name="Run">The work. It runs synchronously; an external command is started and waited for inside it.</param>
internal sealed record Contender(string Label, Action Run);

/// <summary>
/// Ways of doing the same job, timed side by side: the engine (<see cref="Subject"/>) and a reference
/// (<see cref="Baseline"/>, plus any <see cref="MoreBaselines"/>). A ratio reported is subject / baseline, so
/// 1.0 or less means the engine is at least as fast.
/// </summary>
/// <param name="Name">The pair's name in the report.</param>
/// <param name="Subject">The engine's side.</param>
/// <param name="Baseline">The reference tool's side.</param>
internal sealed record BenchmarkPair(string Name, Contender Subject, Contender Baseline)
{
    /// <summary>Gets further references, each timed in every round and compared with the subject.</summary>
    public IReadOnlyList<Contender> MoreBaselines { get; init; } = [];

    /// <summary>Gets the number of rounds for this pair (warm-up included), or null for the run's setting.</summary>
    public int? Rounds { get; init; }

    /// <summary>
    /// Gets work to do, untimed, before every timed run of any side: e.g. re-create the cache that a clean
    /// pair's previous run deleted. It receives the contender about to run.
    /// </summary>
    public Action<Contender>? BeforeEachRun { get; init; }

    /// <summary>
    /// Gets work to do, untimed, after every timed run: check that the contender did the whole job (a clean
    /// left no file, a prune kept exactly what it should). It throws when the job was not done.
    /// </summary>
    public Action<Contender>? AfterEachRun { get; init; }

    /// <summary>Gets work to do, untimed, once after the pair's last round.</summary>
    public Action? AfterAll { get; init; }

    /// <summary>Gets a line to add under the pair in the report (e.g. a throughput), from its result.</summary>
    public Func<PairResult, string>? Describe { get; init; }

    /// <summary>Gets every side: the subject first, then the baselines.</summary>
    public IReadOnlyList<Contender> Contenders => [Subject, Baseline, .. MoreBaselines];

    /// <summary>Gets every baseline.</summary>
    public IReadOnlyList<Contender> Baselines => [Baseline, .. MoreBaselines];
}

/// <summary>The timings of one pair: for each contender, one entry a measured round (the warm-up round left out).</summary>
/// <param name="Pair">The pair.</param>
/// <param name="Times">Wall times.</param>
/// <param name="Cpu">CPU times (user + system, this process and the children it waited for; <see cref="CpuClock"/>).</param>
/// <param name="Loads">The 1-minute load average at the start of each measured round.</param>
internal sealed record PairResult(
    BenchmarkPair Pair,
    IReadOnlyDictionary<Contender, IReadOnlyList<TimeSpan>> Times,
    IReadOnlyDictionary<Contender, IReadOnlyList<TimeSpan>> Cpu,
    IReadOnlyList<string> Loads)
{
    public IReadOnlyList<TimeSpan> Subject => Times[Pair.Subject];

    /// <summary>Gets subject CPU median / baseline CPU median (0 when no CPU time was measured).</summary>
    /// <param name="baseline">One of the pair's baselines.</param>
    /// <returns>The ratio.</returns>
    public double CpuRatioTo(Contender baseline)
    {
        var reference = Harness.Median(Cpu[baseline]).TotalMilliseconds;
        return reference <= 0 ? 0 : Harness.Median(Cpu[Pair.Subject]).TotalMilliseconds / reference;
    }

    public TimeSpan SubjectMedian => Harness.Median(Subject);

    public TimeSpan MedianOf(Contender contender) => Harness.Median(Times[contender]);

    /// <summary>Gets subject median / baseline median.</summary>
    /// <param name="baseline">One of the pair's baselines.</param>
    /// <returns>The ratio.</returns>
    public double RatioTo(Contender baseline) => SubjectMedian.TotalMilliseconds / MedianOf(baseline).TotalMilliseconds;

    /// <summary>Gets the median of the per-round differences subject − baseline (both ran in the same round).</summary>
    /// <param name="baseline">One of the pair's baselines.</param>
    /// <returns>The median difference.</returns>
    public TimeSpan MedianDifferenceTo(Contender baseline) =>
        Harness.Median(Subject.Zip(Times[baseline], (s, b) => s - b).ToList());
}

/// <summary>Runs pairs round by round, the sides taking turns to go first, and keeps the wall times.</summary>
internal static class Harness
{
    /// <summary>Runs every pair for its rounds; the first is a warm-up and is not kept.</summary>
    /// <param name="pairs">The pairs, run one after the other.</param>
    /// <param name="rounds">Rounds per pair, warm-up included (at least 2), unless a pair sets its own.</param>
    /// <param name="log">Where to write progress.</param>
    /// <returns>One result a pair.</returns>
    public static IReadOnlyList<PairResult> Run(IEnumerable<BenchmarkPair> pairs, int rounds, TextWriter log)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 2);
        var results = new List<PairResult>();
        foreach (var pair in pairs)
        {
            var contenders = pair.Contenders;
            var times = contenders.ToDictionary(c => c, _ => new List<TimeSpan>());
            var cpu = contenders.ToDictionary(c => c, _ => new List<TimeSpan>());
            var loads = new List<string>();
            var pairRounds = Math.Max(2, pair.Rounds ?? rounds);
            for (var round = 0; round < pairRounds; round++)
            {
                // Rotate which side goes first so that none always runs right after the same other.
                var order = contenders.Skip(round % contenders.Count).Concat(contenders.Take(round % contenders.Count));
                var load = MachineInfo.LoadAverage().Split(' ')[0];
                if (round > 0)
                {
                    loads.Add(load);
                }

                foreach (var contender in order)
                {
                    var (elapsed, used) = Time(pair, contender);
                    if (round > 0)
                    {
                        times[contender].Add(elapsed);
                        cpu[contender].Add(used);
                    }

                    log.WriteLine($"  {pair.Name} round {round}{(round == 0 ? " (warm-up)" : string.Empty)}: {contender.Label} {Format(elapsed)} ms (CPU {Format(used)} ms, load {load})");
                }
            }

            pair.AfterAll?.Invoke();
            results.Add(new PairResult(
                pair,
                times.ToDictionary(t => t.Key, t => (IReadOnlyList<TimeSpan>)t.Value),
                cpu.ToDictionary(t => t.Key, t => (IReadOnlyList<TimeSpan>)t.Value),
                loads));
        }

        return results;
    }

    /// <summary>The median (the mean of the middle two for an even count).</summary>
    /// <param name="values">The values; not empty.</param>
    /// <returns>The median.</returns>
    public static TimeSpan Median(IReadOnlyList<TimeSpan> values)
    {
        var sorted = values.Order().ToList();
        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /// <summary>Milliseconds with one decimal, invariant culture.</summary>
    /// <param name="value">The time.</param>
    /// <returns>The text.</returns>
    public static string Format(TimeSpan value) => value.TotalMilliseconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);

    private static (TimeSpan Wall, TimeSpan Cpu) Time(BenchmarkPair pair, Contender contender)
    {
        pair.BeforeEachRun?.Invoke(contender);

        // Leave no garbage of the previous run for this one to collect.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        var cpuStart = CpuClock.Now();
        var start = Stopwatch.GetTimestamp();
        contender.Run();
        var elapsed = Stopwatch.GetElapsedTime(start);
        var cpu = CpuClock.Now() - cpuStart;
        pair.AfterEachRun?.Invoke(contender);
        return (elapsed, cpu);
    }
}
