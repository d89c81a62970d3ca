using System;
using System.Collections.Generic;
using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using Cake.Core.Tooling;
using Cake.GoModCache.Env;
using GoCaches;
using GoCaches.Eviction;
using GoCaches.Inventory;
using GoCaches.Leases;
using GoCaches.Pruning;

namespace Cake.GoModCache.Clean;

/// <summary>
/// Runs the plain <c>go clean</c> with the settings' flags, so what it removes, prints and fails with is Go's own, but
/// behind the caches' leases (<see cref="GoCleanUnderLease"/>): a module or build cache clean waits for other builds
/// using the cache (<see cref="GoCleanSettings.WaitForOtherBuilds"/>); a cache still in use after that is left to the
/// last of them. The engine's locked cleaner is the one of <c>GoModCacheClean</c> and <c>GoBuildAndClean</c>.
/// </summary>
public sealed class GoCleaner : GoTool<GoCleanSettings>
{
    private readonly IFileSystem _fileSystem;
    private readonly ICakeEnvironment _environment;
    private readonly IProcessRunner _processRunner;
    private readonly IToolLocator _tools;

    /// <summary>Initializes a new instance of the <see cref="GoCleaner"/> class.</summary>
    /// <param name="fileSystem">The file system.</param>
    /// <param name="environment">The environment.</param>
    /// <param name="processRunner">The process runner.</param>
    /// <param name="tools">The tool locator.</param>
    /// <param name="log">The Cake log.</param>
    public GoCleaner(IFileSystem fileSystem, ICakeEnvironment environment, IProcessRunner processRunner, IToolLocator tools, ICakeLog log)
        : base(fileSystem, environment, processRunner, tools, log)
    {
        _fileSystem = fileSystem;
        _environment = environment;
        _processRunner = processRunner;
        _tools = tools;
    }

    /// <summary>Cleans.</summary>
    /// <param name="settings">The settings.</param>
    public void Clean(GoCleanSettings settings) => CleanCaches(settings);

    /// <summary>Cleans, saying what go ran with and how each whole-cache clean met other builds.</summary>
    /// <param name="settings">The settings.</param>
    /// <returns>The engine's result.</returns>
    internal GoCleanResult CleanCaches(GoCleanSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var request = new GoCleanRequest
        {
            ModCache = settings.ModCache,
            Cache = settings.Cache,
            TestCache = settings.TestCache,
            FuzzCache = settings.FuzzCache,
            WaitForOtherBuilds = settings.WaitForOtherBuilds,
            Log = line => Log.Information("{0}", line),
        };
        if (settings.ModCache || settings.Cache)
        {
            var env = new GoEnvReader(_fileSystem, _environment, _processRunner, _tools, Log).Read(settings.CopyGoSettingsTo(new GoEnvSettings()));
            request = request with { ModuleCacheRoot = env.GoModCache, BuildCacheRoot = env.GoCache, GoPathEntries = env.GoPathEntries };
        }

        GoCleanResult result;
        try
        {
            result = GoCleanUnderLease.Run(request, arguments =>
            {
                var builder = new ProcessArgumentBuilder();
                foreach (var argument in arguments)
                {
                    builder.Append(argument);
                }

                RunGo(settings, builder);
                return true;
            });
        }
        catch (GoModCacheException ex)
        {
            throw new CakeException(ex.Message, ex);
        }

        foreach (var cache in new[] { result.ModuleCache, result.BuildCache })
        {
            if (cache is { Deferred: false })
            {
                Log.Information("Cleaned the Go {0} {1}: freed {2}.", cache.Kind == CacheKind.ModuleCache ? "module cache" : "build cache", cache.Root, SizeParser.Format(cache.BytesFreed));
            }
        }

        return result;
    }

    internal static ProcessArgumentBuilder GetArguments(GoCleanSettings settings)
    {
        var builder = new ProcessArgumentBuilder();
        builder.Append("clean");
        if (settings.ModCache)
        {
            builder.Append("-modcache");
        }

        if (settings.Cache)
        {
            builder.Append("-cache");
        }

        if (settings.TestCache)
        {
            builder.Append("-testcache");
        }

        if (settings.FuzzCache)
        {
            builder.Append("-fuzzcache");
        }

        return builder;
    }
}
