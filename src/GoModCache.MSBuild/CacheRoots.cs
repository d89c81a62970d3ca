using System;
using System.Collections.Generic;
using System.IO;
using GoCaches;
using GoCaches.Eviction;
using GoCaches.Go;

namespace GoModCache.MSBuild;

/// <summary>Where Go's caches are: given by the caller, or read once from <c>go env</c> through the engine.</summary>
internal sealed class CacheRoots
{
    private CacheRoots(string? modCache, string? buildCache, IReadOnlyList<string> goPathEntries)
    {
        ModCache = modCache;
        BuildCache = buildCache;
        GoPathEntries = goPathEntries;
    }

    /// <summary>Gets the module cache root (<c>GOMODCACHE</c>), or null when it was not asked for.</summary>
    public string? ModCache { get; }

    /// <summary>Gets the build cache root (<c>GOCACHE</c>), or null when the build cache is off or was not asked for.</summary>
    public string? BuildCache { get; }

    /// <summary>
    /// Gets the <c>GOPATH</c> entries, for <see cref="CacheRootGuard"/>: from <c>go env</c> when it ran, else from a
    /// <c>GOPATH</c> among the variables given or in this process's environment (empty when none is set).
    /// </summary>
    public IReadOnlyList<string> GoPathEntries { get; }

    /// <summary>Finds the caches. Runs <c>go env</c> only when a root that is needed was not given.</summary>
    /// <param name="modCacheRoot">The module cache root, or empty to ask go.</param>
    /// <param name="buildCacheRoot">The build cache root, or empty to ask go.</param>
    /// <param name="needModCache">Whether the module cache root is needed at all.</param>
    /// <param name="needBuildCache">Whether the build cache root is needed at all.</param>
    /// <param name="goExecutable">The go command, or empty to search PATH then GOROOT.</param>
    /// <param name="environmentVariables"><c>NAME=value</c> pairs for go.</param>
    /// <param name="workingDirectory">Where go runs, or empty for the current directory.</param>
    /// <returns>The roots.</returns>
    /// <exception cref="GoModCacheException">go was not found or failed, or a root is not absolute.</exception>
    public static CacheRoots Locate(string? modCacheRoot, string? buildCacheRoot, bool needModCache, bool needBuildCache, string? goExecutable, string[]? environmentVariables, string? workingDirectory)
    {
        var mod = needModCache && !string.IsNullOrWhiteSpace(modCacheRoot) ? Path.GetFullPath(modCacheRoot) : null;
        var build = needBuildCache && !string.IsNullOrWhiteSpace(buildCacheRoot) ? Path.GetFullPath(buildCacheRoot) : null;
        var environment = ParseEnvironment(environmentVariables);
        if ((mod != null || !needModCache) && (build != null || !needBuildCache))
        {
            var goPath = environment.TryGetValue("GOPATH", out var given) ? given : Environment.GetEnvironmentVariable("GOPATH");
            return new CacheRoots(mod, build, (goPath ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        }

        var go = GoCommand.Locate(string.IsNullOrWhiteSpace(goExecutable) ? null : goExecutable, environment, string.IsNullOrWhiteSpace(workingDirectory) ? null : workingDirectory);
        var env = GoEnvironment.Load(go);
        return new CacheRoots(needModCache ? mod ?? env.GoModCache : null, needBuildCache ? build ?? env.GoCache : null, env.GoPathEntries);
    }

    /// <summary>Parses MSBuild's <c>NAME=value</c> list (as <c>ToolTask.EnvironmentVariables</c> takes it).</summary>
    /// <param name="pairs">The pairs; an entry without '=' is ignored.</param>
    /// <returns>The variables.</returns>
    public static Dictionary<string, string?> ParseEnvironment(string[]? pairs)
    {
        var result = new Dictionary<string, string?>(OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        foreach (var pair in pairs ?? [])
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                result[pair[..eq].Trim()] = pair[(eq + 1)..];
            }
        }

        return result;
    }
}
