using System;
using Cake.Core;
using Cake.Core.Annotations;
using Cake.GoModCache.Caches;
using GoCaches.Inventory;
using GoCaches.Pruning;

namespace Cake.GoModCache;

/// <content>Aliases for cache sizes, limits, pruning and cleaning.</content>
public static partial class GoAliases
{
    /// <summary>Measures the module cache (<c>go env GOMODCACHE</c>): total bytes and files, every module version with its size, completeness and last use, toolchains, vcs and sumdb.</summary>
    /// <param name="context">The context.</param>
    /// <returns>The sizes.</returns>
    /// <example>
    /// <code>
    /// var size = GoModCacheSize();
    /// Information("{0} bytes in {1} module versions", size.Bytes, size.ModuleVersions.Count);
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("Caches")]
    public static GoModCacheSizeResult GoModCacheSize(this ICakeContext context) => context.GoModCacheSize(new GoCacheSizeSettings());

    /// <summary>Measures the module cache.</summary>
    /// <param name="context">The context.</param>
    /// <param name="configure">Sets up the settings.</param>
    /// <returns>The sizes.</returns>
    /// <example>
    /// <code>
    /// var size = GoModCacheSize(s => s.WithGoModCache("/ci/cache/gomod"));
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("Caches")]
    public static GoModCacheSizeResult GoModCacheSize(this ICakeContext context, Action<GoCacheSizeSettings> configure) => context.GoModCacheSize(Configure(configure));

    /// <summary>Measures the module cache.</summary>
    /// <param name="context">The context.</param>
    /// <param name="settings">The settings.</param>
    /// <returns>The sizes.</returns>
    /// <example>
    /// <code>
    /// foreach (var v in GoModCacheSize(new GoCacheSizeSettings()).ModuleVersions) { Information("{0}@{1} {2} last used {3} ({4})", v.Path, v.Version, v.Bytes, v.LastUsedUtc, v.LastUseSource); }
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("Caches")]
    public static GoModCacheSizeResult GoModCacheSize(this ICakeContext context, GoCacheSizeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new GoCacheRunner(context).ModCacheSize(settings);
    }

    /// <summary>Measures the build cache (<c>go env GOCACHE</c>).</summary>
    /// <param name="context">The context.</param>
    /// <returns>The sizes.</returns>
    /// <example>
    /// <code>
    /// Information("build cache: {0} bytes", GoBuildCacheSize().Total.Bytes);
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("Caches")]
    public static BuildCacheInventory GoBuildCacheSize(this ICakeContext context) => context.GoBuildCacheSize(new GoCacheSizeSettings());

    /// <summary>Measures the build cache.</summary>
    /// <param name="context">The context.</param>
    /// <param name="configure">Sets up the settings.</param>
    /// <returns>The sizes.</returns>
    /// <example>
    /// <code>
    /// var build = GoBuildCacheSize(s => s.WithGoCache("/ci/cache/gobuild"));
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("Caches")]
    public static BuildCacheInventory GoBuildCacheSize(this ICakeContext context, Action<GoCacheSizeSettings> configure) => context.GoBuildCacheSize(Configure(configure));

    /// <summary>Measures the build cache.</summary>
    /// <param name="context">The context.</param>
    /// <param name="settings">The settings.</param>
    /// <returns>The sizes.</returns>
    /// <example>
    /// <code>
    /// var build = GoBuildCacheSize(new GoCacheSizeSettings { WorkingDirectory = "./go" });
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("Caches")]
    public static BuildCacheInventory GoBuildCacheSize(this ICakeContext context, GoCacheSizeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new GoCacheRunner(context).BuildCacheSize(settings);
    }

    /// <summary>Checks the caches against size and free-space limits; when one is exceeded, warns, fails, cleans or prunes as configured.</summary>
    /// <param name="context">The context.</param>
    /// <param name="configure">Sets up the settings.</param>
    /// <returns>What was found and what was done.</returns>
    /// <example>
    /// <code>
    /// GoModCacheCheck(s => { s.ModCacheSizeLimit = "5GB"; s.BuildCacheSizeLimit = "2GB"; s.MinFreeSpace = "10%"; s.Action = GoCacheLimitAction.Prune; });
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("Caches")]
    public static GoModCacheCheckResult GoModCacheCheck(this ICakeContext context, Action<GoModCacheCheckSettings> configure) => context.GoModCacheCheck(Configure(configure));

    /// <summary>Checks the caches against size and free-space limits; when one is exceeded, warns, fails, cleans or prunes as configured.</summary>
    /// <param name="context">The context.</param>
    /// <param name="settings">The settings.</param>
    /// <returns>What was found and what was done.</returns>
    /// <example>
    /// <code>
    /// var check = GoModCacheCheck(new GoModCacheCheckSettings { ModCacheSizeLimit = "500 MiB", Action = GoCacheLimitAction.Fail });
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("Caches")]
    public static GoModCacheCheckResult GoModCacheCheck(this ICakeContext context, GoModCacheCheckSettings settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        return new GoCacheRunner(context).Check(settings);
    }

    /// <summary>
    /// Removes module versions from the module cache by policy — module path patterns, what given projects
    /// need, the newest N versions, last use, a size limit, toolchains — safely under Go's locks, with a
    /// dry run that lists what would go. (There is no overload without settings: a prune needs a policy.)
    /// </summary>
    /// <param name="context">The context.</param>
    /// <param name="configure">Sets up the settings.</param>
    /// <returns>The before/after report.</returns>
    /// <example>
    /// <code>
    /// var report = GoModCachePrune(s => { s.KeepProjects.Add("./go/service"); s.KeepNewest = 2; s.UnusedFor = TimeSpan.FromDays(30); s.DryRun = true; });
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("Caches")]
    public static PruneReport GoModCachePrune(this ICakeContext context, Action<GoModCachePruneSettings> configure) => context.GoModCachePrune(Configure(configure));

    /// <summary>Removes module versions from the module cache by policy, safely under Go's locks.</summary>
    /// <param name="context">The context.</param>
    /// <param name="settings">The settings.</param>
    /// <returns>The before/after report.</returns>
    /// <example>
    /// <code>
    /// GoModCachePrune(new GoModCachePruneSettings { SizeLimit = "2GB", ReportMarkdown = "artifacts/prune.md" });
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("Caches")]
    public static PruneReport GoModCachePrune(this ICakeContext context, GoModCachePruneSettings settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        return new GoCacheRunner(context).Prune(settings);
    }

    /// <summary>Removes the whole module cache safely (Go's locks, read-only trees made writable, never following symlinks, refusing anything that is not a module cache), with a report.</summary>
    /// <param name="context">The context.</param>
    /// <returns>The before/after report.</returns>
    /// <example>
    /// <code>
    /// Information("freed {0} bytes", GoModCacheClean().BytesFreed);
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("Caches")]
    public static PruneReport GoModCacheClean(this ICakeContext context) => context.GoModCacheClean(new GoModCacheCleanSettings());

    /// <summary>Removes the whole module cache safely, with a report.</summary>
    /// <param name="context">The context.</param>
    /// <param name="configure">Sets up the settings.</param>
    /// <returns>The before/after report.</returns>
    /// <example>
    /// <code>
    /// GoModCacheClean(s => s.ReportJson = "artifacts/clean.json");
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("Caches")]
    public static PruneReport GoModCacheClean(this ICakeContext context, Action<GoModCacheCleanSettings> configure) => context.GoModCacheClean(Configure(configure));

    /// <summary>Removes the whole module cache safely, with a report.</summary>
    /// <param name="context">The context.</param>
    /// <param name="settings">The settings.</param>
    /// <returns>The before/after report.</returns>
    /// <example>
    /// <code>
    /// GoModCacheClean(new GoModCacheCleanSettings { DryRun = true });
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("Caches")]
    public static PruneReport GoModCacheClean(this ICakeContext context, GoModCacheCleanSettings settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        return new GoCacheRunner(context).Clean(settings);
    }
}
