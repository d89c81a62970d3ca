using System.Collections.Generic;

namespace GoCaches.Modules;

/// <summary>
/// Go's ordering of module versions (<c>golang.org/x/mod/semver</c>): <c>vMAJOR.MINOR.PATCH</c>,
/// pre-releases before their release (<c>v1.0.0-rc.1 &lt; v1.0.0</c>), pre-release identifiers compared
/// numerically or by ASCII as Semantic Versioning 2.0 says, build metadata (<c>+incompatible</c>) ignored.
/// Pseudo-versions (<c>v0.0.0-20240101000000-abcdef123456</c>, <c>v1.2.4-0.20240101000000-abcdef123456</c>)
/// are pre-releases and so order by their time stamp, below the release they precede.
/// A string that is not a semantic version orders below every valid one.
/// </summary>
public static class SemanticVersion
{
    /// <summary>Gets a comparer that orders as <see cref="Compare"/> and breaks ties by ordinal text, so that sorting is deterministic.</summary>
    public static IComparer<string> Comparer { get; } = Comparer<string>.Create((a, b) =>
    {
        var c = Compare(a, b);
        return c != 0 ? c : string.CompareOrdinal(a, b);
    });

    /// <summary>Compares two versions as Go does (<c>semver.Compare</c>).</summary>
    /// <param name="v">The first version.</param>
    /// <param name="w">The second version.</param>
    /// <returns>-1, 0 or +1. Invalid versions are equal to each other and less than any valid one.</returns>
    public static int Compare(string? v, string? w)
    {
        var okV = TryParse(v, out var pv);
        var okW = TryParse(w, out var pw);
        if (!okV && !okW)
        {
            return 0;
        }

        if (!okV)
        {
            return -1;
        }

        if (!okW)
        {
            return 1;
        }

        var c = CompareInt(pv.Major, pw.Major);
        if (c == 0)
        {
            c = CompareInt(pv.Minor, pw.Minor);
        }

        if (c == 0)
        {
            c = CompareInt(pv.Patch, pw.Patch);
        }

        return c != 0 ? c : ComparePrerelease(pv.Prerelease, pw.Prerelease);
    }

    /// <summary>Whether the text is a semantic version as Go accepts it (<c>v1</c>, <c>v1.2</c>, <c>v1.2.3-pre+build</c>).</summary>
    /// <param name="version">The text.</param>
    /// <returns>Whether it parses.</returns>
    public static bool IsValid(string? version) => TryParse(version, out _);

    /// <summary>
    /// Whether the text is already in the canonical form Go stores in the module cache
    /// (<c>module.CanonicalVersion(v) == v</c>): <c>vX.Y.Z</c> with an optional pre-release and only
    /// <c>+incompatible</c> as build metadata.
    /// </summary>
    /// <param name="version">The text.</param>
    /// <returns>Whether it is canonical.</returns>
    public static bool IsCanonical(string? version)
    {
        if (!TryParse(version, out var p) || p.Short)
        {
            return false;
        }

        return p.Build.Length == 0 || p.Build == "+incompatible";
    }

    private static int CompareInt(string x, string y)
    {
        if (x == y)
        {
            return 0;
        }

        if (x.Length != y.Length)
        {
            return x.Length < y.Length ? -1 : 1;
        }

        return string.CompareOrdinal(x, y) < 0 ? -1 : 1;
    }

    private static int ComparePrerelease(string x, string y)
    {
        if (x == y)
        {
            return 0;
        }

        if (x.Length == 0)
        {
            return 1;
        }

        if (y.Length == 0)
        {
            return -1;
        }

        var xs = x[1..].Split('.');
        var ys = y[1..].Split('.');
        for (var i = 0; i < xs.Length && i < ys.Length; i++)
        {
            var dx = xs[i];
            var dy = ys[i];
            if (dx == dy)
            {
                continue;
            }

            var nx = IsNum(dx);
            var ny = IsNum(dy);
            if (nx != ny)
            {
                return nx ? -1 : 1;
            }

            if (nx && dx.Length != dy.Length)
            {
                return dx.Length < dy.Length ? -1 : 1;
            }

            return string.CompareOrdinal(dx, dy) < 0 ? -1 : 1;
        }

        return xs.Length < ys.Length ? -1 : 1;
    }

    private static bool TryParse(string? v, out Parsed parsed)
    {
        parsed = default;
        if (string.IsNullOrEmpty(v) || v[0] != 'v')
        {
            return false;
        }

        var pos = 1;
        if (!ParseInt(v, ref pos, out var major))
        {
            return false;
        }

        string minor = "0", patch = "0";
        var isShort = true;
        if (pos < v.Length && v[pos] == '.')
        {
            pos++;
            if (!ParseInt(v, ref pos, out minor))
            {
                return false;
            }

            if (pos < v.Length && v[pos] == '.')
            {
                pos++;
                if (!ParseInt(v, ref pos, out patch))
                {
                    return false;
                }

                isShort = false;
            }
        }

        var prerelease = string.Empty;
        var build = string.Empty;
        if (!isShort && pos < v.Length && v[pos] == '-')
        {
            if (!ParseIdentifiers(v, ref pos, stopAtPlus: true, checkNumbers: true, out prerelease))
            {
                return false;
            }
        }

        if (!isShort && pos < v.Length && v[pos] == '+')
        {
            if (!ParseIdentifiers(v, ref pos, stopAtPlus: false, checkNumbers: false, out build))
            {
                return false;
            }
        }

        if (pos != v.Length)
        {
            return false;
        }

        parsed = new Parsed(major, minor, patch, prerelease, build, isShort);
        return true;
    }

    private static bool ParseInt(string v, ref int pos, out string value)
    {
        value = string.Empty;
        var start = pos;
        while (pos < v.Length && char.IsAsciiDigit(v[pos]))
        {
            pos++;
        }

        if (pos == start || (v[start] == '0' && pos - start > 1))
        {
            return false;
        }

        value = v[start..pos];
        return true;
    }

    // Parses "-a.b.c" (pre-release) or "+a.b" (build) starting at the sign; identifiers are [0-9A-Za-z-], non-empty,
    // and pre-release numbers have no leading zero.
    private static bool ParseIdentifiers(string v, ref int pos, bool stopAtPlus, bool checkNumbers, out string value)
    {
        value = string.Empty;
        var begin = pos;
        pos++;
        var start = pos;
        while (pos < v.Length && !(stopAtPlus && v[pos] == '+'))
        {
            var c = v[pos];
            if (c == '.')
            {
                if (start == pos || (checkNumbers && IsBadNum(v[start..pos])))
                {
                    return false;
                }

                start = pos + 1;
            }
            else if (!char.IsAsciiLetterOrDigit(c) && c != '-')
            {
                return false;
            }

            pos++;
        }

        if (start == pos || (checkNumbers && IsBadNum(v[start..pos])))
        {
            return false;
        }

        value = v[begin..pos];
        return true;
    }

    private static bool IsNum(string s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return s.Length > 0;
    }

    private static bool IsBadNum(string s) => s.Length > 1 && s[0] == '0' && IsNum(s);

    private readonly record struct Parsed(string Major, string Minor, string Patch, string Prerelease, string Build, bool Short);
}
