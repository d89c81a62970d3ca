using System;
using System.IO;
using System.Linq;

namespace GoCaches.Operations;

/// <summary>The free space of the volume holding a path.</summary>
internal static class Volume
{
    public static (long Free, long Total) FreeSpace(string path)
    {
        var existing = path;
        while (!Directory.Exists(existing) && Path.GetDirectoryName(existing) is { } parent)
        {
            existing = parent;
        }

        var full = Path.GetFullPath(existing);
        var drive = DriveInfo.GetDrives()
            .Where(d => d.IsReady && full.StartsWith(d.RootDirectory.FullName, StringComparison.Ordinal))
            .OrderByDescending(d => d.RootDirectory.FullName.Length)
            .FirstOrDefault() ?? new DriveInfo(full);
        return (drive.AvailableFreeSpace, drive.TotalSize);
    }
}
