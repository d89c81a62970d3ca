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
/// Two ways of doing the same job, timed side by side: the engine (<see cref="Subject"/>) and a reference tool
/// (<see cref="Baseline"/>). The ratio reported is subject / baseline, so 1.0 or less means the engine is at
/// least as fast.
/// </summary>
/// <param name="Name">The pair's name in the report.</param>
/// <param name="Subject">The engine's side.</param>
/// <param name="Baseline">The reference tool's side.</param>
internal sealed record BenchmarkPair(string Name, Contender Subject, Contender Baseline)
{
    /// <summary>
    /// Gets work to do, untimed, before every timed run of either side (so twice a round): e.g. re-create the
    /// cache that a clean pair's previous run deleted. It receives the contender about to run.
    /// </summary>
    public Action<Contender>? BeforeEachRun { get; init; }

    /// <summary>Gets work to do, untimed, once after the pair's last round.</summary>
    public Action? AfterAll { get; init; }
}

/// <summary>The timings of one pair: one entry a measured round (the warm-up round left out).</summary>
internal sealed record PairResult(BenchmarkPair Pair, IReadOnlyList<TimeSpan> Subject, IReadOnlyList<TimeSpan> Baseline)
{
    public TimeSpan SubjectMedian => Harness.Median(Subject);

    public TimeSpan BaselineMedian => Harness.Median(Baseline);

    /// <summary>Gets subject median / baseline median.</summary>
    public double Ratio => SubjectMedian.TotalMilliseconds / BaselineMedian.TotalMilliseconds;
}

/// <summary>Runs pairs round by round, the two sides alternating, and keeps the wall times.</summary>
internal static class Harness
{
    /// <summary>Runs every pair for <paramref name="rounds"/> rounds; the first is a warm-up and is not kept.</summary>
    /// <param name="pairs">The pairs, run one after the other.</param>
    /// <param name="rounds">Rounds per pair, warm-up included (at least 2).</param>
    /// <param name="log">Where to write progress.</param>
    /// <returns>One result a pair.</returns>
    public static IReadOnlyList<PairResult> Run(IEnumerable<BenchmarkPair> pairs, int rounds, TextWriter log)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 2);
        var results = new List<PairResult>();
        foreach (var pair in pairs)
        {
            var subject = new List<TimeSpan>();
            var baseline = new List<TimeSpan>();
            for (var round = 0; round < rounds; round++)
            {
                // Alternate which side goes first so that neither always runs right after the other.
                var order = round % 2 == 0 ? new[] { pair.Subject, pair.Baseline } : new[] { pair.Baseline, pair.Subject };
                foreach (var contender in order)
                {
                    var elapsed = Time(pair, contender);
                    if (round > 0)
                    {
                        (contender == pair.Subject ? subject : baseline).Add(elapsed);
                    }

                    log.WriteLine($"  {pair.Name} round {round}{(round == 0 ? " (warm-up)" : string.Empty)}: {contender.Label} {Format(elapsed)} ms");
                }
            }

            pair.AfterAll?.Invoke();
            results.Add(new PairResult(pair, subject, baseline));
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

    private static TimeSpan Time(BenchmarkPair pair, Contender contender)
    {
        pair.BeforeEachRun?.Invoke(contender);

        // Leave no garbage of the previous run for this one to collect.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        var start = Stopwatch.GetTimestamp();
        contender.Run();
        return Stopwatch.GetElapsedTime(start);
    }
}
