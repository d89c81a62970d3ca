using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using GoCaches;
using GoCaches.Eviction;
using GoCaches.Export;
using GoCaches.Go;
using GoCaches.Modules;
using GoCaches.Pruning;

// Usage:
//   GoModCache.Evict evict <cache root> <module@version>... [--keep-downloads]
//   GoModCache.Evict clean <cache root>
//   GoModCache.Evict prune <cache root> [--keep-project <path>]... [--pattern <globs>] [--grace-ms <n>] [--progress-ms <n>]
//   GoModCache.Evict export <proxy folder> <project>...   (go from PATH / GOROOT, Go's settings from the environment)
//   GoModCache.Evict go-clean <go> <module cache root>    (go clean -modcache behind the lease, as the GoClean alias and task run it)
// prune prints "ready" just before it starts, a "progress ..." line every --progress-ms (when given), and a summary.
// Exit codes: 0 done, 1 the engine refused or failed (message on stderr), 2 usage.
if (args.Length < 2 || args[0] is not ("evict" or "clean" or "prune" or "export" or "go-clean"))
{
    Console.Error.WriteLine("usage: GoModCache.Evict evict <cache root> <module@version>... [--keep-downloads] | clean <cache root> | prune <cache root> [--keep-project <path>]... [--pattern <globs>] [--grace-ms <n>] [--progress-ms <n>] | export <proxy folder> <project>... | go-clean <go> <module cache root>");
    return 2;
}

try
{
    if (args[0] == "clean")
    {
        var report = ModuleCacheCleaner.Clean(args[1]);
        Console.WriteLine($"cleaned {report.Removed.Count} versions, {report.BytesFreed} bytes");
        return 0;
    }

    if (args[0] == "go-clean" && args.Length == 3)
    {
        var go = new GoCommand(args[1]);
        var result = GoCleanUnderLease.Run(new GoCleanRequest { ModCache = true, ModuleCacheRoot = args[2], WaitForOtherBuilds = TimeSpan.Zero, Log = Console.WriteLine }, arguments =>
        {
            var run = go.Run(arguments);
            Console.Write(run.StandardOutput);
            Console.Error.Write(run.StandardError);
            return run.ExitCode == 0;
        });
        Console.WriteLine($"{result}; go succeeded: {result.GoSucceeded}");
        return result.GoSucceeded ? 0 : 1;
    }

    if (args[0] == "export")
    {
        var export = ProxyExporter.Export(GoCommand.Locate(), new ProxyExportRequest(args[1], args.Skip(2)));
        Console.WriteLine($"exported {export.Modules.Count} versions, {export.FilesWritten} files written, {export.FilesUnchanged} unchanged, {export.FilesDiffering.Count} differing");
        return 0;
    }

    if (args[0] == "prune")
    {
        return Prune(args[1], args.Skip(2).ToList());
    }

    var keepDownloads = args.Contains("--keep-downloads");
    var evictor = new ModuleVersionEvictor(args[1], new EvictionOptions { KeepDownloadFiles = keepDownloads });
    foreach (var text in args.Skip(2).Where(a => !a.StartsWith("--", StringComparison.Ordinal)))
    {
        var result = evictor.Evict(ModuleVersion.Parse(text));
        Console.WriteLine($"{result.Module}: directory removed {result.DirectoryRemoved}, files removed {result.FilesRemoved}, {result.Removed.Bytes} bytes");
    }

    return 0;
}
catch (GoModCacheException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 1;
}

static int Prune(string root, List<string> options)
{
    var projects = new List<string>();
    string? pattern = null;
    var grace = TimeSpan.FromSeconds(2);
    var progressInterval = TimeSpan.Zero;
    for (var i = 0; i < options.Count; i++)
    {
        var value = i + 1 < options.Count ? options[i + 1] : null;
        switch (options[i])
        {
            case "--keep-project" when value != null:
                projects.Add(value);
                break;
            case "--pattern" when value != null:
                pattern = value;
                break;
            case "--grace-ms" when value != null:
                grace = TimeSpan.FromMilliseconds(int.Parse(value, CultureInfo.InvariantCulture));
                break;
            case "--progress-ms" when value != null:
                progressInterval = TimeSpan.FromMilliseconds(int.Parse(value, CultureInfo.InvariantCulture));
                break;
            default:
                Console.Error.WriteLine($"prune: unknown or incomplete option '{options[i]}'");
                return 2;
        }

        i++;
    }

    var pruner = new ModuleCachePruner(root, new PrunePolicy { KeepProjects = projects, ModulePatterns = pattern }, new PruneOptions
    {
        GracePeriod = grace,
        ProgressInterval = progressInterval,
        Progress = progressInterval > TimeSpan.Zero ? p => Console.WriteLine("progress " + p) : null,
    });
    Console.WriteLine("ready");
    var report = pruner.Run();
    Console.WriteLine($"pruned {report.Removed.Count} versions, {report.BytesFreed} bytes, {report.Failures.Count} failures");
    foreach (var failure in report.Failures)
    {
        Console.Error.WriteLine($"{failure.Module}: {failure.Message}");
    }

    return report.Succeeded ? 0 : 1;
}
