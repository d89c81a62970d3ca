using System;
using System.Globalization;
using System.IO;
using System.Text;

namespace GoCaches.Eviction;

/// <summary>Whether a directory is a mount point (Linux: <c>/proc/self/mountinfo</c>; elsewhere: assumed to be one, so it is kept).</summary>
internal static class MountPoints
{
    public static bool IsMountPoint(string directory)
    {
        const string MountInfo = "/proc/self/mountinfo";
        if (!OperatingSystem.IsLinux() || !File.Exists(MountInfo))
        {
            return true;
        }

        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        foreach (var line in File.ReadLines(MountInfo))
        {
            // "36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw": the fifth field is the mount point.
            var fields = line.Split(' ');
            if (fields.Length > 4 && string.Equals(Unescape(fields[4]), full, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    // The kernel writes space, tab, newline and backslash as \040, \011, \012, \134.
    private static string Unescape(string field)
    {
        if (!field.Contains('\\', StringComparison.Ordinal))
        {
            return field;
        }

        var sb = new StringBuilder();
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length && int.TryParse(field.AsSpan(i + 1, 3), NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                sb.Append((char)Convert.ToInt32(field.Substring(i + 1, 3), 8));
                i += 3;
            }
            else
            {
                sb.Append(field[i]);
            }
        }

        return sb.ToString();
    }
}
