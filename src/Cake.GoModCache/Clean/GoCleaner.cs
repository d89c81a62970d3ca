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
/// Runs <c>go clean</c>. The module cache (<c>-modcache</c>) and the build cache (<c>-cache</c>) are emptied by the
/// engine as Go empties them, but behind the cache's lease (<see cref="CacheLease"/>): the clean waits for other
/// builds using the cache (<see cref="GoCleanSettings.WaitForOtherBuilds"/>), then leaves the clean to the last of
/// them. <c>-testcache</c> and a lone <c>-fuzzcache</c> run through go.
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

    /// <summary>Cleans, saying how each whole-cache clean met other builds.</summary>
    /// <param name="settings">The settings.</param>
    /// <returns>The module cache report (or null) and the build cache report (or null).</returns>
    internal (PruneReport? ModuleCache, BuildCacheCleanReport? BuildCache) CleanCaches(GoCleanSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!settings.ModCache && !settings.Cache)
        {
            RunGo(settings, GetArguments(settings));
            return (null, null);
        }

        var env = new GoEnvReader(_fileSystem, _environment, _processRunner, _tools, Log).Read(settings.CopyGoSettingsTo(new GoEnvSettings()));
        var wait = settings.WaitForOtherBuilds ?? CacheLease.DefaultWait;
        void LeaseLog(string line) => Log.Information("{0}", line);
        PruneReport? mod = null;
        BuildCacheCleanReport? build = null;
        try
        {
            if (settings.ModCache)
            {
                mod = ModuleCacheCleaner.Clean(env.GoModCache, new PruneOptions { GoPathEntries = env.GoPathEntries, LeaseWait = wait, LeaseLog = LeaseLog });
                if (!mod.Postponed)
                {
                    Log.Information("Cleaned the Go module cache {0}: freed {1}.", mod.Root, SizeParser.Format(mod.BytesFreed));
                }
            }

            if (settings.Cache && env.GoCache != null)
            {
                build = BuildCacheCleaner.Clean(env.GoCache, settings.FuzzCache, wait, LeaseLog);
                if (!build.Deferred)
                {
                    Log.Information("Cleaned the Go build cache {0}: freed {1}.", build.Root, SizeParser.Format(build.BytesFreed));
                }
            }
        }
        catch (GoModCacheException ex)
        {
            throw new CakeException(ex.Message, ex);
        }

        var rest = settings.CopyGoSettingsTo(new GoCleanSettings
        {
            TestCache = settings.TestCache,
            FuzzCache = settings.FuzzCache && (!settings.Cache || env.GoCache == null),
        });
        if (rest.TestCache || rest.FuzzCache)
        {
            RunGo(rest, GetArguments(rest));
        }

        return (mod, build);
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
