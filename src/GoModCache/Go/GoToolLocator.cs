using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;

namespace GoCaches.Go;

/// <summary>Finds the <c>go</c> command: an explicit path, else <c>PATH</c>, else <c>$GOROOT/bin</c>.</summary>
public static class GoToolLocator
{
    /// <summary>The file name of the go command on this operating system (<c>go</c> or <c>go.exe</c>).</summary>
    public static string FileName { get; } = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "go.exe" : "go";

    /// <summary>Finds the go command.</summary>
    /// <param name="explicitPath">A path the user gave; when set it must exist and nothing else is tried.</param>
    /// <param name="environment">Environment to look in (<c>PATH</c>, <c>GOROOT</c>); the process environment when null.</param>
    /// <returns>The full path of the go command.</returns>
    /// <exception cref="GoModCacheException">Go was not found; the message says where it looked and what to install.</exception>
    public static string Find(string? explicitPath = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        if (!string.IsNullOrEmpty(explicitPath))
        {
            var full = Path.GetFullPath(explicitPath);
            if (File.Exists(full))
            {
                return full;
            }

            throw new GoModCacheException($"The Go tool path '{explicitPath}' does not exist.");
        }

        var path = Lookup(environment, "PATH");
        if (!string.IsNullOrEmpty(path))
        {
            foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = Path.Combine(dir.Trim('"'), FileName);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        var goroot = Lookup(environment, "GOROOT");
        if (!string.IsNullOrEmpty(goroot))
        {
            var candidate = Path.Combine(goroot, "bin", FileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new GoModCacheException(
            $"The '{FileName}' command was not found on PATH" + (string.IsNullOrEmpty(goroot) ? string.Empty : $" or in GOROOT/bin ({goroot})") +
            ". Install Go (https://go.dev/doc/install; on Debian or Ubuntu: apt-get install golang-go) or give the path of the go command explicitly.");
    }

    private static string? Lookup(IReadOnlyDictionary<string, string?>? environment, string name)
    {
        if (environment != null)
        {
            foreach (var pair in environment)
            {
                if (string.Equals(pair.Key, name, RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))
                {
                    return pair.Value;
                }
            }

            return null;
        }

        return Environment.GetEnvironmentVariable(name);
    }
}
