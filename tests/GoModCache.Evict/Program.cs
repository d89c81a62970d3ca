using System;
using System.Linq;
using GoModCache;

// Usage:
//   GoModCache.Evict evict <cache root> <module@version>... [--keep-downloads]
//   GoModCache.Evict clean <cache root>
// Exit codes: 0 done, 1 the engine refused or failed (message on stderr), 2 usage.
if (args.Length < 2 || args[0] is not ("evict" or "clean"))
{
    Console.Error.WriteLine("usage: GoModCache.Evict evict <cache root> <module@version>... [--keep-downloads] | clean <cache root>");
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
