using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.Versioning;
using System.Text;
using System.Threading;

[assembly: SupportedOSPlatform("linux")]

namespace GoModCache.Benchmarks;

/// <summary>
/// Times the engine's module-cache sizing against <c>du -sb</c> on one synthetic module cache, side by side
/// in one run, and writes a markdown report. See docs/benchmarks.md.
/// </summary>
internal static class Program
{
    private const string Usage = """
        GoModCache.Benchmarks: the engine's module-cache sizing against du -sb, side by side.

          --files <n>     regular files in the synthetic module cache (default 40000)
          --rounds <n>    rounds per pair, the first a discarded warm-up (default 7, at least 2)
          --seed <n>      seed of the synthetic cache (default 1)
          --temp <dir>    where to create the cache (default: the system temp directory)
          --root <dir>    measure this existing module cache instead of generating one (never modified)
          --only <text>   run only the pairs whose name contains this text
          --output <path> also write the markdown report there
          --keep          do not delete the cache at the end (its path is printed)
          --help          this text
        """;

    private static volatile object? s_sink;

    public static int Main(string[] args)
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        Options options;
        try
        {
            options = Options.Parse(args);
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine(ex.Message);
            Console.Error.WriteLine(Usage);
            return 2;
        }

        if (options.Help)
        {
            Console.WriteLine(Usage);
            return 0;
        }

        var log = Console.Error;
        if (options.Root != null)
        {
            if (!Directory.Exists(options.Root))
            {
                Console.Error.WriteLine($"No directory {options.Root}.");
                return 2;
            }

            log.WriteLine($"Measuring the existing module cache {options.Root} (left as it is).");
            return Run(options, options.Root, null, log);
        }

        log.WriteLine($"Generating a synthetic module cache of {options.Files} files (seed {options.Seed}) in {options.Temp} ...");
        var generation = Stopwatch.StartNew();
        var cache = SyntheticModuleCache.Generate(options.Temp, options.Files, options.Seed);
        var disposeOnce = 0;
        void Cleanup()
        {
            if (Interlocked.Exchange(ref disposeOnce, 1) == 0 && !options.Keep)
            {
                cache.Dispose();
            }
        }

        Console.CancelKeyPress += (_, _) => Cleanup();
        try
        {
            // Flush the ~200 MB just written now: write-back running under the first rounds would slow them.
            Shell.Discard("sync");
            log.WriteLine($"  {cache.Files} files, {cache.Bytes / 1048576.0:0.0} MiB, {cache.Modules} modules, {cache.Versions} versions in {generation.Elapsed.TotalSeconds:0.0} s: {cache.Root}");
            return Run(options, cache.Root, cache, log);
        }
        finally
        {
            Cleanup();
            if (options.Keep)
            {
                log.WriteLine($"Kept {cache.Root}");
            }
        }
    }

    private static int Run(Options options, string root, SyntheticModuleCache? cache, TextWriter log)
    {
        var machine = MachineInfo.Describe(cache != null ? options.Temp : root);

        // Sizes, once: the engine against find (regular files) and du -sb (which adds directory sizes).
        log.WriteLine("Checking sizes against find and du ...");
        var inventory = ModuleCacheInventory.Scan(root);
        var tree = TreeSize.Measure(root);
        var disk = DiskCount.Of(root);
        var du = long.Parse(Shell.Capture("du", "-sb", root).Split('\t')[0], CultureInfo.InvariantCulture);
        var consistent = inventory.Total.Bytes == disk.FileBytes && inventory.Total.Files == disk.Files
            && tree.Bytes == disk.FileBytes && tree.Files == disk.Files && tree.Directories == disk.Directories;

        // What starting any external command costs here: part of every du time below.
        var spawn = Enumerable.Range(0, 20).Select(_ =>
        {
            var start = Stopwatch.GetTimestamp();
            Shell.Discard("true");
            return Stopwatch.GetElapsedTime(start);
        }).Skip(1).ToList();

        // The pairs. A later pair (e.g. a full clean against 'go clean -modcache' and 'rm -rf') adds an entry here,
        // with a BeforeEachRun that re-creates what the previous run removed.
        var pairs = new List<BenchmarkPair>
        {
            new(
                "Module cache inventory",
                new Contender("ModuleCacheInventory.Scan", () => s_sink = ModuleCacheInventory.Scan(root)),
                DuSb(root)),
            new(
                "Tree size",
                new Contender("TreeSize.Measure", () => s_sink = TreeSize.Measure(root)),
                DuSb(root)),
        };
        pairs.RemoveAll(p => options.Only != null && !p.Name.Contains(options.Only, StringComparison.OrdinalIgnoreCase));
        log.WriteLine($"Timing {options.Rounds} rounds per pair (round 0 is a warm-up) ...");
        var loadBefore = MachineInfo.LoadAverage();
        var results = Harness.Run(pairs, options.Rounds, log);
        machine = [.. machine, ("Load average (1, 5, 15 min) before / after timing", $"{loadBefore} / {MachineInfo.LoadAverage()}")];

        var report = Report(options, root, cache, machine, inventory, tree, disk, du, consistent, Harness.Median(spawn), results);
        Console.WriteLine(report);
        if (options.Output != null)
        {
            var full = Path.GetFullPath(options.Output);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, report);
            log.WriteLine($"Wrote {full}");
        }

        if (!consistent)
        {
            log.WriteLine("The engine's sizes do not match find's: see the report.");
            return 1;
        }

        return 0;
    }

    private static Contender DuSb(string root) => new("du -sb", () => Shell.Discard("du", "-sb", root));

    private static string Report(
        Options options,
        string root,
        SyntheticModuleCache? cache,
        IReadOnlyList<(string Label, string Value)> machine,
        ModuleCacheInventory inventory,
        TreeSize tree,
        DiskCount disk,
        long du,
        bool consistent,
        TimeSpan spawn,
        IReadOnlyList<PairResult> results)
    {
        var sb = new StringBuilder();
        sb.AppendLine("# GoModCache benchmark: module-cache sizing against `du -sb`");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.");
        sb.AppendLine();
        sb.AppendLine("## Machine");
        sb.AppendLine();
        foreach (var (label, value) in machine)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"- {label}: {value}");
        }

        sb.AppendLine();
        if (cache != null)
        {
            sb.AppendLine("## Synthetic module cache");
            sb.AppendLine();
            sb.AppendLine(CultureInfo.InvariantCulture, $"- {disk.Files:N0} regular files, {disk.Directories:N0} directories, {disk.FileBytes / 1048576.0:0.0} MiB of file contents (seed {options.Seed}, `--files {options.Files}`)");
            sb.AppendLine(CultureInfo.InvariantCulture, $"- {cache.Modules:N0} module paths, {cache.Versions:N0} versions, each extracted (directories 0555, files 0444) with `.info`, `.mod`, `.zip`, `.ziphash`, `.lock` and a `list` per module");
        }
        else
        {
            sb.AppendLine("## Module cache");
            sb.AppendLine();
            sb.AppendLine(CultureInfo.InvariantCulture, $"- `{root}` (an existing cache, `--root`): {disk.Files:N0} regular files, {disk.Directories:N0} directories, {disk.FileBytes / 1048576.0:0.0} MiB of file contents");
        }

        sb.AppendLine(CultureInfo.InvariantCulture, $"- Engine: {inventory.Modules.Count:N0} module versions found, {inventory.Incomplete.Count()} incomplete, {inventory.Unrecognized.Count} unrecognised entries");
        sb.AppendLine();
        sb.AppendLine("| Measure | Bytes | Files | Directories |");
        sb.AppendLine("|---|---:|---:|---:|");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| `ModuleCacheInventory.Scan` total | {inventory.Total.Bytes:N0} | {inventory.Total.Files:N0} | {inventory.Total.Directories:N0} |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| `TreeSize.Measure` | {tree.Bytes:N0} | {tree.Files:N0} | {tree.Directories:N0} |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| `find -type f` (sum of `%s`) | {disk.FileBytes:N0} | {disk.Files:N0} | {disk.Directories:N0} |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| `du -sb` (files + directory sizes) | {du:N0} | | |");
        sb.AppendLine();
        sb.AppendLine(consistent
            ? $"The engine's file bytes and counts equal find's. `du -sb` also counts the directories' own sizes ({disk.DirectoryBytes:N0} bytes here, `find -type d`), so it differs by {du - disk.FileBytes:N0} bytes{(du == disk.FileBytes + disk.DirectoryBytes + disk.OtherBytes ? ", which is exactly that" : string.Empty)}."
            : "**MISMATCH: the engine's file bytes or counts differ from find's.**");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"## Wall times ({options.Rounds - 1} measured rounds after 1 warm-up, sides alternating)");
        sb.AppendLine();
        sb.AppendLine("| Pair | Engine | median ms | Reference | median ms | ratio engine/reference |");
        sb.AppendLine("|---|---|---:|---|---:|---:|");
        foreach (var r in results)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {r.Pair.Name} | `{r.Pair.Subject.Label}` | {Harness.Format(r.SubjectMedian)} | `{r.Pair.Baseline.Label}` | {Harness.Format(r.BaselineMedian)} | {r.Ratio:0.00} |");
        }

        sb.AppendLine();
        sb.AppendLine("A ratio of 1.00 or less means the engine is at least as fast. The engine runs in-process (JIT warmed by the warm-up round); " +
            $"every `du` time includes starting the process, about {Harness.Format(spawn)} ms here (median of starting `true`). " +
            "The page cache is warm for both (the warm-up round reads the whole tree). The engine walks on every core, " +
            "du on one: other work on the machine (see the load average) takes cores from the engine first.");
        sb.AppendLine();
        sb.AppendLine("Every round (ms):");
        sb.AppendLine();
        foreach (var r in results)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"- {r.Pair.Name}: `{r.Pair.Subject.Label}` {string.Join(", ", r.Subject.Select(Harness.Format))}; `{r.Pair.Baseline.Label}` {string.Join(", ", r.Baseline.Select(Harness.Format))}");
        }

        return sb.ToString();
    }

    /// <summary>The tree as GNU find sees it (no link followed): independent of the engine's code.</summary>
    private sealed record DiskCount(long Files, long FileBytes, long Directories, long DirectoryBytes, long OtherBytes)
    {
        public static DiskCount Of(string root)
        {
            long files = 0, fileBytes = 0, dirs = 0, dirBytes = 0, other = 0;
            var output = Shell.Capture("find", "-P", root, "-mindepth", "1", "-printf", "%y %s\n");
            foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var size = long.Parse(line.AsSpan(2), CultureInfo.InvariantCulture);
                switch (line[0])
                {
                    case 'f':
                        files++;
                        fileBytes += size;
                        break;
                    case 'd':
                        dirs++;
                        dirBytes += size;
                        break;
                    default:
                        other += size;
                        break;
                }
            }

            // du -sb counts the root directory's own size too.
            dirBytes += long.Parse(Shell.Capture("stat", "-c", "%s", root).Trim(), CultureInfo.InvariantCulture);
            return new DiskCount(files, fileBytes, dirs, dirBytes, other);
        }
    }

    private sealed record Options(int Files, int Rounds, int Seed, string Temp, string? Output, bool Keep, bool Help)
    {
        public string? Root { get; init; }

        public string? Only { get; init; }

        public static Options Parse(string[] args)
        {
            var o = new Options(40_000, 7, 1, Path.GetTempPath(), null, false, false);
            for (var i = 0; i < args.Length; i++)
            {
                string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
                int Number(int min)
                {
                    var name = args[i];
                    var text = Value();
                    return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min
                        ? n
                        : throw new ArgumentException($"{name} takes a whole number of at least {min}, not '{text}'.");
                }

                o = args[i] switch
                {
                    "--files" => o with { Files = Number(1) },
                    "--rounds" => o with { Rounds = Number(2) },
                    "--seed" => o with { Seed = Number(0) },
                    "--temp" => o with { Temp = Path.GetFullPath(Value()) },
                    "--output" => o with { Output = Value() },
                    "--root" => o with { Root = Path.GetFullPath(Value()) },
                    "--only" => o with { Only = Value() },
                    "--keep" => o with { Keep = true },
                    "--help" or "-h" => o with { Help = true },
                    _ => throw new ArgumentException($"Unknown option '{args[i]}'."),
                };
            }

            return o;
        }
    }
}
