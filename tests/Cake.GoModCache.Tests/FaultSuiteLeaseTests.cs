using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using GoCaches.Eviction;
using GoCaches.Leases;
using GoCaches.Pruning;
using GoModCache.TestSupport;
using NUnit.Framework;

namespace Cake.GoModCache.Tests;

/// <summary>
/// Fault suite, issue 15 (two jobs, one agent): through the real Cake runner, job B builds a service with many
/// modules while job A, started at a random offset, builds a small tool and cleans the same module cache; ten
/// rounds, two Cake processes kept in step through marker files. No build may fail, and the module cache must be
/// empty after the last job of every round. Then a job SIGKILLed while it holds a lease must not hold up the next
/// clean for longer than the wait.
/// </summary>
[Category("FaultSuite")]
[NonParallelizable]
public class FaultSuiteLeaseTests
{
    private const int Rounds = 10;

    private string _feed = null!;
    private string _version = null!;
    private GoSandbox _sandbox = null!;
    private string _service = null!;
    private string _tool = null!;

    [OneTimeSetUp]
    public void PackAddinAndWriteProjects()
    {
        _feed = Directory.CreateTempSubdirectory("cake-gomodcache-lease-feed-").FullName;
        _version = "0.0.1-lease." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);
        Repository.Pack("src/Cake.GoModCache/Cake.GoModCache.csproj", Repository.ConfigurationOf(typeof(FaultSuiteLeaseTests).Assembly), _feed, _version);

        _sandbox = new GoSandbox("lease-jobs");
        var p = _sandbox.Proxy;

        // The service: 28 modules of 12 Go files each (go reads every one of them while it builds).
        var modules = Enumerable.Range(0, 28).Select(i => p.Add($"example.com/lib{i:00}", "v1.0.0", m => WithGoFiles(m, 12))).ToArray();
        var small = p.Add("example.com/small", "v0.1.0");
        _sandbox.PublishProxy();
        _service = _sandbox.WriteProject("service", modules);
        _tool = _sandbox.WriteProject("tool", small);
        _sandbox.MustGo(_service, "mod", "download");
        _sandbox.MustGo(_service, "mod", "tidy");
        _sandbox.MustGo(_tool, "mod", "tidy");
    }

    [OneTimeTearDown]
    public void Cleanup()
    {
        _sandbox.Dispose();
        Directory.Delete(_feed, recursive: true);
    }

    [Test]
    public void Two_Cake_jobs_on_one_module_cache_never_break_each_other_and_the_last_one_out_cleans()
    {
        var sync = _sandbox.Dir("sync-" + Guid.NewGuid().ToString("N")[..8]);
        var random = new Random();
        var offsets = Enumerable.Range(0, Rounds).Select(_ => random.Next(0, 2500)).ToArray();
        TestContext.Out.WriteLine("offsets (ms): " + string.Join(", ", offsets));
        var common = $$"""
            var sync = "{{sync}}";
            var modCache = "{{_sandbox.GoModCache}}";
            void Mark(string name) => System.IO.File.WriteAllText(System.IO.Path.Combine(sync, name), "");
            void Await(string name) { while (!System.IO.File.Exists(System.IO.Path.Combine(sync, name))) System.Threading.Thread.Sleep(10); }
            string Job(string dir, string output, int round)
            {
                try
                {
                    var r = GoBuildAndClean(new GoBuildAndCleanSettings
                    {
                        WorkingDirectory = dir,
                        Output = output,
                        CleanBuildCache = false,
                        WaitForOtherBuilds = round % 2 == 0 ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(30),
                    });
                    return string.Join("+", r.Cleaned) + " | " + string.Join(",", r.CacheLeases.Select(l => l.Outcome));
                }
                catch (Exception ex)
                {
                    return "FAILED " + ex.Message.Replace("\n", " ");
                }
            }
            """;
        var serviceScript = common + $$"""

            for (var i = 0; i < {{Rounds}}; i++)
            {
                Mark("B-start-" + i);
                Information("LEASE-E2E B {0} {1}", i, Job("{{_service}}", "{{_sandbox.Root}}/bin/service", i));
                Mark("B-done-" + i);
                Await("A-done-" + i);
                var empty = !System.IO.Directory.Exists(modCache) || System.IO.Directory.EnumerateFileSystemEntries(modCache).All(e => System.IO.Path.GetFileName(e) == ".gocaches-leases");
                Information("LEASE-E2E empty {0} {1}", i, empty);
                Mark("B-checked-" + i);
            }
            """;
        var toolScript = common + $$"""

            var offsets = new[] { {{string.Join(", ", offsets)}} };
            for (var i = 0; i < {{Rounds}}; i++)
            {
                Await("B-start-" + i);
                System.Threading.Thread.Sleep(offsets[i]);
                Information("LEASE-E2E A {0} {1}", i, Job("{{_tool}}", "{{_sandbox.Root}}/bin/tool", i));
                Mark("A-done-" + i);
                Await("B-checked-" + i);
            }
            """;

        var stopwatch = Stopwatch.StartNew();
        var service = Task.Run(() => RunScript("service", serviceScript));
        var tool = Task.Run(() => RunScript("tool", toolScript));
        Task.WaitAll(service, tool);
        var output = service.Result.Output + "\n" + tool.Result.Output;
        var jobs = Regex.Matches(output, @"LEASE-E2E ([AB]) (\d+) (.*)").Select(m => (Job: m.Groups[1].Value, Round: m.Groups[2].Value, Status: m.Groups[3].Value.Trim())).ToList();
        var empties = Regex.Matches(output, @"LEASE-E2E empty (\d+) (\w+)").Select(m => m.Groups[2].Value).ToList();
        var outcomes = jobs.SelectMany(j => j.Status.Split(" | ").Last().Split(',', StringSplitOptions.RemoveEmptyEntries)).GroupBy(o => o).ToDictionary(g => g.Key, g => g.Count());
        TestContext.Out.WriteLine($"fault-suite (leases, Cake): {jobs.Count} jobs in {stopwatch.Elapsed.TotalSeconds:0} s, outcomes {string.Join(", ", outcomes.Select(o => o.Key + " " + o.Value))}");
        foreach (var job in jobs)
        {
            TestContext.Out.WriteLine($"  round {job.Round} job {job.Job}: {job.Status}");
        }

        Assert.Multiple(() =>
        {
            Assert.That(service.Result.Code, Is.Zero, service.Result.Output);
            Assert.That(tool.Result.Code, Is.Zero, tool.Result.Output);
            Assert.That(jobs, Has.Count.EqualTo(2 * Rounds), output);
            Assert.That(jobs.Where(j => j.Status.StartsWith("FAILED", StringComparison.Ordinal)), Is.Empty, "no build failed");
            Assert.That(empties, Has.Count.EqualTo(Rounds).And.All.EqualTo("True"), "the module cache is empty after the last job of every round");
            Assert.That(outcomes.Keys, Has.Some.EqualTo("Deferred").Or.Some.EqualTo("Waited"), "the jobs met: a clean waited for or deferred to the other job");
        });
    }

    [Test]
    public void A_job_killed_with_SIGKILL_while_it_holds_a_lease_does_not_hold_up_the_next_clean()
    {
        var leaseDir = Path.Combine(_sandbox.GoModCache, CacheLease.DirectoryName);
        var script = Path.Combine(_sandbox.Dir("killed"), "build.cake");
        File.WriteAllText(script, $$"""
            #addin nuget:file://{{_feed}}?package=Cake.GoModCache&version={{_version}}

            GoBuildAndClean(new GoBuildAndCleanSettings { WorkingDirectory = "{{_service}}", Output = "{{_sandbox.Root}}/bin/killed", CleanBuildCache = false, GoCache = "{{_sandbox.Root}}/killed-gocache" });
            """);
        var psi = new ProcessStartInfo("dotnet", ["tool", "run", "dotnet-cake", "--", script]) { WorkingDirectory = Repository.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        _sandbox.ApplyTo(psi);
        using var job = Process.Start(psi)!;
        job.OutputDataReceived += (_, _) => { };
        job.ErrorDataReceived += (_, _) => { };
        job.BeginOutputReadLine();
        job.BeginErrorReadLine();

        // Killed (the whole job: Cake and its go) once it holds its lease and go is building.
        var deadline = Stopwatch.StartNew();
        while (!(Directory.Exists(leaseDir) && Directory.EnumerateFiles(leaseDir, "holder-*.json").Any()))
        {
            Assert.That(job.HasExited, Is.False, "the job ended before it took its lease");
            Assert.That(deadline.Elapsed, Is.LessThan(TimeSpan.FromMinutes(3)), "the job took no lease");
            Thread.Sleep(20);
        }

        Thread.Sleep(300);
        job.Kill(entireProcessTree: true);
        job.WaitForExit();

        var wait = TimeSpan.FromSeconds(10);
        var stopwatch = Stopwatch.StartNew();
        var report = ModuleCacheCleaner.Clean(_sandbox.GoModCache, new PruneOptions { LeaseWait = wait });
        stopwatch.Stop();
        TestContext.Out.WriteLine($"fault-suite (leases, SIGKILL): the next clean took {stopwatch.Elapsed.TotalSeconds:0.00} s: {report.Lease?.Message}");
        Assert.Multiple(() =>
        {
            Assert.That(report.Lease!.Outcome, Is.EqualTo(CacheLeaseOutcome.Free), report.Lease.Message);
            Assert.That(stopwatch.Elapsed, Is.LessThan(wait));
            Assert.That(DiskOracle.IsEmptyCache(_sandbox.GoModCache), Is.True);
        });
        _sandbox.MustGo(_service, "mod", "download");
    }

    private static GoModuleSource WithGoFiles(GoModuleSource module, int files)
    {
        for (var f = 0; f < files; f++)
        {
            var code = new StringBuilder($"package {module.PackageName}\n\n");
            for (var fn = 0; fn < 20; fn++)
            {
                code.Append(CultureInfo.InvariantCulture, $"func F{f}x{fn}(a, b int) int {{\n\ts := 0\n\tfor i := a; i < b; i++ {{\n\t\ts += i * {fn + 1}\n\t}}\n\treturn s\n}}\n\n");
            }

            module.WithFile($"gen{f}.go", code.ToString());
        }

        return module;
    }

    private (int Code, string Output) RunScript(string name, string body)
    {
        var script = Path.Combine(_sandbox.Dir("scripts-" + name), "build.cake");
        File.WriteAllText(script, $"#addin nuget:file://{_feed}?package=Cake.GoModCache&version={_version}\n\n{body}\n");
        return Repository.Run(Repository.Root, _sandbox.ApplyTo, "dotnet", "tool", "run", "dotnet-cake", "--", script, "--verbosity=normal");
    }
}
