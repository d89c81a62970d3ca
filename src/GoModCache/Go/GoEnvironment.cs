using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace GoCaches.Go;

/// <summary>
/// A typed view of <c>go env -json</c> (the variables in <see cref="Variables"/>), read once. Paths the engine relies on are checked: a cache path
/// that is empty or not absolute is an error that names the variable, as Go itself refuses such values
/// when it builds.
/// </summary>
public sealed class GoEnvironment
{
    private readonly IReadOnlyDictionary<string, string> _values;

    private GoEnvironment(string goExecutable, IReadOnlyDictionary<string, string> values)
    {
        GoExecutable = goExecutable;
        _values = values;
        GoModCache = RequireAbsolute("GOMODCACHE");
        GoRoot = RequireAbsolute("GOROOT");
        var gocache = Get("GOCACHE");
        GoCache = string.Equals(gocache, "off", StringComparison.Ordinal) ? null : RequireAbsolute("GOCACHE");
        GoPath = Get("GOPATH");
        foreach (var entry in GoPathEntries)
        {
            if (!Path.IsPathFullyQualified(entry))
            {
                throw new GoModCacheException($"GOPATH entry '{entry}' is not an absolute path; Go refuses it too ('GOPATH entry is relative; must be absolute path'). Set GOPATH to absolute paths.");
            }
        }
    }

    /// <summary>The variables <see cref="Load"/> asks Go for (a Go that predates one prints it empty).</summary>
    public static IReadOnlyList<string> Variables { get; } =
    [
        "GOMODCACHE", "GOCACHE", "GOPATH", "GOROOT", "GOFLAGS", "GOVERSION", "GOTOOLCHAIN", "GOPROXY",
        "GOPRIVATE", "GONOPROXY", "GONOSUMDB", "GOSUMDB", "GOINSECURE", "GOOS", "GOARCH", "GOHOSTOS",
        "GOHOSTARCH", "GOEXE", "GOMOD", "GOWORK", "GOENV", "GO111MODULE", "CGO_ENABLED",
        "GOEXPERIMENT", "GOAMD64", "GOARM", "GOARM64", "GO386", "GOMIPS", "GOMIPS64", "GOPPC64", "GORISCV64", "GOWASM", "CC",
    ];

    /// <summary>Gets the go command these values came from.</summary>
    public string GoExecutable { get; }

    /// <summary>Gets <c>GOMODCACHE</c>: the module cache root (absolute).</summary>
    public string GoModCache { get; }

    /// <summary>Gets <c>GOCACHE</c>: the build cache root (absolute), or null when the build cache is off (<c>GOCACHE=off</c>).</summary>
    public string? GoCache { get; }

    /// <summary>Gets a value indicating whether the build cache is switched off (<c>GOCACHE=off</c>).</summary>
    public bool BuildCacheDisabled => GoCache == null;

    /// <summary>Gets <c>GOPATH</c> as Go prints it (a list separated by the platform's path-list separator).</summary>
    public string GoPath { get; }

    /// <summary>Gets the entries of <c>GOPATH</c>.</summary>
    public IReadOnlyList<string> GoPathEntries => GoPath.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Gets <c>GOROOT</c>.</summary>
    public string GoRoot { get; }

    /// <summary>Gets <c>GOFLAGS</c>.</summary>
    public string GoFlags => Get("GOFLAGS");

    /// <summary>Gets <c>GOVERSION</c>, e.g. <c>go1.23.5</c>.</summary>
    public string GoVersion => Get("GOVERSION");

    /// <summary>Gets the Go version as a <see cref="Version"/> (<c>go1.23.5</c> → 1.23.5), or null when it does not parse (a development build).</summary>
    public Version? ParsedGoVersion => ParseGoVersion(GoVersion);

    /// <summary>Gets <c>GOTOOLCHAIN</c> (empty before Go 1.21).</summary>
    public string GoToolchain => Get("GOTOOLCHAIN");

    /// <summary>Gets <c>GOPROXY</c>.</summary>
    public string GoProxy => Get("GOPROXY");

    /// <summary>Gets <c>GOPRIVATE</c>.</summary>
    public string GoPrivate => Get("GOPRIVATE");

    /// <summary>Gets <c>GONOSUMDB</c>.</summary>
    public string GoNoSumDb => Get("GONOSUMDB");

    /// <summary>Gets <c>GOSUMDB</c>.</summary>
    public string GoSumDb => Get("GOSUMDB");

    /// <summary>Gets <c>GOOS</c>.</summary>
    public string GoOS => Get("GOOS");

    /// <summary>Gets <c>GOARCH</c>.</summary>
    public string GoArch => Get("GOARCH");

    /// <summary>Gets <c>GOMOD</c>: the main module's go.mod, <c>/dev/null</c> (NUL) outside a module, or empty in GOPATH mode.</summary>
    public string GoMod => Get("GOMOD");

    /// <summary>Gets <c>GOWORK</c>: the go.work in use, or empty.</summary>
    public string GoWork => Get("GOWORK");

    /// <summary>Gets every variable <c>go env -json</c> printed.</summary>
    public IReadOnlyDictionary<string, string> Values => _values;

    /// <summary>Runs <c>go env -json</c> once and returns the typed view.</summary>
    /// <param name="go">The go command (its environment overrides and working directory apply).</param>
    /// <returns>The environment.</returns>
    /// <exception cref="GoModCacheException">Go failed, printed something that is not JSON, or a cache path is missing or relative.</exception>
    public static GoEnvironment Load(GoCommand go)
    {
        ArgumentNullException.ThrowIfNull(go);
        // Named variables only: a bare 'go env -json' also works out the costly ones (it runs the C
        // compiler and, from Go 1.21 on, needs the build cache), which the engine never reads.
        string[] args = ["env", "-json", .. Variables];
        var result = go.Run(args);
        if (!result.Succeeded)
        {
            throw new GoModCacheException("Could not read Go's environment: " + go.Describe(args, result));
        }

        var requested = go.Environment.TryGetValue("GOCACHE", out var value) ? value : System.Environment.GetEnvironmentVariable("GOCACHE");
        return Parse(go.Executable, result.StandardOutput, requested);
    }

    /// <summary>Builds the typed view from the JSON that <c>go env -json</c> printed.</summary>
    /// <param name="goExecutable">The go command that printed it.</param>
    /// <param name="json">The JSON object.</param>
    /// <param name="requestedGoCache">The GOCACHE value go ran with, if known: Go prints <c>off</c> both when the
    /// build cache is switched off and when it rejected a relative path, and only this tells the two apart.</param>
    /// <returns>The environment.</returns>
    /// <exception cref="GoModCacheException">The text is not a JSON object of strings, or a cache path is missing or relative.</exception>
    public static GoEnvironment Parse(string goExecutable, string json, string? requestedGoCache = null)
    {
        Dictionary<string, string>? values;
        try
        {
            values = JsonSerializer.Deserialize<Dictionary<string, string>>(json);
        }
        catch (JsonException ex)
        {
            throw new GoModCacheException($"'{goExecutable} env -json' printed something that is not a JSON object of strings: {ex.Message}", ex);
        }

        if (values == null)
        {
            throw new GoModCacheException($"'{goExecutable} env -json' printed no JSON object.");
        }

        var environment = new GoEnvironment(goExecutable, values);
        if (environment.BuildCacheDisabled && !string.IsNullOrEmpty(requestedGoCache) && !string.Equals(requestedGoCache, "off", StringComparison.Ordinal))
        {
            throw new GoModCacheException($"GOCACHE '{requestedGoCache}' is not an absolute path; Go ignores it and every build fails ('GOCACHE is not an absolute path'). Set GOCACHE to an absolute path.");
        }

        return environment;
    }

    /// <summary>Gets a variable's value, or the empty string when Go did not print it.</summary>
    /// <param name="name">The variable name, e.g. <c>GOAMD64</c>.</param>
    /// <returns>The value.</returns>
    public string Get(string name) => _values.TryGetValue(name, out var value) ? value : string.Empty;

    internal static Version? ParseGoVersion(string goVersion)
    {
        if (!goVersion.StartsWith("go", StringComparison.Ordinal))
        {
            return null;
        }

        var digits = new string(goVersion.AsSpan(2).ToArray().TakeWhile(c => char.IsDigit(c) || c == '.').ToArray()).TrimEnd('.');
        var parts = digits.Split('.');
        if (parts.Length == 2)
        {
            digits += ".0";
        }

        return Version.TryParse(digits, out var version) ? version : null;
    }

    private string RequireAbsolute(string name)
    {
        var value = Get(name);
        if (value.Length == 0)
        {
            throw new GoModCacheException($"{name} is empty in '{GoExecutable} env': Go could not work out where it goes (is HOME or GOPATH set?). Set {name} to an absolute path.");
        }

        if (!Path.IsPathFullyQualified(value))
        {
            throw new GoModCacheException($"{name} '{value}' is not an absolute path; Go refuses it when it builds ('{name} entry is relative; must be absolute path'). Set {name} to an absolute path.");
        }

        return value;
    }
}
