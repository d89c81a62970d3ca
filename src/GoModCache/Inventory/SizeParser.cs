using System;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace GoCaches.Inventory;

/// <summary>
/// Parses and formats sizes as people write them in build scripts: <c>5GB</c>, <c>500 MiB</c>, <c>1.5G</c>,
/// <c>200mb</c>, <c>1024</c> (bytes) or <c>10%</c>.
/// </summary>
/// <remarks>
/// Units are case-insensitive. <c>KB</c>, <c>MB</c>, <c>GB</c>, <c>TB</c>, <c>PB</c> are decimal (powers
/// of 1000, as disk vendors and SI use them). <c>KiB</c>, <c>MiB</c>, <c>GiB</c>, <c>TiB</c>, <c>PiB</c>, the
/// Kubernetes-style <c>Ki</c>, <c>Mi</c>, <c>Gi</c>, <c>Ti</c>, <c>Pi</c>, and the bare letters <c>K</c>,
/// <c>M</c>, <c>G</c>, <c>T</c>, <c>P</c> are binary (powers of 1024): a bare letter is what <c>du -h</c>,
/// <c>ls -h</c> and Docker print, and they mean 1024. <c>B</c> or no unit is bytes, which must then be a
/// whole number. A fractional size is rounded down to whole bytes. Numbers use <c>.</c> as the decimal point
/// whatever the culture. Percentages run from 0 to 100.
/// </remarks>
public static class SizeParser
{
    private const string Expected = "expected a number and an optional unit, e.g. 5GB, 500 MiB, 1.5G, 200mb, 1024 (bytes) or 10%";

    private static readonly string[] BinaryUnits = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];

    /// <summary>Parses a size.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The size.</returns>
    /// <exception cref="GoModCacheException">The text is not a size; the message says what was expected.</exception>
    public static SizeSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!TryParse(text, out var size, out var error))
        {
            throw new GoModCacheException($"'{text}' is not a size: {error}.");
        }

        return size;
    }

    /// <summary>Parses a size without throwing.</summary>
    /// <param name="text">The text.</param>
    /// <param name="size">The size, when the text is valid.</param>
    /// <returns>Whether the text is a size.</returns>
    public static bool TryParse(string? text, out SizeSpec size) => TryParse(text, out size, out _);

    /// <summary>Formats bytes with binary units and one decimal, e.g. <c>512 B</c>, <c>1.5 GiB</c>, <c>20 MiB</c>.</summary>
    /// <param name="bytes">The number of bytes (negative numbers keep their sign).</param>
    /// <returns>The text.</returns>
    public static string Format(long bytes)
    {
        if (bytes < 0)
        {
            return "-" + Format(bytes == long.MinValue ? long.MaxValue : -bytes);
        }

        if (bytes < 1024)
        {
            return bytes.ToString(CultureInfo.InvariantCulture) + " B";
        }

        var value = (double)bytes;
        var unit = 0;
        while (unit < BinaryUnits.Length - 1 && Math.Round(value, 1) >= 1024)
        {
            value /= 1024;
            unit++;
        }

        return Math.Round(value, 1).ToString("0.#", CultureInfo.InvariantCulture) + " " + BinaryUnits[unit];
    }

    internal static bool TryParse(string? text, out SizeSpec size, [NotNullWhen(false)] out string? error)
    {
        size = default;
        var s = (text ?? string.Empty).Trim();
        if (s.Length == 0)
        {
            error = "it is empty; " + Expected;
            return false;
        }

        if (s[0] == '-')
        {
            error = "a size cannot be negative";
            return false;
        }

        var end = 0;
        while (end < s.Length && (char.IsAsciiDigit(s[end]) || s[end] == '.'))
        {
            end++;
        }

        var number = s[..end];
        var unit = s[end..].Trim();
        if (number.Length == 0 || number.Count('.') > 1 || number[0] == '.' || number[^1] == '.' ||
            !decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            error = Expected;
            return false;
        }

        if (unit == "%")
        {
            if (value > 100)
            {
                error = "a percentage cannot be more than 100%";
                return false;
            }

            size = new SizeSpec(SizeKind.Percent, 0, (double)value);
            error = null;
            return true;
        }

        if (!TryMultiplier(unit, out var multiplier))
        {
            error = $"unknown unit '{unit}'; use B, KB, MB, GB, TB (powers of 1000), KiB, MiB, GiB, TiB or K, M, G, T (powers of 1024), or %";
            return false;
        }

        if (multiplier == 1 && value != decimal.Truncate(value))
        {
            error = "a number of bytes must be whole (give a unit for fractions, e.g. 1.5KB)";
            return false;
        }

        decimal bytes;
        try
        {
            bytes = decimal.Truncate(value * multiplier);
        }
        catch (OverflowException)
        {
            bytes = decimal.MaxValue;
        }

        if (bytes > long.MaxValue)
        {
            error = "it is too large";
            return false;
        }

        size = new SizeSpec(SizeKind.Bytes, (long)bytes, 0);
        error = null;
        return true;
    }

    private static bool TryMultiplier(string unit, out decimal multiplier)
    {
        multiplier = 1;
        var u = unit.ToUpperInvariant();
        if (u is "" or "B")
        {
            return true;
        }

        var power = "KMGTPE".IndexOf(u[0], StringComparison.Ordinal) + 1;
        if (power == 0)
        {
            return false;
        }

        var suffix = u[1..];
        decimal b;
        if (suffix is "" or "I" or "IB")
        {
            b = 1024;
        }
        else if (suffix == "B")
        {
            b = 1000;
        }
        else
        {
            return false;
        }

        for (var i = 0; i < power; i++)
        {
            multiplier *= b;
        }

        return true;
    }
}
