using System;
using System.Collections.Generic;
using Cake.Core;
using Cake.Core.Annotations;
using Cake.GoModCache.Build;
using Cake.GoModCache.Clean;
using Cake.GoModCache.Env;
using Cake.GoModCache.Modules;
using Cake.GoModCache.Test;
using Cake.GoModCache.Workflow;
using GoCaches.Go;

namespace Cake.GoModCache;

/// <summary>
/// <para>Aliases for the Go toolchain and its caches: <c>go build</c>, <c>go test</c>, <c>go clean</c>,
/// <c>go mod download</c>, <c>go mod verify</c>, <c>go env</c>, and the build-then-clean workflow
/// <see cref="GoBuildAndClean(ICakeContext, GoBuildAndCleanSettings)"/>.</para>
/// <para>Go must be installed: it is found through the <c>ToolPath</c> setting, Cake's tool resolution,
/// <c>PATH</c>, or <c>$GOROOT/bin</c>. Add the addin to a script with
/// <c>#addin nuget:?package=Cake.GoModCache&amp;version=0.1.0</c>.</para>
/// </summary>
[CakeAliasCategory("Go")]
[CakeNamespaceImport("Cake.GoModCache")]
[CakeNamespaceImport("Cake.GoModCache.Build")]
[CakeNamespaceImport("Cake.GoModCache.Clean")]
[CakeNamespaceImport("Cake.GoModCache.Env")]
[CakeNamespaceImport("Cake.GoModCache.Modules")]
[CakeNamespaceImport("Cake.GoModCache.Test")]
[CakeNamespaceImport("Cake.GoModCache.Workflow")]
[CakeNamespaceImport("Cake.GoModCache.CacheKeys")]
[CakeNamespaceImport("Cake.GoModCache.Export")]
[CakeNamespaceImport("Cake.GoModCache.Caches")]
[CakeNamespaceImport("GoCaches")]
[CakeNamespaceImport("GoCaches.Go")]
[CakeNamespaceImport("GoCaches.Modules")]
[CakeNamespaceImport("GoCaches.Inventory")]
[CakeNamespaceImport("GoCaches.Eviction")]
[CakeNamespaceImport("GoCaches.Pruning")]
[CakeNamespaceImport("GoCaches.Ci")]
[CakeNamespaceImport("GoCaches.Export")]
public static partial class GoAliases
{
    /// <summary>Builds the Go package in the working directory (<c>go build .</c>).</summary>
    /// <param name="context">The context.</param>
    /// <example>
    /// <code>
    /// GoBuild();
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("Build")]
    public static void GoBuild(this ICakeContext context) => context.GoBuild(new GoBuildSettings());

    /// <summary>Builds Go packages (<c>go build</c>).</summary>
    /// <param name="context">The context.</param>
    /// <param name="configure">Sets up the settings.</param>
    /// <example>
    /// <code>
    /// GoBuild(s => s.WithOutput("bin/server").WithPackage("./cmd/server").WithTrimPath().WithGoOS("linux").WithCgo(false));
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("Build")]
    public static void GoBuild(this ICakeContext context, Action<GoBuildSettings> configure) => context.GoBuild(Configure(configure));

    /// <summary>Builds Go packages (<c>go build</c>).</summary>
    /// <param name="context">The context.</param>
    /// <param name="settings">The settings.</param>
    /// <example>
    /// <code>
    /// GoBuild(new GoBuildSettings { Output = "bin/server", LdFlags = "-s -w", WorkingDirectory = "./go" });
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("Build")]
    public static void GoBuild(this ICakeContext context, GoBuildSettings settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        new GoBuilder(context.FileSystem, context.Environment, context.ProcessRunner, context.Tools, context.Log).Build(settings);
        if (settings.RecordUsage)
        {
            new GoUsageRecorder(context).Record(settings);
        }
    }

    /// <summary>Runs the tests of every package below the working directory (<c>go test -json ./...</c>).</summary>
    /// <param name="context">The context.</param>
    /// <returns>The counts and the failed tests.</returns>
    /// <example>
    /// <code>
    /// var result = GoTest();
    /// Information("{0} passed", result.Passed);
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("Test")]
    public static GoTestResult GoTest(this ICakeContext context) => context.GoTest(new GoTestSettings());

    /// <summary>Runs Go tests (<c>go test -json</c>); failures fail the task unless <see cref="GoTestSettings.FailOnTestFailure"/> is off.</summary>
    /// <param name="context">The context.</param>
    /// <param name="configure">Sets up the settings.</param>
    /// <returns>The counts and the failed tests.</returns>
    /// <example>
    /// <code>
    /// GoTest(s => { s.Run = "TestParse"; s.Count = 1; s.Race = true; });
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("Test")]
    public static GoTestResult GoTest(this ICakeContext context, Action<GoTestSettings> configure) => context.GoTest(Configure(configure));

    /// <summary>Runs Go tests (<c>go test -json</c>); failures fail the task unless <see cref="GoTestSettings.FailOnTestFailure"/> is off.</summary>
    /// <param name="context">The context.</param>
    /// <param name="settings">The settings.</param>
    /// <returns>The counts and the failed tests.</returns>
    /// <example>
    /// <code>
    /// var result = GoTest(new GoTestSettings { FailOnTestFailure = false, Timeout = TimeSpan.FromMinutes(5) });
    /// foreach (var name in result.FailedTests) { Warning(name); }
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("Test")]
    public static GoTestResult GoTest(this ICakeContext context, GoTestSettings settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new GoTester(context.FileSystem, context.Environment, context.ProcessRunner, context.Tools, context.Log).Test(settings);
    }

    /// <summary>Runs <c>go clean</c> in the working directory (removes object files; no cache is touched).</summary>
    /// <param name="context">The context.</param>
    /// <example>
    /// <code>
    /// GoClean();
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("Clean")]
    public static void GoClean(this ICakeContext context) => context.GoClean(new GoCleanSettings());

    /// <summary>Runs <c>go clean</c>, e.g. to remove the module cache (<c>-modcache</c>) or build cache (<c>-cache</c>).</summary>
    /// <param name="context">The context.</param>
    /// <param name="configure">Sets up the settings.</param>
    /// <example>
    /// <code>
    /// GoClean(s => { s.ModCache = true; s.Cache = true; });
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("Clean")]
    public static void GoClean(this ICakeContext context, Action<GoCleanSettings> configure) => context.GoClean(Configure(configure));

    /// <summary>Runs <c>go clean</c>, e.g. to remove the module cache (<c>-modcache</c>) or build cache (<c>-cache</c>).</summary>
    /// <param name="context">The context.</param>
    /// <param name="settings">The settings.</param>
    /// <example>
    /// <code>
    /// GoClean(new GoCleanSettings { TestCache = true, FuzzCache = true });
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("Clean")]
    public static void GoClean(this ICakeContext context, GoCleanSettings settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        new GoCleaner(context.FileSystem, context.Environment, context.ProcessRunner, context.Tools, context.Log).Clean(settings);
    }

    /// <summary>Downloads the main module's dependencies into the module cache (<c>go mod download -json</c>).</summary>
    /// <param name="context">The context.</param>
    /// <returns>One record per module version (Path, Version, Dir, Zip, Sum, …).</returns>
    /// <example>
    /// <code>
    /// foreach (var m in GoModDownload()) { Information("{0} in {1}", m, m.Dir); }
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("Modules")]
    public static IReadOnlyList<GoModDownloadRecord> GoModDownload(this ICakeContext context) => context.GoModDownload(new GoModDownloadSettings());

    /// <summary>Downloads modules into the module cache (<c>go mod download -json</c>).</summary>
    /// <param name="context">The context.</param>
    /// <param name="configure">Sets up the settings.</param>
    /// <returns>One record per module version.</returns>
    /// <example>
    /// <code>
    /// var records = GoModDownload(s => s.Modules.Add("golang.org/x/mod@v0.17.0"));
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("Modules")]
    public static IReadOnlyList<GoModDownloadRecord> GoModDownload(this ICakeContext context, Action<GoModDownloadSettings> configure) => context.GoModDownload(Configure(configure));

    /// <summary>Downloads modules into the module cache (<c>go mod download -json</c>).</summary>
    /// <param name="context">The context.</param>
    /// <param name="settings">The settings.</param>
    /// <returns>One record per module version; a module that fails to download fails the task with Go's error.</returns>
    /// <example>
    /// <code>
    /// var records = GoModDownload(new GoModDownloadSettings { WorkingDirectory = "./go", GoProxy = "off" });
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("Modules")]
    public static IReadOnlyList<GoModDownloadRecord> GoModDownload(this ICakeContext context, GoModDownloadSettings settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new GoModDownloader(context.FileSystem, context.Environment, context.ProcessRunner, context.Tools, context.Log).Download(settings);
    }

    /// <summary>Checks that the cached dependencies of the main module are unchanged since download (<c>go mod verify</c>).</summary>
    /// <param name="context">The context.</param>
    /// <returns>Which module versions verified and which were modified.</returns>
    /// <example>
    /// <code>
    /// var verify = GoModVerify();
    /// if (!verify.AllVerified) { Warning("{0} modified", verify.Modified.Count); }
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("Modules")]
    public static GoModVerifyResult GoModVerify(this ICakeContext context) => context.GoModVerify(new GoModVerifySettings());

    /// <summary>Checks that the cached dependencies are unchanged since download (<c>go mod verify</c>).</summary>
    /// <param name="context">The context.</param>
    /// <param name="configure">Sets up the settings.</param>
    /// <returns>Which module versions verified and which were modified.</returns>
    /// <example>
    /// <code>
    /// GoModVerify(s => s.FailOnModified = true);
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("Modules")]
    public static GoModVerifyResult GoModVerify(this ICakeContext context, Action<GoModVerifySettings> configure) => context.GoModVerify(Configure(configure));

    /// <summary>Checks that the cached dependencies are unchanged since download (<c>go mod verify</c>).</summary>
    /// <param name="context">The context.</param>
    /// <param name="settings">The settings.</param>
    /// <returns>Which module versions verified and which were modified.</returns>
    /// <example>
    /// <code>
    /// var verify = GoModVerify(new GoModVerifySettings { WorkingDirectory = "./go" });
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("Modules")]
    public static GoModVerifyResult GoModVerify(this ICakeContext context, GoModVerifySettings settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new GoModVerifier(context.FileSystem, context.Environment, context.ProcessRunner, context.Tools, context.Log).Verify(settings);
    }

    /// <summary>Reads Go's environment (<c>go env -json</c>) into a typed object.</summary>
    /// <param name="context">The context.</param>
    /// <returns>GOMODCACHE, GOCACHE, GOPATH, GOVERSION, GOOS, GOARCH, … .</returns>
    /// <example>
    /// <code>
    /// var env = GoEnv();
    /// Information("Go {0}, module cache in {1}", env.GoVersion, env.GoModCache);
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("Environment")]
    public static GoEnvironment GoEnv(this ICakeContext context) => context.GoEnv(new GoEnvSettings());

    /// <summary>Reads Go's environment (<c>go env -json</c>) into a typed object.</summary>
    /// <param name="context">The context.</param>
    /// <param name="configure">Sets up the settings.</param>
    /// <returns>The typed environment.</returns>
    /// <example>
    /// <code>
    /// var env = GoEnv(s => s.WithGoModCache("/tmp/gomodcache"));
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("Environment")]
    public static GoEnvironment GoEnv(this ICakeContext context, Action<GoEnvSettings> configure) => context.GoEnv(Configure(configure));

    /// <summary>Reads Go's environment (<c>go env -json</c>) into a typed object.</summary>
    /// <param name="context">The context.</param>
    /// <param name="settings">The settings.</param>
    /// <returns>The typed environment.</returns>
    /// <example>
    /// <code>
    /// var env = GoEnv(new GoEnvSettings { WorkingDirectory = "./go" });
    /// Information(env.GoMod);
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("Environment")]
    public static GoEnvironment GoEnv(this ICakeContext context, GoEnvSettings settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new GoEnvReader(context.FileSystem, context.Environment, context.ProcessRunner, context.Tools, context.Log).Read(settings);
    }

    /// <summary>
    /// Builds the Go package in the working directory; when the build succeeds, removes the module and build
    /// caches and reports their sizes before and after; when it fails, keeps every cache for debugging and
    /// fails the task with Go's own error text.
    /// </summary>
    /// <param name="context">The context.</param>
    /// <returns>Build duration, cache sizes before and after, bytes freed, what was cleaned.</returns>
    /// <example>
    /// <code>
    /// var result = GoBuildAndClean();
    /// Information("Freed {0} bytes", result.BytesFreed);
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("Workflow")]
    public static GoBuildAndCleanResult GoBuildAndClean(this ICakeContext context) => context.GoBuildAndClean(new GoBuildAndCleanSettings());

    /// <summary>Builds; on success cleans the selected caches; on failure keeps them and fails with Go's error.</summary>
    /// <param name="context">The context.</param>
    /// <param name="configure">Sets up the settings.</param>
    /// <returns>Build duration, cache sizes before and after, bytes freed, what was cleaned.</returns>
    /// <example>
    /// <code>
    /// GoBuildAndClean(s => { s.WithOutput("bin/server").WithWorkingDirectory("./go/server"); s.CleanBuildCache = false; });
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("Workflow")]
    public static GoBuildAndCleanResult GoBuildAndClean(this ICakeContext context, Action<GoBuildAndCleanSettings> configure) => context.GoBuildAndClean(Configure(configure));

    /// <summary>Builds; on success cleans the selected caches; on failure keeps them and fails with Go's error.</summary>
    /// <param name="context">The context.</param>
    /// <param name="settings">The settings.</param>
    /// <returns>Build duration, cache sizes before and after, bytes freed, what was cleaned.</returns>
    /// <example>
    /// <code>
    /// var result = GoBuildAndClean(new GoBuildAndCleanSettings
    /// {
    ///     WorkingDirectory = "./go/server",
    ///     Output = "bin/server",
    ///     CleanModCache = true,
    ///     CleanBuildCache = true,
    /// });
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("Workflow")]
    public static GoBuildAndCleanResult GoBuildAndClean(this ICakeContext context, GoBuildAndCleanSettings settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new GoBuildAndCleanWorkflow(context).Run(settings);
    }

    private static T Configure<T>(Action<T> configure)
        where T : new()
    {
        ArgumentNullException.ThrowIfNull(configure);
        var settings = new T();
        configure(settings);
        return settings;
    }
}
