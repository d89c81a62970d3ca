using System;
using System.Collections.Generic;
using System.IO;

namespace GoCaches.Leases;

/// <summary>
/// Where a go command's caches are, worked out from its environment variables the way Go does it, without running
/// go: <c>GOMODCACHE</c>, else the go env file's <c>GOMODCACHE</c>, else the first <c>GOPATH</c> entry (or
/// <c>$HOME/go</c>) + <c>/pkg/mod</c>; <c>GOCACHE</c>, else the go env file's, else the user cache directory +
/// <c>/go-build</c> (<c>off</c>: none). Used for processes this project did not start (<c>/proc</c>).
/// </summary>
internal static class GoCacheLocations
{
    /// <summary>Resolves both cache roots.</summary>
    /// <param name="getenv">The process's variables.</param>
    /// <returns>The module cache and build cache roots, normalized; null where unknown or off.</returns>
    public static (string? ModCache, string? BuildCache) Resolve(Func<string, string?> getenv)
    {
        Dictionary<string, string>? envFile = null;
        string? Get(string name)
        {
            var value = getenv(name);
            if (!string.IsNullOrEmpty(value))
            {
                return value;
            }

            envFile ??= ReadEnvFile(getenv);
            return envFile.TryGetValue(name, out var fromFile) && fromFile.Length > 0 ? fromFile : null;
        }

        var home = getenv(OperatingSystem.IsWindows() ? "USERPROFILE" : "HOME");
        string? mod = Get("GOMODCACHE");
        if (mod == null)
        {
            var goPath = Get("GOPATH");
            var first = goPath?.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries) is { Length: > 0 } entries ? entries[0]
                : string.IsNullOrEmpty(home) ? null : Path.Combine(home, "go");
            mod = first == null ? null : Path.Combine(first, "pkg", "mod");
        }

        var build = Get("GOCACHE");
        if (build == null)
        {
            var userCache = UserCacheDir(getenv, home);
            build = userCache == null ? null : Path.Combine(userCache, "go-build");
        }
        else if (string.Equals(build, "off", StringComparison.Ordinal))
        {
            build = null;
        }

        return (Normalize(mod), Normalize(build));
    }

    /// <summary>Normalizes a cache root for comparison: absolute, no trailing separator; null when not absolute.</summary>
    /// <param name="root">The root.</param>
    /// <returns>The normalized root.</returns>
    public static string? Normalize(string? root)
    {
        if (string.IsNullOrEmpty(root) || !Path.IsPathFullyQualified(root))
        {
            return null;
        }

        return Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
    }

    private static string? UserCacheDir(Func<string, string?> getenv, string? home)
    {
        if (OperatingSystem.IsWindows())
        {
            return getenv("LocalAppData");
        }

        if (OperatingSystem.IsMacOS())
        {
            return string.IsNullOrEmpty(home) ? null : Path.Combine(home, "Library", "Caches");
        }

        var xdg = getenv("XDG_CACHE_HOME");
        return !string.IsNullOrEmpty(xdg) ? xdg : string.IsNullOrEmpty(home) ? null : Path.Combine(home, ".cache");
    }

    private static Dictionary<string, string> ReadEnvFile(Func<string, string?> getenv)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var file = getenv("GOENV");
        if (string.Equals(file, "off", StringComparison.Ordinal))
        {
            return result;
        }

        if (string.IsNullOrEmpty(file))
        {
            var config = OperatingSystem.IsWindows() ? getenv("AppData")
                : OperatingSystem.IsMacOS() ? (getenv("HOME") is { Length: > 0 } h ? Path.Combine(h, "Library", "Application Support") : null)
                : getenv("XDG_CONFIG_HOME") is { Length: > 0 } x ? x
                : getenv("HOME") is { Length: > 0 } home ? Path.Combine(home, ".config") : null;
            if (config == null)
            {
                return result;
            }

            file = Path.Combine(config, "go", "env");
        }

        try
        {
            if (!File.Exists(file))
            {
                return result;
            }

            foreach (var line in File.ReadAllLines(file))
            {
                var eq = line.IndexOf('=', StringComparison.Ordinal);
                if (eq > 0)
                {
                    result[line[..eq].Trim()] = line[(eq + 1)..].Trim();
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }

        return result;
    }
}
