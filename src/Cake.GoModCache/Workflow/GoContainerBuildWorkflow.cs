using System;
using System.Linq;
using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using Cake.GoModCache.Env;
using GoCaches;
using GoCaches.Containers;
using GoCaches.Inventory;

namespace Cake.GoModCache.Workflow;

/// <summary>The container build step: maps the settings onto the engine's <see cref="ContainerCacheStep"/>, builds, and logs.</summary>
internal sealed class GoContainerBuildWorkflow(ICakeContext context)
{
    public GoBuildAndCleanResult Run(GoContainerBuildSettings settings)
    {
        if (settings.ProxyDirectory != null)
        {
            var proxy = settings.ProxyDirectory.MakeAbsolute(context.Environment).FullPath;
            if (!System.IO.Directory.Exists(proxy))
            {
                throw new CakeException($"The module proxy folder '{proxy}' does not exist: export it first with GoModExportProxy.");
            }

            settings.GoProxy = new Uri(proxy).AbsoluteUri;
            settings.Mod ??= "readonly";
        }

        var env = GoEnvReader.ReadFor(context, settings);
        var projects = settings.KeepProjects.Count > 0
            ? settings.KeepProjects.Select(p => new DirectoryPath(p).MakeAbsolute(context.Environment).FullPath).ToList()
            : [(settings.WorkingDirectory ?? context.Environment.WorkingDirectory).MakeAbsolute(context.Environment).FullPath];
        ContainerCacheRequest request;
        ContainerCachePlan plan;
        try
        {
            request = new ContainerCacheRequest
            {
                Mode = settings.CacheMode == GoContainerCacheMode.Prune ? ContainerCacheMode.Prune : ContainerCacheMode.Clean,
                ModCacheRoot = env.GoModCache,
                BuildCacheRoot = env.GoCache,
                KeepProjects = projects,
                BuildCacheSizeLimit = settings.BuildCacheSizeLimit == null ? null : SizeParser.Parse(settings.BuildCacheSizeLimit),
                BuildCacheUnusedFor = settings.BuildCacheUnusedFor,
                GoPathEntries = env.GoPathEntries,
            };
            plan = ContainerCacheStep.Plan(request);
        }
        catch (GoModCacheException ex)
        {
            throw new CakeException(ex.Message, ex);
        }

        context.Log.Information("Container build; after it: {0}.", plan.Description);
        settings.CleanModCache = plan.CleanModCache;
        settings.CleanBuildCache = plan.CleanBuildCache;
        var result = context.GoBuildAndClean(settings);
        if (plan.Mode == ContainerCacheMode.Clean)
        {
            context.Log.Information("Kept {0} of Go caches out of the image layer.", SizeParser.Format(result.BytesFreed));
            return result;
        }

        ContainerCacheReport report;
        try
        {
            report = ContainerCacheStep.RunPrune(request, plan);
        }
        catch (GoModCacheException ex)
        {
            throw new CakeException(ex.Message, ex);
        }

        result.PruneReport = report.Prune;
        result.BuildCacheTrim = report.Trim;
        result.ModuleCacheAfter = GoBuildAndCleanWorkflow.SnapshotModuleCache(env.GoModCache);
        result.BuildCacheAfter = GoBuildAndCleanWorkflow.SnapshotBuildCache(env.GoCache);
        result.Cleaned = ["module cache (pruned)", .. env.GoCache == null ? Array.Empty<string>() : ["build cache (trimmed)"]];
        context.Log.Information(
            "Cache mounts kept: module cache {0} ({1} module versions; pruned {2}), build cache {3} (trimmed {4}).",
            SizeParser.Format(result.ModuleCacheAfter.Bytes),
            result.ModuleCacheAfter.ModuleVersions,
            report.Prune == null ? "nothing: empty" : $"{report.Prune.Removed.Count} versions, {SizeParser.Format(report.Prune.BytesFreed)}",
            result.BuildCacheAfter == null ? "off" : SizeParser.Format(result.BuildCacheAfter.Bytes),
            report.Trim == null ? "nothing: empty or off" : $"{report.Trim.Removed.Count} entries, {SizeParser.Format(report.Trim.BytesFreed)}");
        return result;
    }
}
