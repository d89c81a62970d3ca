using System;
using Cake.Core.IO;

namespace Cake.GoModCache.Build;

/// <summary>Fluent setters for <see cref="GoBuildSettings"/>.</summary>
public static class GoBuildSettingsExtensions
{
    /// <summary>Adds packages to build.</summary>
    /// <typeparam name="T">The settings type.</typeparam>
    /// <param name="settings">The settings.</param>
    /// <param name="packages">Package patterns, e.g. <c>./cmd/server</c>.</param>
    /// <returns>The same settings.</returns>
    public static T WithPackage<T>(this T settings, params string[] packages)
        where T : GoBuildSettings
    {
        ArgumentNullException.ThrowIfNull(settings);
        foreach (var p in packages)
        {
            settings.Packages.Add(p);
        }

        return settings;
    }

    /// <summary>Sets the output path (<c>-o</c>).</summary>
    /// <typeparam name="T">The settings type.</typeparam>
    /// <param name="settings">The settings.</param>
    /// <param name="output">The output file or directory.</param>
    /// <returns>The same settings.</returns>
    public static T WithOutput<T>(this T settings, FilePath output)
        where T : GoBuildSettings
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Output = output;
        return settings;
    }

    /// <summary>Adds build tags (<c>-tags</c>).</summary>
    /// <typeparam name="T">The settings type.</typeparam>
    /// <param name="settings">The settings.</param>
    /// <param name="tags">The tags.</param>
    /// <returns>The same settings.</returns>
    public static T WithTag<T>(this T settings, params string[] tags)
        where T : GoBuildSettings
    {
        ArgumentNullException.ThrowIfNull(settings);
        foreach (var t in tags)
        {
            settings.Tags.Add(t);
        }

        return settings;
    }

    /// <summary>Sets the linker flags (<c>-ldflags</c>).</summary>
    /// <typeparam name="T">The settings type.</typeparam>
    /// <param name="settings">The settings.</param>
    /// <param name="ldflags">The flags.</param>
    /// <returns>The same settings.</returns>
    public static T WithLdFlags<T>(this T settings, string ldflags)
        where T : GoBuildSettings
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.LdFlags = ldflags;
        return settings;
    }

    /// <summary>Turns on <c>-trimpath</c>.</summary>
    /// <typeparam name="T">The settings type.</typeparam>
    /// <param name="settings">The settings.</param>
    /// <param name="trimPath">Whether to trim paths.</param>
    /// <returns>The same settings.</returns>
    public static T WithTrimPath<T>(this T settings, bool trimPath = true)
        where T : GoBuildSettings
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.TrimPath = trimPath;
        return settings;
    }

    /// <summary>Turns on the race detector (<c>-race</c>).</summary>
    /// <typeparam name="T">The settings type.</typeparam>
    /// <param name="settings">The settings.</param>
    /// <param name="race">Whether to detect races.</param>
    /// <returns>The same settings.</returns>
    public static T WithRace<T>(this T settings, bool race = true)
        where T : GoBuildSettings
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Race = race;
        return settings;
    }

    /// <summary>Sets the module download mode (<c>-mod</c>).</summary>
    /// <typeparam name="T">The settings type.</typeparam>
    /// <param name="settings">The settings.</param>
    /// <param name="mode"><c>readonly</c>, <c>vendor</c> or <c>mod</c>.</param>
    /// <returns>The same settings.</returns>
    public static T WithMod<T>(this T settings, string mode)
        where T : GoBuildSettings
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Mod = mode;
        return settings;
    }
}
