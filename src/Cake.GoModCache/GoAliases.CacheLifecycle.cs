using System;
using Cake.Core;
using Cake.Core.Annotations;
using Cake.GoModCache.Caches;
using GoCaches;
using GoCaches.Ci;
using GoCaches.Eviction;
using GoCaches.Inventory;
using GoCaches.Pruning;
using GoCaches.Trimming;

namespace Cake.GoModCache;

/// <content>Aliases for the build cache trim and the CI cache lifecycle (restore, prepare for save).</content>
public static partial class GoAliases
{
    /// <summary>
    /// Trims Go's build cache (<c>go env GOCACHE</c>) with Go's own rule: entries (an action file and the output it
    /// names) unused for more than 5 days and 1 hour go. Safe while go commands use the cache.
    /// </summary>
    /// <param name="context">The context.</param>
    /// <returns>The before/after report.</returns>
    /// <example>
    /// <code>
    /// Information("freed {0} bytes", GoBuildCacheTrim().BytesFreed);
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("Caches")]
    public static BuildCacheTrimReport GoBuildCacheTrim(this ICakeContext context) => context.GoBuildCacheTrim(new GoBuildCacheTrimSettings());

    /// <summary>
    /// Trims Go's build cache by age (one hour granularity: Go refreshes an entry's time at most hourly) and/or
    /// down to a size, least recently used first; optionally the fuzz cache and cached test results too.
    /// </summary>
    /// <param name="context">The context.</param>
    /// <param name="configure">Sets up the settings.</param>
    /// <returns>The before/after report.</returns>
    /// <example>
    /// <code>
    /// GoBuildCacheTrim(s => { s.UnusedFor = TimeSpan.FromDays(2); s.SizeLimit = "2GB"; s.ReportMarkdown = "artifacts/trim.md"; });
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("Caches")]
    public static BuildCacheTrimReport GoBuildCacheTrim(this ICakeContext context, Action<GoBuildCacheTrimSettings> configure) => context.GoBuildCacheTrim(Configure(configure));

    /// <summary>Trims Go's build cache by age and/or size, least recently used first.</summary>
    /// <param name="context">The context.</param>
    /// <param name="settings">The settings.</param>
    /// <returns>The before/after report.</returns>
    /// <example>
    /// <code>
    /// GoBuildCacheTrim(new GoBuildCacheTrimSettings { SizeLimit = "500 MiB", DryRun = true });
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("Caches")]
    public static BuildCacheTrimReport GoBuildCacheTrim(this ICakeContext context, GoBuildCacheTrimSettings settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new GoCacheLifecycleRunner(context).Trim(settings);
    }

    /// <summary>
    /// Records what Go's caches hold right after the CI's cache restore (run it as the step after the restore), so
    /// that <c>GoCachePrepareForSave</c> can tell whether they changed and which build cache entries the job used.
    /// </summary>
    /// <param name="context">The context.</param>
    /// <returns>What the caches held.</returns>
    /// <example>
    /// <code>
    /// var restored = GoCacheRestored();
    /// Information("restored {0} module versions", restored.ModuleVersions.Count);
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("CI")]
    public static CacheRestoreState GoCacheRestored(this ICakeContext context) => context.GoCacheRestored(new GoCacheRestoredSettings());

    /// <summary>Records what Go's caches hold right after the CI's cache restore.</summary>
    /// <param name="context">The context.</param>
    /// <param name="configure">Sets up the settings.</param>
    /// <returns>What the caches held.</returns>
    /// <example>
    /// <code>
    /// GoCacheRestored(s => s.StateFile = "artifacts/go-cache-restored.json");
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("CI")]
    public static CacheRestoreState GoCacheRestored(this ICakeContext context, Action<GoCacheRestoredSettings> configure) => context.GoCacheRestored(Configure(configure));

    /// <summary>Records what Go's caches hold right after the CI's cache restore.</summary>
    /// <param name="context">The context.</param>
    /// <param name="settings">The settings.</param>
    /// <returns>What the caches held.</returns>
    /// <example>
    /// <code>
    /// GoCacheRestored(new GoCacheRestoredSettings { WorkingDirectory = "./go" });
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("CI")]
    public static CacheRestoreState GoCacheRestored(this ICakeContext context, GoCacheRestoredSettings settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new GoCacheLifecycleRunner(context).Restored(settings);
    }

    /// <summary>
    /// The step before the CI's cache save: prunes the module cache (e.g. to what <c>KeepProjects</c> need), trims the
    /// build cache (the entries the job did not use since <c>GoCacheRestored</c>, and/or by age and size), and says
    /// whether a save is worth it (<see cref="CacheSaveReport.SaveNeeded"/>, published as step outputs / variables).
    /// </summary>
    /// <param name="context">The context.</param>
    /// <param name="configure">Sets up the settings.</param>
    /// <returns>What went, what the caches to save weigh, and whether to save each.</returns>
    /// <example>
    /// <code>
    /// var save = GoCachePrepareForSave(s => s.KeepProjects.Add("./go/service"));
    /// Information("save needed: {0}", save.SaveNeeded);
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("CI")]
    public static CacheSaveReport GoCachePrepareForSave(this ICakeContext context, Action<GoCachePrepareForSaveSettings> configure) => context.GoCachePrepareForSave(Configure(configure));

    /// <summary>The step before the CI's cache save: prune, trim, and decide whether to save.</summary>
    /// <param name="context">The context.</param>
    /// <param name="settings">The settings.</param>
    /// <returns>What went, what the caches to save weigh, and whether to save each.</returns>
    /// <example>
    /// <code>
    /// GoCachePrepareForSave(new GoCachePrepareForSaveSettings { BuildCacheSizeLimit = "1GB", ReportMarkdown = "artifacts/cache-save.md" });
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("CI")]
    public static CacheSaveReport GoCachePrepareForSave(this ICakeContext context, GoCachePrepareForSaveSettings settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new GoCacheLifecycleRunner(context).PrepareForSave(settings);
    }
}
