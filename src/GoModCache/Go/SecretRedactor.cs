using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace GoCaches.Go;

/// <summary>
/// Keeps credentials out of every line a front end logs, every report and every exception message: the
/// user information of any URL (<c>https://user:token@host</c> → <c>https://xxxxx@host</c>; Go itself
/// redacts only the password and prints a token given as the user name), and the literal credentials found
/// in the variables Go reads them from (<c>GOPROXY</c>, <c>GOSUMDB</c>, <c>GOAUTH</c>, the HTTP proxy
/// variables) and in the <c>.netrc</c> file Go reads (<c>NETRC</c>, else <c>~/.netrc</c>, <c>_netrc</c> on
/// Windows).
/// </summary>
public sealed partial class SecretRedactor
{
    /// <summary>The text that stands in for a credential.</summary>
    public const string Mask = "xxxxx";

    private static readonly string[] UrlVariables = ["GOPROXY", "GOSUMDB", "GOAUTH", "HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"];

    private readonly string[] _secrets;

    private SecretRedactor(IEnumerable<string> secrets)
    {
        // Longest first, so that a secret containing another one is masked whole.
        _secrets = [.. secrets.Where(s => s.Length >= 4).Distinct(StringComparer.Ordinal).OrderByDescending(s => s.Length)];
    }

    /// <summary>Gets a redactor that masks only URL user information (no known literal secrets).</summary>
    public static SecretRedactor UrlsOnly { get; } = new([]);

    /// <summary>Gets the number of literal secrets this redactor knows.</summary>
    public int KnownSecrets => _secrets.Length;

    /// <summary>Builds the redactor for a go process's environment.</summary>
    /// <param name="getenv">Reads a variable as the go process sees it (overrides first, then the process environment).</param>
    /// <returns>The redactor.</returns>
    public static SecretRedactor For(Func<string, string?> getenv)
    {
        ArgumentNullException.ThrowIfNull(getenv);
        var secrets = new List<string>();
        foreach (var name in UrlVariables)
        {
            if (getenv(name) is { Length: > 0 } value)
            {
                secrets.AddRange(UserInfoSecrets(value));
            }
        }

        if (NetrcPath(getenv) is { } netrc)
        {
            secrets.AddRange(NetrcSecrets(netrc));
        }

        return new SecretRedactor(secrets);
    }

    /// <summary>Builds the redactor for the given overrides on top of this process's environment.</summary>
    /// <param name="overrides">Variables set (or, with a null value, removed) for the go process.</param>
    /// <returns>The redactor.</returns>
    public static SecretRedactor For(IReadOnlyDictionary<string, string?>? overrides) =>
        For(name => overrides != null && overrides.TryGetValue(name, out var value) ? value : Environment.GetEnvironmentVariable(name));

    /// <summary>Masks every credential in a text.</summary>
    /// <param name="text">The text (a line of Go's output, a message, a report).</param>
    /// <returns>The text with URL user information and known secrets masked.</returns>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(text))]
    public string? Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        var result = UserInfo().Replace(text, m => m.Groups["scheme"].Value + Mask + "@");
        foreach (var secret in _secrets)
        {
            result = result.Replace(secret, Mask, StringComparison.Ordinal);
        }

        return result;
    }

    /// <summary>Masks every credential in each line.</summary>
    /// <param name="lines">The lines.</param>
    /// <returns>The masked lines.</returns>
    public IReadOnlyList<string> Redact(IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        return [.. lines.Select(l => Redact(l))];
    }

    private static IEnumerable<string> UserInfoSecrets(string value)
    {
        foreach (Match m in UserInfo().Matches(value))
        {
            var userInfo = Uri.UnescapeDataString(m.Groups["userinfo"].Value);
            var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
            yield return m.Groups["userinfo"].Value;
            if (colon < 0)
            {
                // A token given as the user name (https://TOKEN@host).
                yield return userInfo;
            }
            else
            {
                yield return userInfo[(colon + 1)..];
                if (colon >= 8)
                {
                    // A long user name is a token as often as a name (https://TOKEN:x-oauth-basic@host).
                    yield return userInfo[..colon];
                }
            }
        }
    }

    private static string? NetrcPath(Func<string, string?> getenv)
    {
        if (getenv("NETRC") is { Length: > 0 } explicitPath)
        {
            return explicitPath;
        }

        var home = getenv(OperatingSystem.IsWindows() ? "USERPROFILE" : "HOME");
        return string.IsNullOrEmpty(home) ? null : Path.Combine(home, OperatingSystem.IsWindows() ? "_netrc" : ".netrc");
    }

    private static List<string> NetrcSecrets(string path)
    {
        var secrets = new List<string>();
        string text;
        try
        {
            if (!File.Exists(path))
            {
                return secrets;
            }

            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return secrets;
        }

        // Go's netrc reader: whitespace-separated tokens; "password" (and "account") are followed by a secret.
        var tokens = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i + 1 < tokens.Length; i++)
        {
            if (tokens[i] is "password" or "account")
            {
                secrets.Add(tokens[i + 1]);
            }
        }

        return secrets;
    }

    [GeneratedRegex(@"(?<scheme>\b[A-Za-z][A-Za-z0-9+.\-]*://)(?<userinfo>[^\s/@""'<>]+)@", RegexOptions.CultureInvariant)]
    private static partial Regex UserInfo();
}
