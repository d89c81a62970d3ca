using System;
using GoCaches;
using GoCaches.Inventory;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace GoModCache.MSBuild;

/// <summary>
/// Runs <c>go clean</c> on Go's caches: <c>-modcache</c> (the module cache; go makes it writable first, which a
/// plain delete cannot), <c>-cache</c> (the build cache), <c>-testcache</c>, <c>-fuzzcache</c>. With none set it
/// does nothing and does not start go. With <see cref="Report"/> it measures the caches it cleans before and after
/// and says what was freed.
/// </summary>
public class GoClean : GoToolTask
{
    private (string Root, long Bytes, int Versions)? _modBefore;
    private (string Root, long Bytes)? _buildBefore;

    /// <summary>Gets or sets a value indicating whether to remove the module cache (<c>-modcache</c>).</summary>
    public bool ModCache { get; set; }

    /// <summary>Gets or sets a value indicating whether to remove the build cache (<c>-cache</c>).</summary>
    public bool Cache { get; set; }

    /// <summary>Gets or sets a value indicating whether to expire cached test results (<c>-testcache</c>).</summary>
    public bool TestCache { get; set; }

    /// <summary>Gets or sets a value indicating whether to remove the fuzz corpus cache (<c>-fuzzcache</c>).</summary>
    public bool FuzzCache { get; set; }

    /// <summary>Gets or sets a value indicating whether to measure the module and build caches around the clean-up and report what was freed.</summary>
    public bool Report { get; set; }

    /// <summary>Gets the bytes freed in the module cache (with <see cref="Report"/>).</summary>
    [Output]
    public long ModCacheBytesFreed { get; private set; }

    /// <summary>Gets the bytes freed in the build cache (with <see cref="Report"/>).</summary>
    [Output]
    public long BuildCacheBytesFreed { get; private set; }

    /// <inheritdoc />
    protected override string CommandDisplayName => "go clean";

    /// <inheritdoc />
    public override bool Execute()
    {
        if (Report && (ModCache || Cache) && !Measure(before: true))
        {
            Report = false;
        }

        var ok = base.Execute();
        if (ok && Report && (ModCache || Cache))
        {
            Measure(before: false);
        }

        return ok;
    }

    /// <inheritdoc />
    protected override bool SkipTaskExecution()
    {
        if (ModCache || Cache || TestCache || FuzzCache)
        {
            return false;
        }

        Log.LogMessage(MessageImportance.Normal, "GoClean: nothing to clean (ModCache, Cache, TestCache and FuzzCache are all false).");
        return true;
    }

    /// <inheritdoc />
    protected override string GenerateCommandLineCommands()
    {
        var builder = new CommandLineBuilder();
        builder.AppendSwitch("clean");
        if (ModCache)
        {
            builder.AppendSwitch("-modcache");
        }

        if (Cache)
        {
            builder.AppendSwitch("-cache");
        }

        if (TestCache)
        {
            builder.AppendSwitch("-testcache");
        }

        if (FuzzCache)
        {
            builder.AppendSwitch("-fuzzcache");
        }

        return builder.ToString();
    }

    private bool Measure(bool before)
    {
        try
        {
            var caches = CacheRoots.Locate(_modBefore?.Root, _buildBefore?.Root, ModCache, Cache, GoExecutable, EnvironmentVariables, WorkingDirectory);
            if (ModCache)
            {
                var modules = ModuleCacheInventory.Scan(caches.ModCache!);
                if (before)
                {
                    _modBefore = (caches.ModCache!, modules.Total.Bytes, modules.Modules.Count + modules.Toolchains.Count);
                }
                else if (_modBefore is { } was)
                {
                    ModCacheBytesFreed = was.Bytes - modules.Total.Bytes;
                    Log.LogMessage(MessageImportance.High, $"GoModCache: cleaned the Go module cache {was.Root}: freed {SizeParser.Format(ModCacheBytesFreed)} ({was.Versions} module versions).");
                }
            }

            if (Cache && caches.BuildCache != null)
            {
                var build = BuildCacheInventory.Scan(caches.BuildCache);
                if (before)
                {
                    _buildBefore = (caches.BuildCache, build.Total.Bytes);
                }
                else if (_buildBefore is { } was)
                {
                    BuildCacheBytesFreed = was.Bytes - build.Total.Bytes;
                    Log.LogMessage(MessageImportance.High, $"GoModCache: cleaned the Go build cache {was.Root}: freed {SizeParser.Format(BuildCacheBytesFreed)}.");
                }
            }

            return true;
        }
        catch (Exception ex) when (ex is GoModCacheException or System.IO.IOException or UnauthorizedAccessException)
        {
            Log.LogMessage(MessageImportance.Normal, "Could not measure Go's caches: " + ex.Message);
            return false;
        }
    }
}
