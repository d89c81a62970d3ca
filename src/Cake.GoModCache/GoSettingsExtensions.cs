using System;

namespace Cake.GoModCache;

/// <summary>Fluent setters for the Go environment shared by every go command's settings.</summary>
public static class GoSettingsExtensions
{
    /// <summary>Sets <c>GOOS</c>.</summary>
    /// <typeparam name="T">The settings type.</typeparam>
    /// <param name="settings">The settings.</param>
    /// <param name="goos">The target operating system.</param>
    /// <returns>The same settings.</returns>
    public static T WithGoOS<T>(this T settings, string goos)
        where T : GoSettings => Set(settings, s => s.GoOS = goos);

    /// <summary>Sets <c>GOARCH</c>.</summary>
    /// <typeparam name="T">The settings type.</typeparam>
    /// <param name="settings">The settings.</param>
    /// <param name="goarch">The target architecture.</param>
    /// <returns>The same settings.</returns>
    public static T WithGoArch<T>(this T settings, string goarch)
        where T : GoSettings => Set(settings, s => s.GoArch = goarch);

    /// <summary>Sets <c>CGO_ENABLED</c>.</summary>
    /// <typeparam name="T">The settings type.</typeparam>
    /// <param name="settings">The settings.</param>
    /// <param name="enabled">Whether cgo is enabled.</param>
    /// <returns>The same settings.</returns>
    public static T WithCgo<T>(this T settings, bool enabled)
        where T : GoSettings => Set(settings, s => s.CgoEnabled = enabled);

    /// <summary>Sets <c>GOFLAGS</c>.</summary>
    /// <typeparam name="T">The settings type.</typeparam>
    /// <param name="settings">The settings.</param>
    /// <param name="goflags">The flags.</param>
    /// <returns>The same settings.</returns>
    public static T WithGoFlags<T>(this T settings, string goflags)
        where T : GoSettings => Set(settings, s => s.GoFlags = goflags);

    /// <summary>Sets <c>GOPROXY</c>.</summary>
    /// <typeparam name="T">The settings type.</typeparam>
    /// <param name="settings">The settings.</param>
    /// <param name="goproxy">The proxy list.</param>
    /// <returns>The same settings.</returns>
    public static T WithGoProxy<T>(this T settings, string goproxy)
        where T : GoSettings => Set(settings, s => s.GoProxy = goproxy);

    /// <summary>Sets <c>GOMODCACHE</c>.</summary>
    /// <typeparam name="T">The settings type.</typeparam>
    /// <param name="settings">The settings.</param>
    /// <param name="directory">The module cache directory (absolute).</param>
    /// <returns>The same settings.</returns>
    public static T WithGoModCache<T>(this T settings, string directory)
        where T : GoSettings => Set(settings, s => s.GoModCache = directory);

    /// <summary>Sets <c>GOCACHE</c>.</summary>
    /// <typeparam name="T">The settings type.</typeparam>
    /// <param name="settings">The settings.</param>
    /// <param name="directory">The build cache directory (absolute).</param>
    /// <returns>The same settings.</returns>
    public static T WithGoCache<T>(this T settings, string directory)
        where T : GoSettings => Set(settings, s => s.GoCache = directory);

    /// <summary>Sets <c>GOPATH</c>.</summary>
    /// <typeparam name="T">The settings type.</typeparam>
    /// <param name="settings">The settings.</param>
    /// <param name="gopath">The GOPATH.</param>
    /// <returns>The same settings.</returns>
    public static T WithGoPath<T>(this T settings, string gopath)
        where T : GoSettings => Set(settings, s => s.GoPath = gopath);

    /// <summary>Sets <c>GOTOOLCHAIN</c>.</summary>
    /// <typeparam name="T">The settings type.</typeparam>
    /// <param name="settings">The settings.</param>
    /// <param name="toolchain">The toolchain setting, e.g. <c>local</c>.</param>
    /// <returns>The same settings.</returns>
    public static T WithGoToolchain<T>(this T settings, string toolchain)
        where T : GoSettings => Set(settings, s => s.GoToolchain = toolchain);

    /// <summary>Sets <c>GOSUMDB</c>.</summary>
    /// <typeparam name="T">The settings type.</typeparam>
    /// <param name="settings">The settings.</param>
    /// <param name="sumdb">The checksum database, e.g. <c>sum.golang.org</c> or <c>off</c>.</param>
    /// <returns>The same settings.</returns>
    public static T WithGoSumDb<T>(this T settings, string sumdb)
        where T : GoSettings => Set(settings, s => s.GoSumDb = sumdb);

    /// <summary>Sets <c>GOPRIVATE</c>: module path patterns that are private (neither proxy nor checksum database).</summary>
    /// <typeparam name="T">The settings type.</typeparam>
    /// <param name="settings">The settings.</param>
    /// <param name="patterns">Comma-separated glob patterns, e.g. <c>git.corp.example/*</c>.</param>
    /// <returns>The same settings.</returns>
    public static T WithGoPrivate<T>(this T settings, string patterns)
        where T : GoSettings => Set(settings, s => s.GoPrivate = patterns);

    /// <summary>Sets <c>GONOSUMDB</c>: module path patterns the checksum database is not asked about.</summary>
    /// <typeparam name="T">The settings type.</typeparam>
    /// <param name="settings">The settings.</param>
    /// <param name="patterns">Comma-separated glob patterns.</param>
    /// <returns>The same settings.</returns>
    public static T WithGoNoSumDb<T>(this T settings, string patterns)
        where T : GoSettings => Set(settings, s => s.GoNoSumDb = patterns);

    /// <summary>Sets <c>GONOPROXY</c>: module path patterns fetched directly from their repositories, not through <c>GOPROXY</c>.</summary>
    /// <typeparam name="T">The settings type.</typeparam>
    /// <param name="settings">The settings.</param>
    /// <param name="patterns">Comma-separated glob patterns.</param>
    /// <returns>The same settings.</returns>
    public static T WithGoNoProxy<T>(this T settings, string patterns)
        where T : GoSettings => Set(settings, s => s.GoNoProxy = patterns);

    /// <summary>Sets <c>GOINSECURE</c>: module path patterns that may be fetched over HTTP or HTTPS without certificate checks.</summary>
    /// <typeparam name="T">The settings type.</typeparam>
    /// <param name="settings">The settings.</param>
    /// <param name="patterns">Comma-separated glob patterns.</param>
    /// <returns>The same settings.</returns>
    public static T WithGoInsecure<T>(this T settings, string patterns)
        where T : GoSettings => Set(settings, s => s.GoInsecure = patterns);

    private static T Set<T>(T settings, Action<T> set)
        where T : GoSettings
    {
        ArgumentNullException.ThrowIfNull(settings);
        set(settings);
        return settings;
    }
}
