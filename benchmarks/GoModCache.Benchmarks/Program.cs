using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.Versioning;
using System.Text;
using System.Threading;
using GoCaches;
using GoCaches.Inventory;
using GoCaches.Pruning;

[assembly: SupportedOSPlatform("linux")]

namespace GoModCache.Benchmarks;

/// <summary>
/// Times the engine's module-cache sizing against <c>du -sb</c> on one synthetic module cache, side by side
/// in one run, and writes a markdown report. See docs/benchmarks.md.
/// </summary>
internal static class Program
{
    private const string Usage = """
        GoModCache.Benchmarks: the engine against du -sb, go clean -modcache, rm -rf, a shell script and a
        plain dotnet build, side by side.

          --quick         the quick mode: a 193 MiB cache of 40,000 small files (no heavy modules)
          --files <n>     regular files in the synthetic module cache (default 40000)
          --mib <n>       MiB of file contents in the synthetic cache, at least (default 1200; 0 with --quick)
          --rounds <n>    rounds per pair, the first a discarded warm-up (default 7, at least 2)
          --seed <n>      seed of the synthetic cache (default 1)
          --temp <dir>    where to create the cache (default: the system temp directory)
          --root <dir>    measure this existing module cache instead of generating one (never modified)
          --only <texts>  run only the pairs whose name contains one of these comma-separated texts
          --go <path>     the go binary (default: $GOMODCACHE_TEST_GO, else go on PATH)
          --build-rounds <n>  rounds of the pairs that build (go build, dotnet build; default 5)
          --copy-rounds <n>   rounds of the clean and prune pairs, each run on a fresh copy (default 5)
          --build-go <paths>  comma-separated go binaries for GoBuildAndClean (default: Go 1.19 and 1.23
                              from /usr/lib/go-1.*/bin/go when present, else --go)
          --build-modules <n> modules the GoBuildAndClean service needs (default 30)
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
            return Guarded(() => Run(options, options.Root, null, log), log);
        }

        var targetBytes = options.Quick ? 0 : options.MiB * 1048576L;
        log.WriteLine($"Generating a synthetic module cache of {options.Files} files and {targetBytes / 1048576} MiB (seed {options.Seed}) in {options.Temp} ...");
        var generation = Stopwatch.StartNew();
        var cache = SyntheticModuleCache.Generate(options.Temp, options.Files, targetBytes, options.Seed, usageRecord: true);
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
            return Guarded(() => Run(options, cache.Root, cache, log), log);
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

        // The pairs, made only when selected (some set up projects, packages or copies). The clean and prune
        // pairs work on copies of the cache, never on --root itself.
        var work = Directory.CreateTempSubdirectory("gomodcache-bench-work-").FullName;
        var go = options.Go ?? FindGo();
        var graceDefault = new PruneOptions().GracePeriod;
        var factories = new List<(string Name, Func<BenchmarkPair?> Make)>
        {
            ("Module cache inventory", () => new(
                "Module cache inventory",
                new Contender("ModuleCacheInventory.Scan", () => s_sink = ModuleCacheInventory.Scan(root)),
                DuSb(root))),
            ("Tree size", () => new(
                "Tree size",
                new Contender("TreeSize.Measure", () => s_sink = TreeSize.Measure(root)),
                DuSb(root))),
            ("GoModCacheSize(), warm", () => go == null ? null : AliasPairs.Size(root, go, (disk.FileBytes, disk.Files), cold: false)),
            ("GoModCacheSize(), cold", () => go == null || !AliasPairs.CanDropCaches ? null : AliasPairs.Size(root, go, (disk.FileBytes, disk.Files), cold: true)),
            ("GoModCacheSize(TreesFromZips), warm", () => go == null ? null : AliasPairs.Size(root, go, (disk.FileBytes, disk.Files), cold: false, treesFromZips: true)),
            ("GoModCacheSize(TreesFromZips), cold", () => go == null || !AliasPairs.CanDropCaches ? null : AliasPairs.Size(root, go, (disk.FileBytes, disk.Files), cold: true, treesFromZips: true)),
            ("GoModCacheClean()", () => go == null ? null : AliasPairs.Clean(root, Path.Combine(work, "clean"), go, options.CopyRounds)),
            ("GoModCachePrune()", () => go == null ? null : AliasPairs.Prune(root, Path.Combine(work, "prune0"), go, options.CopyRounds)),
            ("Engine prune, default grace period", () => CachePairs.PruneKeepingATenth(root, Path.Combine(work, "prune"), graceDefault) with { Rounds = options.CopyRounds }),
            ("Full clean, lease vs no lease", () => CachePairs.CleanWithLease(root, Path.Combine(work, "clean-lease"))),
            ("Exclusive lease alone", () => CachePairs.LeaseAlone(root, Path.Combine(work, "lease"))),
        };
        foreach (var buildGo in options.BuildGo?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList() ?? DefaultBuildGos(go))
        {
            factories.Add(("GoBuildAndClean", () => BuildPairs.GoBuildAndClean(Path.Combine(work, "build"), Path.GetFullPath(buildGo), options.BuildRounds, options.BuildModules)));
        }

        factories.Add(("No-change dotnet build", () => go == null ? null : BuildPairs.NoChangeDotnetBuild(Path.Combine(work, "dotnet"), go, options.BuildRounds)));
        if (!AliasPairs.CanDropCaches)
        {
            log.WriteLine("Not root: the cold GoModCacheSize() pair (it drops the page cache) is left out.");
        }
        if (go == null)
        {
            log.WriteLine("No go found (--go, GOMODCACHE_TEST_GO or PATH): the pairs that build Go code and 'go clean -modcache' are left out.");
        }

        try
        {
            var pairs = factories
                .Where(f => options.Only == null || options.Only.Split(',').Any(o => f.Name.Contains(o.Trim(), StringComparison.OrdinalIgnoreCase)))
                .Select(f => f.Make())
                .OfType<BenchmarkPair>()
                .ToList();
            return RunPairs(options, root, cache, log, machine, pairs, inventory, tree, disk, du, consistent, spawn, go);
        }
        finally
        {
            Shell.ForceDelete(work);
        }
    }

    private static int RunPairs(
        Options options,
        string root,
        SyntheticModuleCache? cache,
        TextWriter log,
        IReadOnlyList<(string Label, string Value)> machine,
        List<BenchmarkPair> pairs,
        ModuleCacheInventory inventory,
        TreeSize tree,
        DiskCount disk,
        long du,
        bool consistent,
        List<TimeSpan> spawn,
        string? go)
    {
        log.WriteLine($"Timing {options.Rounds} rounds per pair (round 0 is a warm-up) ...");
        var loadBefore = MachineInfo.LoadAverage();
        var results = Harness.Run(pairs, options.Rounds, log);
        machine = [.. machine, ("Load average (1, 5, 15 min) before / after timing", $"{loadBefore} / {MachineInfo.LoadAverage()}")];

        if (go != null)
        {
            machine = [.. machine, ("Go", $"{Shell.TryCapture(go, "version")} ({go})")];
        }

        var report = Report(options, root, cache, machine, inventory, tree, disk, du, consistent, Harness.Median(spawn), results);
        report += CiSimulationSection.Run(options.Only, go, log);
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

    // A failure ends the run with its message and exit code 1; the finally blocks still remove what was made
    // (an unhandled exception would end the process without running them).
    private static int Guarded(Func<int> run, TextWriter log)
    {
        try
        {
            return run();
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or GoModCacheException or UnauthorizedAccessException or Cake.Core.CakeException)
        {
            log.WriteLine($"The benchmark failed: {ex}");
            return 1;
        }
    }

    private static string? FindGo()
    {
        var named = Environment.GetEnvironmentVariable("GOMODCACHE_TEST_GO");
        if (!string.IsNullOrEmpty(named))
        {
            return Path.GetFullPath(named);
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, "go"))
            .FirstOrDefault(File.Exists);
    }

    private static readonly string[] InstalledGos = ["/usr/lib/go-1.19/bin/go", "/usr/lib/go-1.23/bin/go"];

    private static List<string> DefaultBuildGos(string? go)
    {
        var installed = InstalledGos.Where(File.Exists).ToList();
        return installed.Count > 0 ? installed : go == null ? [] : [go];
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
        sb.AppendLine("# GoModCache benchmark: the engine against du, go clean, rm -rf, a shell script and a plain dotnet build");
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
            sb.AppendLine(CultureInfo.InvariantCulture, $"- {disk.Files:N0} regular files, {disk.Directories:N0} directories, {disk.FileBytes / 1048576.0:0.0} MiB of file contents (seed {options.Seed}, `--files {options.Files}`{(options.Quick ? " --quick" : $" --mib {options.MiB}")})");
            sb.AppendLine(CultureInfo.InvariantCulture, $"- Extracted trees from {cache.TreeBytesRange.Smallest / 1024.0:N1} KiB to {cache.TreeBytesRange.Largest / 1048576.0:N1} MiB; {cache.HeavyVersions:N0} heavy versions (test data or assets of 100 KiB to 8 MiB files); versions per module {cache.Versions / (double)cache.Modules:0.0} on average (1 to 6)");
            sb.AppendLine(CultureInfo.InvariantCulture, $"- A usage record (`cache/gomodcache-usage.json`) naming {cache.RecordedVersions:N0} versions");
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
        sb.AppendLine(CultureInfo.InvariantCulture, $"## Wall times (medians of the measured rounds after 1 warm-up, sides taking turns to go first)");
        sb.AppendLine();
        sb.AppendLine("| Pair | Engine | median ms | Reference | median ms | ratio engine/reference | rounds | CPU ms engine / reference (ratio) | load at the rounds |");
        sb.AppendLine("|---|---|---:|---|---:|---:|---:|---:|---|");
        foreach (var r in results)
        {
            foreach (var baseline in r.Pair.Baselines)
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"| {r.Pair.Name} | `{r.Pair.Subject.Label}` | {Harness.Format(r.SubjectMedian)} | `{baseline.Label}` | {Harness.Format(r.MedianOf(baseline))} | {r.RatioTo(baseline):0.00} | {r.Subject.Count} | {Harness.Format(Harness.Median(r.Cpu[r.Pair.Subject]))} / {Harness.Format(Harness.Median(r.Cpu[baseline]))} ({r.CpuRatioTo(baseline):0.00}) | {string.Join(", ", r.Loads)} |");
            }
        }

        sb.AppendLine();
        foreach (var r in results.Where(r => r.Pair.Describe != null))
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"- {r.Pair.Name}: {r.Pair.Describe!(r)}");
        }

        sb.AppendLine();
        sb.AppendLine("A ratio of 1.00 or less means the engine is at least as fast. The engine runs in-process (JIT warmed by the warm-up round); " +
            $"every external command's time includes starting the process, about {Harness.Format(spawn)} ms here (median of starting `true`). " +
            "The page cache is warm for all sides (the warm-up round reads the whole tree; a clean or prune side starts from a fresh `cp -a` copy). " +
            "The engine walks and removes on every core, du and rm on one: other work on the machine (see the load average) takes cores from the engine first.");
        sb.AppendLine();
        sb.AppendLine("CPU ms: user + system time of the harness process and of the commands it waited for (`getrusage`), medians: " +
            "what a side's work cost, whatever other jobs took from its wall time. The goals are on wall time; on a loaded machine the CPU " +
            "ratio says whether a wall-time ratio comes from the work or from the wait for a core. Load: the 1-minute load average when each measured round began.");
        sb.AppendLine();
        sb.AppendLine("Every round (ms):");
        sb.AppendLine();
        foreach (var r in results)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"- {r.Pair.Name}: {string.Join("; ", r.Pair.Contenders.Select(c => $"`{c.Label}` {string.Join(", ", r.Times[c].Select(Harness.Format))}"))}; CPU ms {string.Join("; ", r.Pair.Contenders.Select(c => $"`{c.Label}` {string.Join(", ", r.Cpu[c].Select(Harness.Format))}"))}; load {string.Join(", ", r.Loads)}");
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
        public string? Go { get; init; }

        public bool Quick { get; init; }

        public int MiB { get; init; } = 1200;

        public int CopyRounds { get; init; } = 5;

        public string? BuildGo { get; init; }

        public int BuildModules { get; init; } = 30;

        public int BuildRounds { get; init; } = 5;

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
                    "--go" => o with { Go = Path.GetFullPath(Value()) },
                    "--build-rounds" => o with { BuildRounds = Number(2) },
                    "--copy-rounds" => o with { CopyRounds = Number(2) },
                    "--build-go" => o with { BuildGo = Value() },
                    "--build-modules" => o with { BuildModules = Number(1) },
                    "--mib" => o with { MiB = Number(0) },
                    "--quick" => o with { Quick = true },
                    "--keep" => o with { Keep = true },
                    "--help" or "-h" => o with { Help = true },
                    _ => throw new ArgumentException($"Unknown option '{args[i]}'."),
                };
            }

            return o;
        }
    }
}
