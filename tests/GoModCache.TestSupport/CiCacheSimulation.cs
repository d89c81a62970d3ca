using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using GoCaches;
using GoCaches.Ci;
using GoCaches.Eviction;
using GoCaches.Go;
using GoCaches.Inventory;
using GoCaches.Pruning;
using GoCaches.Trimming;

namespace GoModCache.TestSupport;

/// <summary>
/// Issue 13's CI simulation: a generated repository whose dependencies churn commit by commit (each bumps a few
/// module versions; one adds a module, one drops one), built by one CI job per commit with actions/cache semantics
/// per cache (module cache and build cache under their own keys from <see cref="CacheKey"/>: restore the exact key,
/// else the newest entry matching a restore-key prefix; save a tar when the key is new), once without and once with
/// <see cref="CachePrepareForSave"/> (after <see cref="CacheRestoreState.Record"/> right after the restore). The run
/// with the step also caches the compiled standard library on its own (<see cref="StdCacheDirectory"/> under
/// <see cref="CacheKey.ComputeStd"/>'s key: restored on an exact hit only, saved only when its key is new), as the
/// README's recipes do; the run without it is what a user without this tool does (two caches).
/// Tars are uncompressed (actions/cache compresses with zstd; the bytes here are before compression).
/// </summary>
public sealed class CiCacheSimulation : IDisposable
{
    private readonly string _root;
    private readonly string _go;
    private readonly GoSandbox _sandbox;
    private readonly List<Commit> _commits = [];
    private readonly GoEnvironment _env;
    private HashSet<string>? _stdlib;

    private CiCacheSimulation(string go, int commits, int modules, int seed)
    {
        _go = go;
        _sandbox = new GoSandbox("ci-sim");
        _root = _sandbox.Root;
        Generate(commits, modules, seed);
        _env = GoEnvironment.Load(new GoCommand(_go, Environment(Runner("gen")), null));
    }

    /// <summary>One commit of the generated history.</summary>
    /// <param name="Number">The commit number, from 1.</param>
    /// <param name="Change">What changed, in words.</param>
    /// <param name="Requires">The required modules and versions.</param>
    public sealed record Commit(int Number, string Change, IReadOnlyList<(string Path, string Version)> Requires)
    {
        internal string GoSum { get; set; } = string.Empty;
    }

    /// <summary>One CI job.</summary>
    public sealed record Job(int Commit, string Change, long RestoredBytes, long SavedBytes, TimeSpan Untar, TimeSpan Tar, TimeSpan Build, string ModCacheRestore, string BuildCacheRestore, bool ModCacheSaved, bool BuildCacheSaved, long ModCacheBytes, long BuildCacheBytes)
    {
        /// <summary>Gets the tar bytes of the module cache restored.</summary>
        public long ModCacheRestoredBytes { get; init; }

        /// <summary>Gets the tar bytes of the build cache restored.</summary>
        public long BuildCacheRestoredBytes { get; init; }

        /// <summary>Gets the part of the restored build cache that is the compiled standard library (tar bytes of its entry files, see <see cref="StdlibEntries"/>).</summary>
        public long StdlibRestoredBytes { get; init; }

        /// <summary>Gets the part of the saved build cache that is the compiled standard library.</summary>
        public long StdlibSavedBytes { get; init; }

        /// <summary>Gets how the standard library cache was restored (<c>exact hit</c>, <c>miss</c>), or empty without one.</summary>
        public string StdCacheRestore { get; init; } = string.Empty;

        /// <summary>Gets the tar bytes of the standard library cache restored.</summary>
        public long StdCacheRestoredBytes { get; init; }

        /// <summary>Gets the tar bytes of the standard library cache saved (0 when it was not saved).</summary>
        public long StdCacheSavedBytes { get; init; }

        /// <summary>Gets the number of standard library packages the job's <c>go build -x</c> compiled (<c>compile … -std</c>).</summary>
        public int StdCompiles { get; init; }
    }

    /// <summary>A run over the whole history.</summary>
    public sealed record Run(bool Prepared, IReadOnlyList<Job> Jobs)
    {
        public long BytesMoved => Jobs.Sum(j => j.RestoredBytes + j.SavedBytes);

        /// <summary>Gets what the caches of the newest commit weigh as saved (tar bytes of the last job that saved each cache).</summary>
        public long NewestSavedBytes => NewestModCacheBytes + NewestBuildCacheBytes;

        /// <summary>Gets the tar bytes of the module cache as last saved.</summary>
        public long NewestModCacheBytes { get; init; }

        /// <summary>Gets the tar bytes of the build cache as last saved.</summary>
        public long NewestBuildCacheBytes { get; init; }

        /// <summary>Gets the compiled standard library's part of <see cref="NewestBuildCacheBytes"/>.</summary>
        public long NewestStdlibBytes { get; init; }

        /// <summary>Gets the tar bytes of the standard library cache as last saved (0 without one).</summary>
        public long NewestStdCacheBytes { get; init; }

        /// <summary>Gets what all the caches saved for the newest commit weigh (module, build and standard library cache).</summary>
        public long NewestAllSavedBytes => NewestSavedBytes + NewestStdCacheBytes;
    }

    /// <summary>Gets the history.</summary>
    public IReadOnlyList<Commit> Commits => _commits;

    /// <summary>Generates the module proxy and the history (each commit's go.sum made by go itself).</summary>
    public static CiCacheSimulation Create(string go, int commits, int modules = 10, int seed = 1) => new(go, commits, modules, seed);

    /// <summary>Runs one CI job per commit with a fresh runner each time.</summary>
    public Run Execute(bool prepare, Action<string>? log = null)
    {
        var store = new List<(string Key, string Tar, long Bytes)>();
        var jobs = new List<Job>();
        long lastMod = 0, lastBuild = 0, lastStdlib = 0, lastStd = 0;
        foreach (var commit in _commits)
        {
            var job = RunJob(commit, prepare, store);
            jobs.Add(job);
            lastMod = job.ModCacheSaved ? job.ModCacheBytes : lastMod;
            lastBuild = job.BuildCacheSaved ? job.BuildCacheBytes : lastBuild;
            lastStdlib = job.BuildCacheSaved ? job.StdlibSavedBytes : lastStdlib;
            lastStd = job.StdCacheSavedBytes > 0 ? job.StdCacheSavedBytes : lastStd;
            log?.Invoke($"  {(prepare ? "with" : "without")} prepare, commit {commit.Number} ({commit.Change}): restored {job.RestoredBytes / 1048576.0:0.00} MiB ({job.ModCacheRestore}; {job.BuildCacheRestore}), saved {job.SavedBytes / 1048576.0:0.00} MiB, untar {job.Untar.TotalSeconds:0.00} s, tar {job.Tar.TotalSeconds:0.00} s; " +
                $"restored mod {job.ModCacheRestoredBytes / 1048576.0:0.00} / build {job.BuildCacheRestoredBytes / 1048576.0:0.00} (stdlib {job.StdlibRestoredBytes / 1048576.0:0.00}) MiB, saved mod {job.ModCacheBytes / 1048576.0:0.00} / build {job.BuildCacheBytes / 1048576.0:0.00} (stdlib {job.StdlibSavedBytes / 1048576.0:0.00}) MiB" +
                (prepare ? $"; std cache {job.StdCacheRestore}, restored {job.StdCacheRestoredBytes / 1048576.0:0.00} / saved {job.StdCacheSavedBytes / 1048576.0:0.00} MiB" : string.Empty) + $"; std packages compiled {job.StdCompiles}");
        }

        return new Run(prepare, jobs) { NewestModCacheBytes = lastMod, NewestBuildCacheBytes = lastBuild, NewestStdlibBytes = lastStdlib, NewestStdCacheBytes = lastStd };
    }

    /// <summary>What the newest commit needs: the tar bytes of both caches after a build from empty caches.</summary>
    public long NeededByNewest()
    {
        var runner = Runner("needed");
        var repo = Checkout(runner, _commits[^1]);
        MustGo(runner, repo, "build", "-o", "app.bin", ".");
        var mod = TarBytes(Path.Combine(runner, "gopath", "pkg", "mod"));
        var build = TarBytes(Path.Combine(runner, "gocache"));
        NeededParts = (mod, build, StdlibBytes(Path.Combine(runner, "gocache")));
        GoSandbox.ForceDelete(runner);
        return mod + build;
    }

    /// <summary>Gets what <see cref="NeededByNewest"/> measured, per cache: module cache, build cache, and the standard library's part of the build cache (tar bytes).</summary>
    public (long ModCache, long BuildCache, long Stdlib) NeededParts { get; private set; }

    public void Dispose() => _sandbox.Dispose();

    /// <summary>
    /// Gets the names of the build cache entry files that hold the compiled standard library: what a build of a
    /// program without dependencies leaves in an empty build cache (Go 1.20 and later compile the standard library
    /// into the build cache; Go 1.19 ships it precompiled in GOROOT, so only the program's own entries show).
    /// </summary>
    public IReadOnlySet<string> StdlibEntries => _stdlib ??= MeasureStdlib();

    /// <summary>The tar bytes (512-byte header, content padded to 512) of the build cache files named in <see cref="StdlibEntries"/>.</summary>
    public long StdlibBytes(string buildCache)
    {
        long bytes = 0;
        foreach (var file in Directory.EnumerateFiles(buildCache, "*", SearchOption.AllDirectories))
        {
            if (StdlibEntries.Contains(Path.GetFileName(file)))
            {
                bytes += 512 + ((new FileInfo(file).Length + 511) / 512 * 512);
            }
        }

        return bytes;
    }

    private HashSet<string> MeasureStdlib()
    {
        var runner = Runner("stdlib");
        var repo = Path.Combine(runner, "hello");
        Directory.CreateDirectory(repo);
        File.WriteAllText(Path.Combine(repo, "go.mod"), "module example.com/hello\n\ngo 1.18\n");
        File.WriteAllText(Path.Combine(repo, "main.go"), "package main\n\nfunc main() {\n\tprintln(\"hello\")\n}\n");
        MustGo(runner, repo, "build", "-o", "hello.bin", ".");
        var names = Directory.EnumerateFiles(Path.Combine(runner, "gocache"), "*-?", SearchOption.AllDirectories).Select(Path.GetFileName).OfType<string>().ToHashSet(StringComparer.Ordinal);
        GoSandbox.ForceDelete(runner);
        return names;
    }

    private Job RunJob(Commit commit, bool prepare, List<(string Key, string Tar, long Bytes)> store)
    {
        var runner = Runner("job");
        var repo = Checkout(runner, commit);
        var mod = Path.Combine(runner, "gopath", "pkg", "mod");
        var build = Path.Combine(runner, "gocache");
        Directory.CreateDirectory(mod);
        Directory.CreateDirectory(build);
        var sums = new[] { Path.Combine(repo, "go.sum") };
        var modKey = CacheKey.Compute("gomodcache", _env.GoOS, _env.GoArch, _env.GoVersion, repo, sums);
        var buildKey = CacheKey.ComputeBuild("gobuildcache", _env.GoOS, _env.GoArch, _env.GoVersion, _env.GoFlags, repo, sums, Directory.GetFiles(repo, "*.go"));
        var stdKey = CacheKey.ComputeStd("gostdcache", _env.GoOS, _env.GoArch, _env.GoVersion, _env.Values);
        var std = StdCacheDirectory.DefaultPath(build);

        var untar = Stopwatch.StartNew();
        var (modRestored, modHow) = Restore(store, modKey, mod);
        var (buildRestored, buildHow) = Restore(store, buildKey, build);
        var (stdRestored, stdHow) = (0L, string.Empty);
        if (prepare)
        {
            // The third cache: no restore keys, so an exact hit or nothing.
            Directory.CreateDirectory(std);
            (stdRestored, stdHow) = Restore(store, stdKey, std);
        }

        untar.Stop();
        var stdlibRestored = StdlibBytes(build);

        var state = Path.Combine(runner, "restored.json");
        if (prepare)
        {
            CacheRestoreState.Record(mod, build, state, stdCacheRoot: std);
        }

        var buildTime = Stopwatch.StartNew();
        var output = MustGo(runner, repo, "build", "-x", "-o", "app.bin", ".");
        buildTime.Stop();
        var stdCompiles = StdCompileCount(output);

        bool saveMod = true, saveBuild = true, saveStd = false;
        if (prepare)
        {
            var report = CachePrepareForSave.Run(new CachePrepareForSaveRequest
            {
                ModCacheRoot = mod,
                BuildCacheRoot = build,
                Prune = new PrunePolicy { KeepProjects = [repo] },
                StateFile = state,
                GoPathEntries = [Path.Combine(runner, "gopath")],
                Std = new StdCacheRequest { Directory = std, Go = new GoCommand(_go, Environment(runner), repo), PackageDirectories = [repo] },
            });
            saveMod = report.ModCacheSaveNeeded;
            saveBuild = report.BuildCacheSaveNeeded;
            saveStd = report.StdCacheSaveNeeded;
        }

        var tar = new Stopwatch();
        long saved = 0, modBytes = 0, buildBytes = 0;
        var modSaved = saveMod && store.TrueForAll(s => s.Key != modKey.Key);
        var buildSaved = saveBuild && store.TrueForAll(s => s.Key != buildKey.Key);
        if (modSaved)
        {
            tar.Start();
            modBytes = Save(store, modKey.Key, mod);
            tar.Stop();
            saved += modBytes;
        }

        var stdlibSaved = buildSaved ? StdlibBytes(build) : 0;
        if (buildSaved)
        {
            tar.Start();
            buildBytes = Save(store, buildKey.Key, build);
            tar.Stop();
            saved += buildBytes;
        }

        long stdSaved = 0;
        if (saveStd && store.TrueForAll(s => s.Key != stdKey.Key))
        {
            tar.Start();
            stdSaved = Save(store, stdKey.Key, std);
            tar.Stop();
            saved += stdSaved;
        }

        GoSandbox.ForceDelete(runner);
        return new Job(commit.Number, commit.Change, modRestored + buildRestored + stdRestored, saved, untar.Elapsed, tar.Elapsed, buildTime.Elapsed, modHow, buildHow, modSaved, buildSaved, modBytes, buildBytes)
        {
            ModCacheRestoredBytes = modRestored,
            BuildCacheRestoredBytes = buildRestored,
            StdlibRestoredBytes = stdlibRestored,
            StdlibSavedBytes = stdlibSaved,
            StdCacheRestore = stdHow,
            StdCacheRestoredBytes = stdRestored,
            StdCacheSavedBytes = stdSaved,
            StdCompiles = stdCompiles,
        };
    }

    /// <summary>The standard library packages a <c>go build -x</c> compiled: its <c>compile</c> commands with <c>-std</c> (Go passes it for GOROOT packages only).</summary>
    public static int StdCompileCount(string buildOutput) =>
        buildOutput.Split('\n').Count(l => l.Contains("/compile ", StringComparison.Ordinal) && l.Contains(" -std ", StringComparison.Ordinal));

    /// <summary>actions/cache: the exact key, else for each restore key in order the newest entry it prefixes.</summary>
    private static (long Bytes, string How) Restore(List<(string Key, string Tar, long Bytes)> store, CacheKey key, string target)
    {
        var hit = store.FindLastIndex(s => s.Key == key.Key);
        var how = "exact hit";
        if (hit < 0)
        {
            foreach (var prefix in key.RestoreKeys)
            {
                hit = store.FindLastIndex(s => s.Key.StartsWith(prefix, StringComparison.Ordinal));
                if (hit >= 0)
                {
                    how = prefix == key.RestoreKeys[0] && key.RestoreKeys.Count > 1 ? "same go.sum" : "prefix";
                    break;
                }
            }
        }

        if (hit < 0)
        {
            return (0, "miss");
        }

        DiskOracle.Run("tar", "-xf", store[hit].Tar, "-C", target);
        return (store[hit].Bytes, how);
    }

    private long Save(List<(string Key, string Tar, long Bytes)> store, string key, string source)
    {
        var tar = Path.Combine(_sandbox.Dir("store"), $"{store.Count:D3}.tar");
        DiskOracle.Run("tar", "-cf", tar, "-C", source, ".");
        var bytes = new FileInfo(tar).Length;
        store.Add((key, tar, bytes));
        return bytes;
    }

    private long TarBytes(string source)
    {
        var tar = Path.Combine(_root, "measure.tar");
        DiskOracle.Run("tar", "-cf", tar, "-C", source, ".");
        var bytes = new FileInfo(tar).Length;
        File.Delete(tar);
        return bytes;
    }

    private void Generate(int commits, int modules, int seed)
    {
        var random = new Random(seed);
        var current = Enumerable.Range(1, modules).ToDictionary(i => $"example.com/dep{i:D2}", _ => 0, StringComparer.Ordinal);
        var all = new HashSet<(string, int)>(current.Select(c => (c.Key, c.Value)));
        var history = new List<(string Change, Dictionary<string, int> Requires)> { ("initial", new Dictionary<string, int>(current)) };
        var addAt = Math.Max(1, commits / 3);
        var dropAt = Math.Max(addAt + 1, 2 * commits / 3);
        for (var c = 2; c <= commits; c++)
        {
            string change;
            if (c == addAt + 1)
            {
                var added = $"example.com/dep{modules + 1:D2}";
                current[added] = 0;
                change = "adds " + added;
            }
            else if (c == dropAt + 1)
            {
                var dropped = current.Keys.Order(StringComparer.Ordinal).First();
                current.Remove(dropped);
                change = "drops " + dropped;
            }
            else
            {
                var bumped = current.Keys.Order(StringComparer.Ordinal).OrderBy(_ => random.Next()).Take(3).ToList();
                foreach (var b in bumped)
                {
                    current[b]++;
                }

                change = "bumps " + string.Join(", ", bumped.Select(b => $"{b[(b.LastIndexOf('/') + 1)..]}→v1.{current[b]}.0"));
            }

            history.Add((change, new Dictionary<string, int>(current)));
            foreach (var (p, v) in current)
            {
                all.Add((p, v));
            }
        }

        foreach (var (path, minor) in all.OrderBy(a => a.Item1, StringComparer.Ordinal).ThenBy(a => a.Item2))
        {
            _sandbox.Proxy.Add(path, $"v1.{minor}.0", m => m.WithFile("code.go", Code(m.PackageName, path, minor)).WithBulk(24, 3000));
        }

        _sandbox.PublishProxy();
        for (var i = 0; i < history.Count; i++)
        {
            _commits.Add(new Commit(i + 1, history[i].Change, history[i].Requires.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => (r.Key, $"v1.{r.Value}.0")).ToList()));
        }

        // Each commit's go.sum, as a developer's go would write it (committed, so CI keys can hash it).
        var gen = Runner("gen");
        foreach (var commit in _commits)
        {
            var repo = Checkout(gen, commit, withSum: false);
            MustGo(gen, repo, "mod", "tidy");
            MustGo(gen, repo, "build", "-o", "app.bin", ".");
            commit.GoSum = File.ReadAllText(Path.Combine(repo, "go.sum"));
        }
    }

    private static string Code(string package, string path, int minor)
    {
        // Enough code that each module's compiled package is a sizeable build cache entry; different per version.
        var sb = new StringBuilder($"package {package}\n\n// Sum is the module's work.\nfunc Sum(n int) int {{\n\ts := {minor}\n");
        for (var i = 0; i < 60; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"\ts += f{i}(n)\n");
        }

        sb.Append("\treturn s\n}\n");
        for (var i = 0; i < 60; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"\nfunc f{i}(n int) int {{\n\tv := n*{i + 1} + {minor}\n\tfor j := 0; j < {i % 7 + 2}; j++ {{\n\t\tv = v*31 + j ^ {i}\n\t}}\n\tif v%{i + 3} == 0 {{\n\t\treturn len(\"{path}-{i}\") + v\n\t}}\n\treturn v - {i}\n}}\n");
        }

        return sb.ToString();
    }

    private static string Checkout(string runner, Commit commit, bool withSum = true)
    {
        // The same workspace path every job, as a CI runner's.
        var repo = Path.Combine(runner, "..", "workspace");
        repo = Path.GetFullPath(repo);
        if (Directory.Exists(repo) && withSum)
        {
            GoSandbox.ForceDelete(repo);
        }

        Directory.CreateDirectory(repo);
        var mod = new StringBuilder("module example.com/app\n\ngo 1.18\n\nrequire (\n");
        foreach (var (p, v) in commit.Requires)
        {
            mod.Append('\t').Append(p).Append(' ').Append(v).Append('\n');
        }

        File.WriteAllText(Path.Combine(repo, "go.mod"), mod.Append(")\n").ToString());
        var imports = string.Concat(commit.Requires.Select((r, i) => $"\tm{i} \"{r.Path}\"\n"));
        var calls = string.Concat(commit.Requires.Select((_, i) => $"\tprintln(m{i}.Name(), m{i}.Sum({commit.Number}))\n"));
        File.WriteAllText(Path.Combine(repo, "main.go"), $"package main\n\nimport (\n{imports})\n\nconst commit = {commit.Number}\n\nfunc main() {{\n\tprintln(commit)\n{calls}}}\n");
        if (withSum)
        {
            File.WriteAllText(Path.Combine(repo, "go.sum"), commit.GoSum);
        }

        return repo;
    }

    private string Runner(string name)
    {
        var runner = Path.Combine(_root, "runners", name);
        if (Directory.Exists(runner))
        {
            GoSandbox.ForceDelete(runner);
        }

        Directory.CreateDirectory(Path.Combine(runner, "home"));
        return runner;
    }

    private Dictionary<string, string?> Environment(string runner)
    {
        var env = new Dictionary<string, string?>(_sandbox.Environment)
        {
            ["GOPATH"] = Path.Combine(runner, "gopath"),
            ["GOMODCACHE"] = Path.Combine(runner, "gopath", "pkg", "mod"),
            ["GOCACHE"] = Path.Combine(runner, "gocache"),
            ["GOFLAGS"] = "-mod=readonly",
        };
        return env;
    }

    private string MustGo(string runner, string repo, params string[] args)
    {
        var env = Environment(runner);
        if (args[0] == "mod")
        {
            env["GOFLAGS"] = "-mod=mod";
        }

        var go = new GoCommand(_go, env, repo);
        var result = go.Run(args);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(go.Describe(args, result));
        }

        return result.StandardOutput + result.StandardError;
    }
}
