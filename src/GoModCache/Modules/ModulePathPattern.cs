using System;
using System.Collections.Generic;
using System.Linq;

namespace GoCaches.Modules;

/// <summary>
/// A list of module path patterns in the syntax of <c>GOPRIVATE</c>, <c>GONOPROXY</c> and <c>GONOSUMDB</c>:
/// comma-separated globs, each matched (with <c>path.Match</c>) against as many leading elements of a module
/// path as the glob has, so <c>example.com/team</c> matches <c>example.com/team/repo/v2</c> and
/// <c>*.corp.example.com</c> matches <c>git.corp.example.com/x</c>. The semantics are those of Go's
/// <c>module.MatchPrefixPatterns</c>; unlike Go, a malformed glob (an unclosed <c>[</c>, a trailing
/// <c>\</c>, a space) is an error instead of a glob that never matches.
/// </summary>
public sealed class ModulePathPattern
{
    private readonly string[] _globs;

    private ModulePathPattern(string text, string[] globs)
    {
        Text = text;
        _globs = globs;
    }

    /// <summary>Gets the text the pattern was parsed from.</summary>
    public string Text { get; }

    /// <summary>Gets the individual globs (empty entries and trailing slashes removed, as Go removes them).</summary>
    public IReadOnlyList<string> Globs => _globs;

    /// <summary>Parses a comma-separated pattern list.</summary>
    /// <param name="patterns">The list, e.g. <c>example.com/team,*.corp.example.com</c>.</param>
    /// <returns>The pattern.</returns>
    /// <exception cref="GoModCacheException">The list is empty or a glob is malformed; the message names the glob and the problem.</exception>
    public static ModulePathPattern Parse(string patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        var globs = new List<string>();
        foreach (var raw in patterns.Split(','))
        {
            var glob = raw.EndsWith('/') ? raw[..^1] : raw;
            if (glob.Length == 0)
            {
                continue;
            }

            if (Validate(glob) is { } problem)
            {
                throw new GoModCacheException($"The module path pattern '{glob}' (in '{patterns}') is malformed: {problem}.");
            }

            globs.Add(glob);
        }

        if (globs.Count == 0)
        {
            throw new GoModCacheException($"The module path pattern list '{patterns}' has no patterns; give comma-separated globs such as 'example.com/team,*.corp.example.com'.");
        }

        return new ModulePathPattern(patterns, [.. globs]);
    }

    /// <summary>Whether a module path matches any glob of the list (Go's <c>module.MatchPrefixPatterns</c>).</summary>
    /// <param name="modulePath">The module path, e.g. <c>example.com/team/repo</c>.</param>
    /// <returns>Whether it matches.</returns>
    public bool Matches(string modulePath)
    {
        ArgumentNullException.ThrowIfNull(modulePath);
        return MatchingGlob(modulePath) != null;
    }

    /// <summary>Gets the first glob that matches the module path, or null.</summary>
    /// <param name="modulePath">The module path.</param>
    /// <returns>The glob, or null.</returns>
    public string? MatchingGlob(string modulePath)
    {
        ArgumentNullException.ThrowIfNull(modulePath);
        foreach (var glob in _globs)
        {
            // A glob with N slashes is matched against the first N+1 elements of the path.
            var n = glob.Count(c => c == '/');
            var prefix = modulePath;
            for (var i = 0; i < modulePath.Length; i++)
            {
                if (modulePath[i] == '/')
                {
                    if (n == 0)
                    {
                        prefix = modulePath[..i];
                        break;
                    }

                    n--;
                }
            }

            if (n > 0)
            {
                continue;
            }

            if (Match(glob, prefix))
            {
                return glob;
            }
        }

        return null;
    }

    /// <inheritdoc/>
    public override string ToString() => string.Join(',', _globs);

    private static string? Validate(string glob)
    {
        foreach (var c in glob)
        {
            if (char.IsWhiteSpace(c))
            {
                return "it contains white space (separate patterns with ',' only)";
            }

            if (char.IsControl(c))
            {
                return "it contains a control character";
            }
        }

        // path.Match reports ErrBadPattern for a malformed chunk even when the name does not match.
        var rest = glob;
        while (rest.Length > 0)
        {
            (_, var chunk, rest) = ScanChunk(rest);
            if (!MatchChunk(chunk, string.Empty, out _, out var bad) && bad)
            {
                return "it is not a valid glob (check '[...]' classes and '\\' escapes)";
            }
        }

        return null;
    }

    // A port of Go's path.Match (go/src/path/match.go) for validated patterns.
    private static bool Match(string pattern, string name)
    {
        while (pattern.Length > 0)
        {
            (var star, var chunk, pattern) = ScanChunk(pattern);
            if (star && chunk.Length == 0)
            {
                // A trailing * matches the rest of the name unless it has a /.
                return !name.Contains('/', StringComparison.Ordinal);
            }

            if (MatchChunk(chunk, name, out var t, out _) && (t.Length == 0 || pattern.Length > 0))
            {
                name = t;
                continue;
            }

            var matched = false;
            if (star)
            {
                for (var i = 0; i < name.Length && name[i] != '/'; i++)
                {
                    if (MatchChunk(chunk, name[(i + 1)..], out t, out _))
                    {
                        if (pattern.Length == 0 && t.Length > 0)
                        {
                            continue;
                        }

                        name = t;
                        matched = true;
                        break;
                    }
                }
            }

            if (!matched)
            {
                return false;
            }
        }

        return name.Length == 0;
    }

    private static (bool Star, string Chunk, string Remainder) ScanChunk(string pattern)
    {
        var star = false;
        while (pattern.Length > 0 && pattern[0] == '*')
        {
            pattern = pattern[1..];
            star = true;
        }

        var inRange = false;
        int i;
        for (i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\')
            {
                if (i + 1 < pattern.Length)
                {
                    i++;
                }
            }
            else if (c == '[')
            {
                inRange = true;
            }
            else if (c == ']')
            {
                inRange = false;
            }
            else if (c == '*' && !inRange)
            {
                break;
            }
        }

        return (star, pattern[..i], pattern[i..]);
    }

    // Whether chunk (literals, classes and ?) matches the start of s; rest is what follows the match.
    // bad is set when the chunk is malformed (Go's ErrBadPattern).
    private static bool MatchChunk(string chunk, string s, out string rest, out bool bad)
    {
        rest = string.Empty;
        bad = false;
        var failed = false;
        var ci = 0;
        var si = 0;
        while (ci < chunk.Length)
        {
            if (!failed && si >= s.Length)
            {
                failed = true;
            }

            switch (chunk[ci])
            {
                case '[':
                    {
                        var r = '\0';
                        if (!failed)
                        {
                            r = s[si++];
                        }

                        ci++;
                        var negated = false;
                        if (ci < chunk.Length && chunk[ci] == '^')
                        {
                            negated = true;
                            ci++;
                        }

                        var match = false;
                        var ranges = 0;
                        while (true)
                        {
                            if (ci < chunk.Length && chunk[ci] == ']' && ranges > 0)
                            {
                                ci++;
                                break;
                            }

                            if (!GetEscaped(chunk, ref ci, out var lo))
                            {
                                bad = true;
                                return false;
                            }

                            var hi = lo;
                            if (chunk[ci] == '-')
                            {
                                ci++;
                                if (!GetEscaped(chunk, ref ci, out hi))
                                {
                                    bad = true;
                                    return false;
                                }
                            }

                            if (lo <= r && r <= hi)
                            {
                                match = true;
                            }

                            ranges++;
                        }

                        if (match == negated)
                        {
                            failed = true;
                        }

                        break;
                    }

                case '?':
                    if (!failed)
                    {
                        if (s[si] == '/')
                        {
                            failed = true;
                        }

                        si++;
                    }

                    ci++;
                    break;

                default:
                    if (chunk[ci] == '\\')
                    {
                        ci++;
                        if (ci >= chunk.Length)
                        {
                            bad = true;
                            return false;
                        }
                    }

                    if (!failed)
                    {
                        if (chunk[ci] != s[si])
                        {
                            failed = true;
                        }

                        si++;
                    }

                    ci++;
                    break;
            }
        }

        if (failed)
        {
            return false;
        }

        rest = s[si..];
        return true;
    }

    // Go's getEsc: a possibly escaped character of a class; the chunk must continue after it.
    private static bool GetEscaped(string chunk, ref int ci, out char c)
    {
        c = '\0';
        if (ci >= chunk.Length || chunk[ci] == '-' || chunk[ci] == ']')
        {
            return false;
        }

        if (chunk[ci] == '\\')
        {
            ci++;
            if (ci >= chunk.Length)
            {
                return false;
            }
        }

        c = chunk[ci++];
        return ci < chunk.Length;
    }
}
