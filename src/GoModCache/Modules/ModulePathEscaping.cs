using System;
using System.Text;

namespace GoCaches.Modules;

/// <summary>
/// Go's case-encoding of module paths and versions in the module cache
/// (<c>golang.org/x/mod/module.EscapePath</c> / <c>UnescapePath</c>): every upper-case ASCII letter
/// becomes <c>!</c> followed by its lower-case form, so that <c>github.com/BurntSushi/toml</c> is stored
/// as <c>github.com/!burnt!sushi/toml</c> on case-insensitive file systems too.
/// </summary>
public static class ModulePathEscaping
{
    /// <summary>Escapes a module path for use in the module cache.</summary>
    /// <param name="path">The module path, e.g. <c>github.com/BurntSushi/toml</c>.</param>
    /// <returns>The escaped path, e.g. <c>github.com/!burnt!sushi/toml</c>.</returns>
    /// <exception cref="ArgumentException">The path is empty or contains <c>!</c> or a character Go does not allow.</exception>
    public static string EscapePath(string path) => Escape(path, "module path", allowSlash: true);

    /// <summary>Escapes a module version for use in the module cache.</summary>
    /// <param name="version">The version, e.g. <c>v1.0.0-RC1</c>.</param>
    /// <returns>The escaped version, e.g. <c>v1.0.0-!r!c1</c>.</returns>
    /// <exception cref="ArgumentException">The version is empty or contains <c>!</c> or <c>/</c>.</exception>
    public static string EscapeVersion(string version) => Escape(version, "version", allowSlash: false);

    /// <summary>Reverses <see cref="EscapePath"/>.</summary>
    /// <param name="escaped">An escaped module path.</param>
    /// <returns>The module path.</returns>
    /// <exception cref="ArgumentException">The text is not a valid escaped path (an upper-case letter, a <c>!</c> not followed by a lower-case letter).</exception>
    public static string UnescapePath(string escaped) => Unescape(escaped, "module path", allowSlash: true);

    /// <summary>Reverses <see cref="EscapeVersion"/>.</summary>
    /// <param name="escaped">An escaped version.</param>
    /// <returns>The version.</returns>
    /// <exception cref="ArgumentException">The text is not a valid escaped version.</exception>
    public static string UnescapeVersion(string escaped) => Unescape(escaped, "version", allowSlash: false);

    /// <summary>Tries <see cref="UnescapePath"/> without throwing.</summary>
    /// <param name="escaped">An escaped module path.</param>
    /// <param name="path">The module path, when the text was valid.</param>
    /// <returns>Whether the text was a valid escaped path.</returns>
    public static bool TryUnescapePath(string escaped, out string path) => TryUnescape(escaped, allowSlash: true, out path);

    /// <summary>Tries <see cref="UnescapeVersion"/> without throwing.</summary>
    /// <param name="escaped">An escaped version.</param>
    /// <param name="version">The version, when the text was valid.</param>
    /// <returns>Whether the text was a valid escaped version.</returns>
    public static bool TryUnescapeVersion(string escaped, out string version) => TryUnescape(escaped, allowSlash: false, out version);

    private static string Escape(string value, string what, bool allowSlash)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length == 0)
        {
            throw new ArgumentException($"The {what} is empty.", nameof(value));
        }

        StringBuilder? sb = null;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '!' || (!allowSlash && c == '/') || !IsAllowed(c))
            {
                throw new ArgumentException($"The {what} '{value}' contains the character '{c}', which Go does not allow there.", nameof(value));
            }

            if (c is >= 'A' and <= 'Z')
            {
                sb ??= new StringBuilder(value, 0, i, value.Length + 8);
                sb.Append('!').Append((char)(c + ('a' - 'A')));
            }
            else
            {
                sb?.Append(c);
            }
        }

        return sb?.ToString() ?? value;
    }

    private static string Unescape(string escaped, string what, bool allowSlash)
    {
        ArgumentNullException.ThrowIfNull(escaped);
        if (!TryUnescape(escaped, allowSlash, out var result))
        {
            throw new ArgumentException($"'{escaped}' is not a valid escaped {what}: it must be non-empty, have no upper-case letters, and every '!' must be followed by a lower-case letter.", nameof(escaped));
        }

        return result;
    }

    private static bool TryUnescape(string escaped, bool allowSlash, out string result)
    {
        result = string.Empty;
        if (string.IsNullOrEmpty(escaped))
        {
            return false;
        }

        StringBuilder? sb = null;
        for (var i = 0; i < escaped.Length; i++)
        {
            var c = escaped[i];
            if (c is >= 'A' and <= 'Z' || (!allowSlash && c == '/') || (c != '!' && !IsAllowed(c)))
            {
                return false;
            }

            if (c == '!')
            {
                if (i + 1 >= escaped.Length || escaped[i + 1] is < 'a' or > 'z')
                {
                    return false;
                }

                sb ??= new StringBuilder(escaped, 0, i, escaped.Length);
                sb.Append((char)(escaped[i + 1] - ('a' - 'A')));
                i++;
            }
            else
            {
                sb?.Append(c);
            }
        }

        result = sb?.ToString() ?? escaped;
        return true;
    }

    // Characters Go accepts in module paths and versions (module.CheckPath / fileNameOK): ASCII letters,
    // digits, and a small set of punctuation. Non-ASCII letters are allowed in file names but not in module
    // paths; they never reach the cache, so rejecting them here keeps the escaping unambiguous.
    private static bool IsAllowed(char c) =>
        c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9'
        || c is '-' or '.' or '_' or '~' or '/' or '+' or '!';
}
