using System.Collections.Generic;
using Cake.Core.Tooling;

namespace Cake.GoModCache;

/// <summary>
/// Settings every go command shares: Go's environment as typed properties (each becomes an environment
/// variable of the go process when set), on top of Cake's <see cref="ToolSettings"/>
/// (<c>ToolPath</c>, <c>WorkingDirectory</c>, <c>EnvironmentVariables</c>, …).
/// </summary>
public abstract class GoSettings : ToolSettings
{
    /// <summary>Gets or sets <c>GOOS</c>, the target operating system (e.g. <c>linux</c>, <c>windows</c>).</summary>
    public string? GoOS { get; set; }

    /// <summary>Gets or sets <c>GOARCH</c>, the target architecture (e.g. <c>amd64</c>, <c>arm64</c>).</summary>
    public string? GoArch { get; set; }

    /// <summary>Gets or sets <c>CGO_ENABLED</c>: true → 1, false → 0, null → Go's default.</summary>
    public bool? CgoEnabled { get; set; }

    /// <summary>Gets or sets <c>GOFLAGS</c>, flags Go applies to every command (e.g. <c>-mod=readonly</c>).</summary>
    public string? GoFlags { get; set; }

    /// <summary>Gets or sets <c>GOMODCACHE</c>, the module cache directory (absolute).</summary>
    public string? GoModCache { get; set; }

    /// <summary>Gets or sets <c>GOCACHE</c>, the build cache directory (absolute).</summary>
    public string? GoCache { get; set; }

    /// <summary>Gets or sets <c>GOPATH</c>.</summary>
    public string? GoPath { get; set; }

    /// <summary>Gets or sets <c>GOTOOLCHAIN</c> (Go 1.21+; e.g. <c>local</c> to never switch toolchains).</summary>
    public string? GoToolchain { get; set; }

    /// <summary>
    /// Gets or sets <c>GOPROXY</c> (e.g. <c>https://proxy.golang.org,direct</c>, <c>file:///path</c>, <c>off</c>).
    /// </summary>
    /// <remarks>
    /// A URL may carry credentials (<c>https://user:token@host</c>): they never appear in a log line, a report, an
    /// exported file or an exception message of this addin (Go's own output is masked too).
    /// </remarks>
    public string? GoProxy { get; set; }

    /// <summary>Gets or sets <c>GOSUMDB</c>, the checksum database (e.g. <c>sum.golang.org</c>, <c>off</c>).</summary>
    public string? GoSumDb { get; set; }

    /// <summary>
    /// Gets or sets <c>GOPRIVATE</c>: comma-separated module path patterns (e.g. <c>git.corp.example/*</c>) that are
    /// private: fetched directly, never through the proxy, and not checked against the checksum database. It is the
    /// default of <see cref="GoNoProxy"/> and <see cref="GoNoSumDb"/>.
    /// </summary>
    public string? GoPrivate { get; set; }

    /// <summary>Gets or sets <c>GONOSUMDB</c>: module path patterns the checksum database is not asked about (default: <see cref="GoPrivate"/>).</summary>
    public string? GoNoSumDb { get; set; }

    /// <summary>Gets or sets <c>GONOPROXY</c>: module path patterns fetched directly from their repositories, not through <c>GOPROXY</c> (default: <see cref="GoPrivate"/>).</summary>
    public string? GoNoProxy { get; set; }

    /// <summary>Gets or sets <c>GOINSECURE</c>: module path patterns that may be fetched over plain HTTP or without certificate checks.</summary>
    public string? GoInsecure { get; set; }

    /// <summary>
    /// Gets the environment variables the typed properties stand for; they are applied after (and so win
    /// over) <see cref="ToolSettings.EnvironmentVariables"/>.
    /// </summary>
    /// <returns>The variables that are set.</returns>
    public IDictionary<string, string> GetGoEnvironment()
    {
        var env = new Dictionary<string, string>(System.StringComparer.Ordinal);
        void Set(string name, string? value)
        {
            if (value != null)
            {
                env[name] = value;
            }
        }

        Set("GOOS", GoOS);
        Set("GOARCH", GoArch);
        Set("CGO_ENABLED", CgoEnabled switch { true => "1", false => "0", null => null });
        Set("GOFLAGS", GoFlags);
        Set("GOPROXY", GoProxy);
        Set("GOMODCACHE", GoModCache);
        Set("GOCACHE", GoCache);
        Set("GOPATH", GoPath);
        Set("GOTOOLCHAIN", GoToolchain);
        Set("GOSUMDB", GoSumDb);
        Set("GOPRIVATE", GoPrivate);
        Set("GONOSUMDB", GoNoSumDb);
        Set("GONOPROXY", GoNoProxy);
        Set("GOINSECURE", GoInsecure);
        return env;
    }

    /// <summary>Copies the shared settings (tool and Go environment) to another settings object.</summary>
    /// <typeparam name="T">The other settings type.</typeparam>
    /// <param name="other">The settings to fill.</param>
    /// <returns><paramref name="other"/>.</returns>
    public T CopyGoSettingsTo<T>(T other)
        where T : GoSettings
    {
        System.ArgumentNullException.ThrowIfNull(other);
        other.ToolPath = ToolPath;
        other.ToolTimeout = ToolTimeout;
        other.WorkingDirectory = WorkingDirectory;
        other.NoWorkingDirectory = NoWorkingDirectory;
        foreach (var pair in EnvironmentVariables)
        {
            other.EnvironmentVariables[pair.Key] = pair.Value;
        }

        other.GoOS = GoOS;
        other.GoArch = GoArch;
        other.CgoEnabled = CgoEnabled;
        other.GoFlags = GoFlags;
        other.GoProxy = GoProxy;
        other.GoModCache = GoModCache;
        other.GoCache = GoCache;
        other.GoPath = GoPath;
        other.GoToolchain = GoToolchain;
        other.GoSumDb = GoSumDb;
        other.GoPrivate = GoPrivate;
        other.GoNoSumDb = GoNoSumDb;
        other.GoNoProxy = GoNoProxy;
        other.GoInsecure = GoInsecure;
        return other;
    }
}
