using System;
using System.Globalization;

namespace GoModCache.MSBuild;

/// <summary>
/// Sizes as users write them in MSBuild properties (<c>GoModCacheSizeLimit</c>, <c>GoBuildCacheSizeLimit</c>):
/// a non-negative number, optionally with a fraction, then an optional unit, with optional spaces around it.
/// Decimal units are powers of 1000 (<c>KB</c>, <c>MB</c>, <c>GB</c>, <c>TB</c>), binary units powers of 1024
/// (<c>KiB</c>, <c>MiB</c>, <c>GiB</c>, <c>TiB</c>); <c>B</c> or no unit means bytes. Units are case-insensitive
/// (<c>5gb</c> is <c>5GB</c>). Examples: <c>5GB</c>, <c>500 MiB</c>, <c>1.5GB</c>, <c>1048576</c>.
/// </summary>
/// <remarks>Kept small and internal on purpose: the engine may get its own size type later.</remarks>
internal static class ByteSize
{
    private static readonly (string Unit, long Factor)[] Units =
    [
        ("KiB", 1L << 10),
        ("MiB", 1L << 20),
        ("GiB", 1L << 30),
        ("TiB", 1L << 40),
        ("KB", 1_000L),
        ("MB", 1_000_000L),
        ("GB", 1_000_000_000L),
        ("TB", 1_000_000_000_000L),
        ("B", 1L),
    ];

    /// <summary>Parses a size.</summary>
    /// <param name="text">The text, e.g. <c>5GB</c> or <c>500 MiB</c>.</param>
    /// <param name="bytes">The size in bytes (rounded to the nearest byte).</param>
    /// <param name="error">Why the text is not a size, or null.</param>
    /// <returns>Whether the text is a size.</returns>
    public static bool TryParse(string? text, out long bytes, out string? error)
    {
        bytes = 0;
        error = null;
        var trimmed = (text ?? string.Empty).Trim();
        if (trimmed.Length == 0)
        {
            error = "the size is empty";
            return false;
        }

        var numberLength = 0;
        while (numberLength < trimmed.Length && (char.IsAsciiDigit(trimmed[numberLength]) || trimmed[numberLength] == '.'))
        {
            numberLength++;
        }

        var number = trimmed[..numberLength];
        var unit = trimmed[numberLength..].Trim();
        if (number.Length == 0 || !decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            error = $"'{text}' does not start with a number (write e.g. 5GB, 500 MiB or 1048576)";
            return false;
        }

        var factor = 1L;
        if (unit.Length > 0)
        {
            var match = Array.Find(Units, u => string.Equals(u.Unit, unit, StringComparison.OrdinalIgnoreCase));
            if (match.Unit == null)
            {
                error = $"'{text}' has an unknown unit '{unit}' (use B, KB, MB, GB, TB for powers of 1000 or KiB, MiB, GiB, TiB for powers of 1024)";
                return false;
            }

            factor = match.Factor;
        }

        try
        {
            bytes = checked((long)decimal.Round(value * factor, MidpointRounding.AwayFromZero));
        }
        catch (OverflowException)
        {
            error = $"'{text}' is too large";
            return false;
        }

        return true;
    }

    /// <summary>Formats a size for people: decimal units with two decimals, and the exact byte count.</summary>
    /// <param name="bytes">The size.</param>
    /// <returns>E.g. <c>5.37 GB (5,368,709,120 bytes)</c>, or <c>512 bytes</c>.</returns>
    public static string Format(long bytes)
    {
        string[] units = ["KB", "MB", "GB", "TB", "PB"];
        if (Math.Abs(bytes) < 1000)
        {
            return bytes.ToString(CultureInfo.InvariantCulture) + " bytes";
        }

        var value = (double)bytes;
        var index = -1;
        while (Math.Abs(value) >= 1000 && index < units.Length - 1)
        {
            value /= 1000;
            index++;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{value:0.00} {units[index]} ({bytes:N0} bytes)");
    }
}
