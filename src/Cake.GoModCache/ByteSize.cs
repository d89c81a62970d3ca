using System.Globalization;

namespace Cake.GoModCache;

/// <summary>Formats byte counts for logs and reports (binary units, as <c>du -h</c>).</summary>
internal static class ByteSize
{
    public static string Format(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        var unit = 0;
        while (System.Math.Abs(value) >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0 ? bytes.ToString(CultureInfo.InvariantCulture) + " B" : value.ToString("0.0", CultureInfo.InvariantCulture) + " " + units[unit];
    }
}
