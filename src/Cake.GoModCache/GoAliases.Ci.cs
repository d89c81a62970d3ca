using System;
using Cake.Core;
using Cake.Core.Annotations;
using Cake.Core.Diagnostics;
using Cake.GoModCache.CacheKeys;
using Cake.GoModCache.Export;
using Cake.GoModCache.Workflow;
using GoCaches.Ci;
using GoCaches.Export;
using GoCaches.Inventory;

namespace Cake.GoModCache;

/// <content>Aliases for CI caches and container builds.</content>
public static partial class GoAliases
{
    /// <summary>
    /// Computes a cache key for CI cache steps from the OS, architecture, Go version and a hash of every
    /// go.sum / go.work.sum below the working directory, and publishes it the way the CI expects
    /// (GitHub Actions step outputs <c>key</c> / <c>key-restore</c>, Azure Pipelines variables
    /// <c>GOMODCACHE_KEY</c> / <c>GOMODCACHE_KEY_RESTORE</c>).
    /// </summary>
    /// <param name="context">The context.</param>
    /// <returns>The key, its restore-key prefix and the files hashed.</returns>
    /// <example>
    /// <code>
    /// var key = GoModCacheKey();
    /// Information("cache key {0}, restore key {1}", key.Key, key.RestoreKey);
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("CI")]
    public static CacheKey GoModCacheKey(this ICakeContext context) => context.GoModCacheKey(new GoModCacheKeySettings());

    /// <summary>Computes and publishes a CI cache key for Go's caches.</summary>
    /// <param name="context">The context.</param>
    /// <param name="configure">Sets up the settings.</param>
    /// <returns>The key, its restore-key prefix and the files hashed.</returns>
    /// <example>
    /// <code>
    /// var key = GoModCacheKey(s => { s.Root = "."; s.Patterns.Add("services/**/go.sum"); s.KeyFile = "artifacts/go-cache-key.txt"; });
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("CI")]
    public static CacheKey GoModCacheKey(this ICakeContext context, Action<GoModCacheKeySettings> configure) => context.GoModCacheKey(Configure(configure));

    /// <summary>Computes and publishes a CI cache key for Go's caches.</summary>
    /// <param name="context">The context.</param>
    /// <param name="settings">The settings.</param>
    /// <returns>The key, its restore-key prefix and the files hashed.</returns>
    /// <example>
    /// <code>
    /// var key = GoModCacheKey(new GoModCacheKeySettings { Prefix = "go-svc", PublishToCI = false });
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("CI")]
    public static CacheKey GoModCacheKey(this ICakeContext context, GoModCacheKeySettings settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new GoModCacheKeyPublisher(context).Run(settings);
    }

    /// <summary>
    /// Writes exactly the module versions that Go projects need (taken from the module cache, downloading
    /// what is missing) into a folder laid out as a Go module proxy, for offline builds with
    /// <c>GOPROXY=file:///…</c> (e.g. in a Docker build context) or, served by any static web server, as a team
    /// proxy. Merges into a folder that holds a proxy already (idempotent, safe while other agents export into it);
    /// includes the Go toolchain module a project switches to, exports nothing for a vendored project, and
    /// every module a go.work workspace uses.
    /// </summary>
    /// <param name="context">The context.</param>
    /// <param name="outputDirectory">The proxy folder to write.</param>
    /// <returns>What was written and its size.</returns>
    /// <example>
    /// <code>
    /// var export = GoModExportProxy("./artifacts/goproxy");
    /// Information("GOPROXY={0}", export.GoProxyUrl);
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("CI")]
    public static ProxyExport GoModExportProxy(this ICakeContext context, Cake.Core.IO.DirectoryPath outputDirectory) =>
        context.GoModExportProxy(new GoModExportProxySettings { OutputDirectory = outputDirectory });

    /// <summary>Writes what Go projects need into a module proxy folder.</summary>
    /// <param name="context">The context.</param>
    /// <param name="configure">Sets up the settings.</param>
    /// <returns>What was written and its size.</returns>
    /// <example>
    /// <code>
    /// GoModExportProxy(s => { s.OutputDirectory = "./docker/goproxy"; s.Projects.Add("./go/service"); s.Projects.Add("./go/worker"); });
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("CI")]
    public static ProxyExport GoModExportProxy(this ICakeContext context, Action<GoModExportProxySettings> configure) => context.GoModExportProxy(Configure(configure));

    /// <summary>Writes what Go projects need into a module proxy folder.</summary>
    /// <param name="context">The context.</param>
    /// <param name="settings">The settings.</param>
    /// <returns>What was written and its size.</returns>
    /// <example>
    /// <code>
    /// GoModExportProxy(new GoModExportProxySettings { OutputDirectory = "./docker/goproxy", WorkingDirectory = "./go/service" });
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("CI")]
    public static ProxyExport GoModExportProxy(this ICakeContext context, GoModExportProxySettings settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new GoModExportProxyRunner(context).Run(settings);
    }

    /// <summary>
    /// The container-stage step for a Dockerfile stage that runs <c>build.sh</c>: builds (from an exported module
    /// proxy folder, or the network), then cleans the module and build caches in the same step, and reports how
    /// many bytes were kept out of the image layer. With <see cref="GoContainerBuildSettings.CacheMode"/>
    /// <see cref="GoContainerCacheMode.Prune"/> (caches in <c>RUN --mount=type=cache</c> mounts) it keeps the caches
    /// instead, pruned to what the project needs and trimmed to a size limit.
    /// </summary>
    /// <param name="context">The context.</param>
    /// <param name="configure">Sets up the settings.</param>
    /// <returns>The build-and-clean result; <see cref="GoBuildAndCleanResult.BytesFreed"/> is what the layer does not carry.</returns>
    /// <example>
    /// <code>
    /// GoContainerBuild(s => { s.WorkingDirectory = "./go/service"; s.Output = "/out/service"; s.ProxyDirectory = "./goproxy"; s.CgoEnabled = false; });
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("CI")]
    public static GoBuildAndCleanResult GoContainerBuild(this ICakeContext context, Action<GoContainerBuildSettings> configure) => context.GoContainerBuild(Configure(configure));

    /// <summary>The container-stage step: build from an exported proxy (or the network), then clean both caches in the same step (or, in <see cref="GoContainerCacheMode.Prune"/>, prune and trim them).</summary>
    /// <param name="context">The context.</param>
    /// <param name="settings">The settings.</param>
    /// <returns>The build-and-clean result.</returns>
    /// <example>
    /// <code>
    /// var r = GoContainerBuild(new GoContainerBuildSettings { WorkingDirectory = "./go/service", Output = "/out/service", ProxyDirectory = "./goproxy" });
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("CI")]
    public static GoBuildAndCleanResult GoContainerBuild(this ICakeContext context, GoContainerBuildSettings settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        return new Workflow.GoContainerBuildWorkflow(context).Run(settings);
    }
}
