using System;
using System.Globalization;
using GoCaches;
using GoCaches.Inventory;
using GoCaches.Reports;
using Microsoft.Build.Framework;

namespace GoModCache.MSBuild;

/// <summary>
/// Compares Go's module cache and build cache with size limits (<c>5GB</c>, <c>500 MiB</c>: see the README) and,
/// for each cache over its limit, warns (<c>GOMC001</c> / <c>GOMC002</c>), fails the build with those codes, or
/// reports it for cleaning (<see cref="Action"/> = Clean: the <c>GoModCacheCheck</c> target then runs
/// <c>go clean</c> on it) or pruning (<see cref="Action"/> = Prune: the target then prunes the module cache down to
/// its limit with <see cref="GoModCachePrune"/>, and cleans the build cache). A cache without a limit is not
/// measured; with no limit at all go is not started.
/// </summary>
public class GoModCacheCheck : Microsoft.Build.Utilities.Task
{
    private static readonly string[] Actions = ["Warn", "Error", "Clean", "Prune", "Trim"];

    /// <summary>Gets or sets the module cache limit, e.g. <c>5GB</c>. Empty: no limit.</summary>
    public string? ModCacheSizeLimit { get; set; }

    /// <summary>Gets or sets the build cache limit, e.g. <c>2GiB</c>. Empty: no limit.</summary>
    public string? BuildCacheSizeLimit { get; set; }

    /// <summary>Gets or sets what to do when a cache is over its limit: <c>Warn</c> (default), <c>Error</c>, <c>Clean</c>, <c>Prune</c> or <c>Trim</c>.</summary>
    public string? Action { get; set; }

    /// <summary>Gets or sets the full path of the go command. Empty: <c>PATH</c>, then <c>$GOROOT/bin</c>.</summary>
    public string? GoExecutable { get; set; }

    /// <summary>Gets or sets <c>NAME=value</c> pairs for <c>go env</c>.</summary>
    public string[]? EnvironmentVariables { get; set; }

    /// <summary>Gets or sets where <c>go env</c> runs. Empty: the MSBuild project's directory.</summary>
    public string? WorkingDirectory { get; set; }

    /// <summary>Gets or sets a file for the HTML report (a self-contained page picturing the caches checked). Empty: none.</summary>
    public string? ReportHtml { get; set; }

    /// <summary>Gets or sets the module cache root; empty: <c>go env GOMODCACHE</c>.</summary>
    public string? ModCacheRoot { get; set; }

    /// <summary>Gets or sets the build cache root; empty: <c>go env GOCACHE</c>.</summary>
    public string? BuildCacheRoot { get; set; }

    /// <summary>Gets a value indicating whether the module cache is over its limit.</summary>
    [Output]
    public bool ModCacheExceeded { get; private set; }

    /// <summary>Gets a value indicating whether the build cache is over its limit.</summary>
    [Output]
    public bool BuildCacheExceeded { get; private set; }

    /// <summary>Gets the measured module cache size in bytes (0 when it has no limit).</summary>
    [Output]
    public long ModCacheBytes { get; private set; }

    /// <summary>Gets the measured build cache size in bytes (0 when it has no limit).</summary>
    [Output]
    public long BuildCacheBytes { get; private set; }

    /// <inheritdoc />
    public override bool Execute()
    {
        var action = (Action ?? string.Empty).Trim();
        if (action.Length == 0)
        {
            action = "Warn";
        }

        if (!Array.Exists(Actions, a => a.Equals(action, StringComparison.OrdinalIgnoreCase)))
        {
            Log.LogError(null, ErrorCodes.InvalidAction, null, null, 0, 0, 0, 0, $"GoCacheLimitAction '{Action}' is not one of {string.Join(", ", Actions)}.");
            return false;
        }

        long? modLimit = null;
        long? buildLimit = null;
        if (!TryLimit("GoModCacheSizeLimit", ModCacheSizeLimit, ref modLimit) | !TryLimit("GoBuildCacheSizeLimit", BuildCacheSizeLimit, ref buildLimit))
        {
            return false;
        }

        if (modLimit == null && buildLimit == null)
        {
            Log.LogMessage(MessageImportance.Low, "No Go cache size limit is set (GoModCacheSizeLimit, GoBuildCacheSizeLimit): nothing to check.");
            return true;
        }

        CacheRoots caches;
        ModuleCacheInventory? modules = null;
        BuildCacheInventory? build = null;
        try
        {
            caches = CacheRoots.Locate(ModCacheRoot, BuildCacheRoot, modLimit != null, buildLimit != null, GoExecutable, EnvironmentVariables, WorkingDirectory);
            if (modLimit != null)
            {
                modules = ModuleCacheInventory.Scan(caches.ModCache!);
                ModCacheBytes = modules.Total.Bytes;
                ModCacheExceeded = ModCacheBytes > modLimit.Value;
                Report("module cache", caches.ModCache!, ModCacheBytes, modLimit.Value, ModCacheSizeLimit!, ModCacheExceeded, ErrorCodes.ModCacheOverLimit, action);
            }

            if (buildLimit != null)
            {
                if (caches.BuildCache == null)
                {
                    Log.LogMessage(MessageImportance.Normal, "Go's build cache is off (GOCACHE=off): GoBuildCacheSizeLimit has nothing to check.");
                }
                else
                {
                    build = BuildCacheInventory.Scan(caches.BuildCache);
                    BuildCacheBytes = build.Total.Bytes;
                    BuildCacheExceeded = BuildCacheBytes > buildLimit.Value;
                    Report("build cache", caches.BuildCache, BuildCacheBytes, buildLimit.Value, BuildCacheSizeLimit!, BuildCacheExceeded, ErrorCodes.BuildCacheOverLimit, action);
                }
            }
        }
        catch (Exception ex) when (ex is GoModCacheException or System.IO.IOException or UnauthorizedAccessException)
        {
            Log.LogError(null, ErrorCodes.CacheUnreadable, null, null, 0, 0, 0, 0, "Could not measure Go's caches: " + ex.Message);
            return false;
        }

        CacheTaskSupport.WriteHtml(Log, "GoModCacheCheck", ReportHtml, () => CacheReport.Create("check", modules, build, modules == null ? null : UsageRecord.Load(UsageRecord.DefaultPath(modules.Root))));
        return !Log.HasLoggedErrors;
    }

    private bool TryLimit(string property, string? text, ref long? limit)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        SizeSpec size;
        try
        {
            size = SizeParser.Parse(text);
        }
        catch (GoModCacheException ex)
        {
            Log.LogError(null, ErrorCodes.InvalidSize, null, null, 0, 0, 0, 0, $"{property}: {ex.Message}");
            return false;
        }

        if (size.Kind == SizeKind.Percent)
        {
            Log.LogError(null, ErrorCodes.InvalidSize, null, null, 0, 0, 0, 0, $"{property}: '{text.Trim()}' is a percentage, but a cache limit is a size such as 5GB or 500 MiB.");
            return false;
        }

        limit = size.Bytes;
        return true;
    }

    private static string Describe(long bytes) => SizeParser.Format(bytes) + " (" + bytes.ToString("N0", CultureInfo.InvariantCulture) + " bytes)";

    private void Report(string what, string root, long bytes, long limit, string limitText, bool exceeded, string code, string action)
    {
        if (!exceeded)
        {
            Log.LogMessage(MessageImportance.Normal, $"Go {what} {root}: {Describe(bytes)}, within the limit of {limitText.Trim()}.");
            return;
        }

        var text = $"Go {what} {root} is {Describe(bytes)}, over the limit of {limitText.Trim()} ({limit.ToString("N0", CultureInfo.InvariantCulture)} bytes)";
        if (action.Equals("Error", StringComparison.OrdinalIgnoreCase))
        {
            Log.LogError(null, code, null, null, 0, 0, 0, 0, text + ". Clean it (go clean " + (code == ErrorCodes.ModCacheOverLimit ? "-modcache" : "-cache") + "), raise the limit, or set GoCacheLimitAction to Warn, Clean or Prune.");
        }
        else if (action.Equals("Clean", StringComparison.OrdinalIgnoreCase))
        {
            Log.LogMessage(MessageImportance.High, text + "; cleaning it (GoCacheLimitAction=Clean).");
        }
        else if (action.Equals("Trim", StringComparison.OrdinalIgnoreCase))
        {
            Log.LogMessage(MessageImportance.High, text + (code == ErrorCodes.ModCacheOverLimit
                ? "; pruning it down to the limit, least recently used first (GoCacheLimitAction=Trim)."
                : "; trimming it down to the limit, least recently used first (GoCacheLimitAction=Trim)."));
        }
        else if (action.Equals("Prune", StringComparison.OrdinalIgnoreCase))
        {
            Log.LogMessage(MessageImportance.High, text + (code == ErrorCodes.ModCacheOverLimit
                ? "; pruning it down to the limit, least recently used first (GoCacheLimitAction=Prune)."
                : "; cleaning it (GoCacheLimitAction=Prune prunes only the module cache)."));
        }
        else
        {
            Log.LogWarning(null, code, null, null, 0, 0, 0, 0, text + ".");
        }
    }
}
