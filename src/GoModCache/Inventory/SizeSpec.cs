using System;
using System.Globalization;

namespace GoCaches.Inventory;

/// <summary>A parsed size: a number of bytes, or a percentage (see <see cref="SizeParser"/>).</summary>
/// <param name="Kind">Bytes or percent.</param>
/// <param name="Bytes">The number of bytes, when <see cref="Kind"/> is <see cref="SizeKind.Bytes"/>.</param>
/// <param name="Percent">The percentage (0 to 100), when <see cref="Kind"/> is <see cref="SizeKind.Percent"/>.</param>
public readonly record struct SizeSpec(SizeKind Kind, long Bytes, double Percent)
{
    /// <summary>Makes a size of so many bytes.</summary>
    /// <param name="bytes">The bytes (not negative).</param>
    /// <returns>The size.</returns>
    public static SizeSpec FromBytes(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        return new SizeSpec(SizeKind.Bytes, bytes, 0);
    }

    /// <summary>Makes a percentage.</summary>
    /// <param name="percent">The percentage, 0 to 100.</param>
    /// <returns>The size.</returns>
    public static SizeSpec FromPercent(double percent)
    {
        if (double.IsNaN(percent) || percent < 0 || percent > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(percent), percent, "A percentage must be between 0 and 100.");
        }

        return new SizeSpec(SizeKind.Percent, 0, percent);
    }

    /// <summary>Resolves the size against a whole: the bytes themselves, or the percentage of <paramref name="whole"/> (rounded down).</summary>
    /// <param name="whole">The whole a percentage refers to.</param>
    /// <returns>A number of bytes.</returns>
    public long ToBytes(long whole) => Kind == SizeKind.Bytes ? Bytes : (long)Math.Floor(whole * (decimal)Percent / 100m);

    /// <summary>Gets the size as text: <c>10%</c>, or bytes as <see cref="SizeParser.Format"/> writes them.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Kind == SizeKind.Percent
        ? Percent.ToString("0.###", CultureInfo.InvariantCulture) + "%"
        : SizeParser.Format(Bytes);
}
