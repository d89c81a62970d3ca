// The polyglot sample's build: the Go service under go/service is built through the Cake.GoModCache addin.
//   dotnet cake build.cake                       build, then clean the caches, print the before/after report and
//                                                write a picture of the caches to artifacts/go-caches.html
//   dotnet cake build.cake --global-caches=true  use your own GOMODCACHE/GOCACHE instead of the sample's private ones
// The addin version is the repository's; ../../build.sh --target=Sample packs it and runs this script.
#addin nuget:?package=Cake.GoModCache&version=0.1.0

var target = Argument("target", "Build");
var globalCaches = Argument("global-caches", false);
var network = Argument("network", false);

var sampleDir = MakeAbsolute(Directory("."));
var serviceDir = sampleDir.Combine("go/service");
var output = sampleDir.CombineWithFilePath("artifacts/service" + (IsRunningOnWindows() ? ".exe" : string.Empty));
var proxyUrl = new Uri(sampleDir.Combine("goproxy").FullPath + "/").AbsoluteUri.TrimEnd('/');

// Go settings every step shares: the module proxy folder shipped with the sample (so the build works
// offline) and, unless --global-caches=true, caches private to the sample so that cleaning them never
// touches the Go caches on your machine.
T WithSampleGo<T>(T settings) where T : GoSettings
{
    settings.WorkingDirectory = serviceDir;
    settings.GoToolchain = "local";
    if (!network)
    {
        settings.GoProxy = proxyUrl;
    }

    if (!globalCaches)
    {
        settings.GoPath = sampleDir.Combine(".go/path").FullPath;
        settings.GoModCache = sampleDir.Combine(".go/path/pkg/mod").FullPath;
        settings.GoCache = sampleDir.Combine(".go/build-cache").FullPath;
    }

    return settings;
}

Task("Build")
    .Description("Build the Go service; on success clean the module and build caches and report what was freed.")
    .Does(() =>
{
    var env = GoEnv(WithSampleGo(new GoEnvSettings()));
    Information("Go {0} on {1}/{2}; module cache {3}; build cache {4}", env.GoVersion, env.GoOS, env.GoArch, env.GoModCache, env.GoCache);

    var report = sampleDir.CombineWithFilePath("artifacts/go-caches.html");
    var result = GoBuildAndClean(WithSampleGo(new GoBuildAndCleanSettings { Output = output, TrimPath = true, ReportHtml = report }));

    Information("Built {0}; it says:", output);
    StartProcess(output);
    Information("Module cache: {0} bytes before the build, {1} after it, {2} at the end.",
        result.ModuleCacheBefore.Bytes, result.ModuleCacheAfterBuild.Bytes, result.ModuleCacheAfter.Bytes);
    Information("Cache report (open it in a browser): {0}", report.FullPath);
});

Task("Test")
    .Description("Run the Go service's tests (go test -json).")
    .Does(() =>
{
    var result = GoTest(WithSampleGo(new GoTestSettings { Count = 1 }));
    Information("{0} passed, {1} failed, {2} skipped", result.Passed, result.Failed, result.Skipped);
});

Task("Container")
    .Description("The Dockerfiles' build step: build from the shipped module proxy folder, then clean both caches in the same step (--cache-mode=Prune: prune and trim them, for cache mounts).")
    .Does(() =>
{
    var binary = MakeAbsolute(File(Argument("output", output.FullPath)));
    var result = GoContainerBuild(WithSampleGo(new GoContainerBuildSettings
    {
        Output = binary,
        TrimPath = true,
        CgoEnabled = false,
        LdFlags = "-s -w",
        ProxyDirectory = sampleDir.Combine("goproxy"),
        // Clean (default): nothing of Go's caches stays in the layer. Prune: Dockerfile.cache-mounts keeps them in
        // cache mounts, pruned to what the service needs and trimmed to the build cache limit.
        CacheMode = Argument("cache-mode", GoContainerCacheMode.Clean),
        BuildCacheSizeLimit = Argument<string>("build-cache-limit", null),
    }));
    if (!globalCaches)
    {
        // go clean -cache leaves the build cache's README and trim.txt: the private caches go entirely.
        DeleteDirectory(sampleDir.Combine(".go"), new DeleteDirectorySettings { Recursive = true, Force = true });
    }

    Information("Container build: {0} ({1} bytes).", binary, new System.IO.FileInfo(binary.FullPath).Length);
});

Task("CacheCheck")
    .Description("Check the Go caches against size limits: warn (the default), fail, clean or prune when one is exceeded.")
    .Does(() =>
{
    GoModDownload(WithSampleGo(new GoModDownloadSettings()));
    var check = GoModCacheCheck(WithSampleGo(new GoModCacheCheckSettings
    {
        ModCacheSizeLimit = Argument("mod-cache-limit", "2 KiB"),
        MinFreeSpace = "1%",
        Action = Argument("limit-action", GoCacheLimitAction.Prune),
        ReportMarkdown = sampleDir.CombineWithFilePath("artifacts/cache-check.md"),
    }));
    Information("Limits held when checked: {0}; done: {1}", check.WithinLimits, string.Join(", ", check.Done));
});

Task("Prune")
    .Description("Fill the module cache with every version the proxy folder has, then prune what the service does not need (dry run first).")
    .Does(() =>
{
    // An older version the service does not use; go.sum has no line for it, and the sample is offline:
    // no checksum database for this one download (the proxy folder is the sample's own).
    GoModDownload(WithSampleGo(new GoModDownloadSettings { Modules = { "example.com/greetings@v1.0.0" }, GoSumDb = "off" }));
    GoModDownload(WithSampleGo(new GoModDownloadSettings()));
    var prune = WithSampleGo(new GoModCachePruneSettings { DryRun = true, ReportJson = sampleDir.CombineWithFilePath("artifacts/prune.json") });
    prune.KeepProjects.Add(serviceDir.FullPath);
    GoModCachePrune(prune);
    prune.DryRun = false;
    var report = GoModCachePrune(prune);
    Information("Pruned {0} version(s), freed {1} bytes; {2} left.", report.Removed.Count, report.BytesFreed, report.VersionsAfter);
});

Task("CacheKey")
    .Description("Compute the CI cache keys (module cache: every go.sum; build cache: also the Go sources) and publish them as step outputs / variables.")
    .Does(() =>
{
    var key = GoModCacheKey(WithSampleGo(new GoModCacheKeySettings { Root = sampleDir }));
    Information("key: {0}", key.Key);
    Information("restore key: {0}", key.RestoreKey);
    Information("build cache key: {0}; restore keys: {1}", key.BuildCache.Key, string.Join(", ", key.BuildCache.RestoreKeys));
    Information("standard library cache key: {0} (exact hits only)", key.StdCache.Key);
});

// The CI cache lifecycle: CacheKey, the CI's restore, CacheRestored, CiBuild, CachePrepareForSave, the CI's save
// (see ci/ for GitHub Actions, Azure Pipelines and GitLab).
Task("CacheRestored")
    .Description("Right after the CI's cache restore: record what the caches hold.")
    .Does(() =>
{
    // StdCache: the compiled standard library comes from its own CI cache (ci/*.yml restore .go/build-cache-std).
    var restored = GoCacheRestored(WithSampleGo(new GoCacheRestoredSettings { StdCache = true }));
    Information("restored {0} module versions and {1} build cache entries", restored.ModuleVersions.Count, restored.BuildEntries);
});

Task("CiBuild")
    .Description("Build and test the Go service, keeping the caches for the CI's save.")
    .Does(() =>
{
    GoBuild(WithSampleGo(new GoBuildSettings { Output = output, TrimPath = true }));
    GoTest(WithSampleGo(new GoTestSettings()));
});

Task("CachePrepareForSave")
    .Description("Right before the CI's cache save: prune the module cache to what the service needs, trim the build cache to what this job used, say whether to save.")
    .Does(() =>
{
    var prepare = WithSampleGo(new GoCachePrepareForSaveSettings { ReportMarkdown = sampleDir.CombineWithFilePath("artifacts/cache-save.md"), StdCache = true });
    prepare.KeepProjects.Add(serviceDir.FullPath);
    // The ways CiBuild compiled the standard library: GoBuild with -trimpath, GoTest without it.
    prepare.StdBuildFlags.Add("-trimpath");
    prepare.StdBuildFlags.Add("-test");
    var save = GoCachePrepareForSave(prepare);
    Information("save needed: {0} (module cache {1}, build cache {2}, standard library cache {3}); {4} + {5} + {6} bytes", save.SaveNeeded, save.ModCacheSaveNeeded, save.BuildCacheSaveNeeded, save.StdCacheSaveNeeded, save.ModCacheBytes, save.BuildCacheBytes, save.StdCacheBytes);
});

Task("ExportProxy")
    .Description("Write what the Go service needs from the module cache into artifacts/goproxy (an offline module proxy).")
    .Does(() =>
{
    var export = GoModExportProxy(WithSampleGo(new GoModExportProxySettings { OutputDirectory = sampleDir.Combine("artifacts/goproxy") }));
    Information("{0} module versions, {1} bytes: GOPROXY={2}", export.Modules.Count, export.Size.Bytes, export.GoProxyUrl);
});

Task("DotNet")
    .Description("Build the .NET project, whose GoModCache.MSBuild package builds the Go service inside 'dotnet build' and cleans the module cache after it.")
    .Does(() =>
{
    var project = sampleDir.CombineWithFilePath("dotnet/Polyglot.Host/Polyglot.Host.csproj");
    DotNetBuild(project.FullPath, new DotNetBuildSettings { Configuration = "Release" });
    DotNetRun(project.FullPath, new DotNetRunSettings { Configuration = "Release", NoBuild = true });
});

Task("Default")
    .IsDependentOn("Build")
    .IsDependentOn("DotNet");

RunTarget(target);
