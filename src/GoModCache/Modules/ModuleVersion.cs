using System;
using System.Diagnostics.CodeAnalysis;

namespace GoCaches.Modules;

/// <summary>A module path and version, as Go writes them: <c>github.com/BurntSushi/toml@v1.3.2</c>.</summary>
/// <param name="Path">The module path (not escaped).</param>
/// <param name="Version">The version (not escaped).</param>
public readonly record struct ModuleVersion(string Path, string Version)
{
    /// <summary>Parses <c>path@version</c>.</summary>
    /// <param name="text">The text, e.g. <c>example.com/a@v1.0.0</c>.</param>
    /// <returns>The module version.</returns>
    /// <exception cref="GoModCacheException">The text is not <c>path@version</c> with a valid module path and version.</exception>
    public static ModuleVersion Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!TryParse(text, out var result, out var error))
        {
            throw new GoModCacheException($"'{text}' is not a module version: {error}");
        }

        return result;
    }

    /// <summary>Parses <c>path@version</c> without throwing.</summary>
    /// <param name="text">The text.</param>
    /// <param name="result">The module version, when valid.</param>
    /// <returns>Whether the text was valid.</returns>
    public static bool TryParse(string? text, out ModuleVersion result) => TryParse(text, out result, out _);

    /// <summary>Gets the text Go prints: <c>path@version</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Path + "@" + Version;

    internal static bool TryParse(string? text, out ModuleVersion result, [NotNullWhen(false)] out string? error)
    {
        result = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "it is empty; expected path@version, e.g. example.com/a@v1.0.0.";
            return false;
        }

        var at = text.LastIndexOf('@');
        if (at <= 0 || at == text.Length - 1)
        {
            error = "expected path@version, e.g. example.com/a@v1.0.0.";
            return false;
        }

        var path = text[..at];
        var version = text[(at + 1)..];
        if (CheckPath(path) is { } pathError)
        {
            error = pathError;
            return false;
        }

        if (CheckVersion(version) is { } versionError)
        {
            error = versionError;
            return false;
        }

        result = new ModuleVersion(path, version);
        error = null;
        return true;
    }

    /// <summary>Checks a module path well enough to build cache paths from it safely; returns why not, or null.</summary>
    internal static string? CheckPath(string path)
    {
        if (path.Length == 0)
        {
            return "the module path is empty.";
        }

        foreach (var element in path.Split('/'))
        {
            if (element.Length == 0 || element == "." || element == "..")
            {
                return $"the module path '{path}' has an empty, '.' or '..' element.";
            }
        }

        try
        {
            ModulePathEscaping.EscapePath(path);
        }
        catch (ArgumentException ex)
        {
            return ex.Message;
        }

        return null;
    }

    /// <summary>Checks a version well enough to build cache paths from it safely; returns why not, or null.</summary>
    internal static string? CheckVersion(string version)
    {
        if (version.Length == 0)
        {
            return "the version is empty.";
        }

        if (version == "." || version == ".." || version[0] != 'v')
        {
            return $"the version '{version}' does not start with 'v' (Go versions look like v1.2.3).";
        }

        try
        {
            ModulePathEscaping.EscapeVersion(version);
        }
        catch (ArgumentException ex)
        {
            return ex.Message;
        }

        return null;
    }
}
