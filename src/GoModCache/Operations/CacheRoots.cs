using System;
using System.Collections.Generic;
using System.IO;
using GoCaches.Eviction;
using GoCaches.Go;
using GoCaches.Inventory;
using GoCaches.Modules;
using GoCaches.Pruning;

namespace GoCaches.Operations;

/// <summary>Where Go's caches are, as an operation needs them: given by the caller, or read from <c>go env</c>.</summary>
public sealed record CacheRoots
{
    /// <summary>Initializes a new instance of the <see cref="CacheRoots"/> class.</summary>
    /// <param name="modCache">The module cache root (<c>GOMODCACHE</c>), absolute, or null when not needed.</param>
    /// <param name="buildCache">The build cache root (<c>GOCACHE</c>), absolute, or null when it is off or not needed.</param>
    /// <param name="goPathEntries">The <c>GOPATH</c> entries, so that the guard refuses GOPATH itself.</param>
    public CacheRoots(string? modCache, string? buildCache, IReadOnlyList<string>? goPathEntries = null)
    {
        ModCache = modCache;
        BuildCache = buildCache;
        GoPathEntries = goPathEntries ?? [];
    }

    /// <summary>Gets the module cache root, or null.</summary>
    public string? ModCache { get; }

    /// <summary>Gets the build cache root, or null when the build cache is off or was not asked for.</summary>
    public string? BuildCache { get; }

    /// <summary>Gets the <c>GOPATH</c> entries (empty when unknown).</summary>
    public IReadOnlyList<string> GoPathEntries { get; }

    /// <summary>Gets the roots of a Go environment.</summary>
    /// <param name="environment">What <c>go env</c> said.</param>
    /// <returns>The roots.</returns>
    public static CacheRoots From(GoEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return new CacheRoots(environment.GoModCache, environment.GoCache, environment.GoPathEntries);
    }

    /// <summary>Finds the caches. Runs <c>go env</c> only when a root that is needed was not given.</summary>
    /// <param name="modCacheRoot">The module cache root, or empty to ask go.</param>
    /// <param name="buildCacheRoot">The build cache root, or empty to ask go.</param>
    /// <param name="needModCache">Whether the module cache root is needed at all.</param>
    /// <param name="needBuildCache">Whether the build cache root is needed at all.</param>
    /// <param name="goExecutable">The go command, or empty to search PATH then GOROOT.</param>
    /// <param name="environment">Variables for go (they win over this process's).</param>
    /// <param name="workingDirectory">Where go runs, or empty for the current directory.</param>
    /// <returns>The roots.</returns>
    /// <exception cref="GoModCacheException">go was not found or failed, or a root is not absolute.</exception>
    public static CacheRoots Locate(string? modCacheRoot, string? buildCacheRoot, bool needModCache, bool needBuildCache, string? goExecutable, IReadOnlyDictionary<string, string?>? environment, string? workingDirectory)
    {
        var mod = needModCache && !string.IsNullOrWhiteSpace(modCacheRoot) ? Path.GetFullPath(modCacheRoot) : null;
        var build = needBuildCache && !string.IsNullOrWhiteSpace(buildCacheRoot) ? Path.GetFullPath(buildCacheRoot) : null;
        environment ??= new Dictionary<string, string?>();
        if ((mod != null || !needModCache) && (build != null || !needBuildCache))
        {
            var goPath = environment.TryGetValue("GOPATH", out var given) ? given : Environment.GetEnvironmentVariable("GOPATH");
            return new CacheRoots(mod, build, (goPath ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        }

        var go = GoCommand.Locate(string.IsNullOrWhiteSpace(goExecutable) ? null : goExecutable, environment, string.IsNullOrWhiteSpace(workingDirectory) ? null : workingDirectory);
        var env = GoEnvironment.Load(go);
        return new CacheRoots(needModCache ? mod ?? env.GoModCache : null, needBuildCache ? build ?? env.GoCache : null, env.GoPathEntries);
    }

    /// <summary>Parses <c>NAME=value</c> pairs (as MSBuild's <c>EnvironmentVariables</c> take them).</summary>
    /// <param name="pairs">The pairs; an entry without '=' is ignored.</param>
    /// <returns>The variables.</returns>
    public static Dictionary<string, string?> ParseEnvironment(IEnumerable<string>? pairs)
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

    internal string RequireModCache(CacheOperation operation) =>
        ModCache ?? throw new GoModCacheException($"The {operation.ToString().ToLowerInvariant()} needs the module cache root (GOMODCACHE).") { ErrorCode = ErrorCodes.CacheUnreadable };
}
