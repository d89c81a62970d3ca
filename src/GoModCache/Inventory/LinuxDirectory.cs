using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;

namespace GoCaches.Inventory;

/// <summary>
/// Directory reading on Linux the way <c>du</c> and <c>find</c> do it: a directory is opened once
/// (<c>open(O_DIRECTORY|O_NOFOLLOW|O_CLOEXEC)</c>), its entries are read with <c>getdents64</c> into a large buffer,
/// and each entry is stat-ed by <c>statx</c> relative to the directory's descriptor (the kernel resolves one name,
/// not the whole path as .NET's enumerator does by stat-ing each entry's full path). Subdirectories are opened
/// with <c>openat</c> relative to their parent. Only on x64 and arm64 Linux, whose flag values are known; when
/// a call cannot bind (<see cref="IsUnavailable"/>), callers use the .NET enumerator.
/// </summary>
internal static unsafe partial class LinuxDirectory
{
    public const int ENOENT = 2;
    public const int EPERM = 1;
    public const int EACCES = 13;
    public const int EINTR = 4;
    public const int AtFdCwd = -100;
    public const int AtSymlinkNoFollow = 0x100;
    public const int AtRemoveDir = 0x200;
    public const byte DtUnknown = 0;
    public const byte DtDir = 4;
    public const byte DtLnk = 10;

    private const int StatxType = 0x1;
    private const int StatxMode = 0x2;
    private const int StatxAtime = 0x20;
    private const int StatxMtime = 0x40;
    private const int StatxSize = 0x200;
    private const int AtNoAutomount = 0x800;
    private const int SIfMt = 0xF000;
    private const int SIfDir = 0x4000;
    private const int SIfLnk = 0xA000;

    private static readonly int OpenDirectoryFlags = RuntimeInformation.ProcessArchitecture switch
    {
        // O_RDONLY | O_DIRECTORY | O_CLOEXEC (the generic values on arm64, x86's own on x64).
        Architecture.X64 => 0x10000 | 0x80000,
        Architecture.Arm64 => 0x4000 | 0x80000,
        _ => -1,
    };

    private static readonly int NoFollow = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 0x8000 : 0x20000;

    private static int _state = Environment.GetEnvironmentVariable("GOMODCACHE_NATIVE_WALK") == "0" ? -1 : 0;

    /// <summary>Gets a value indicating whether the native reading may be tried (Linux, x64 or arm64, not switched off, not failed before).</summary>
    public static bool IsSupported => _state >= 0 && OperatingSystem.IsLinux() && OpenDirectoryFlags != -1;

    /// <summary>Marks the native reading as unusable for the rest of the process (a P/Invoke failed to bind).</summary>
    public static void Disable() => _state = -1;

    /// <summary>Whether an exception says the native calls cannot bind on this system (then .NET's enumerator is used).</summary>
    public static bool IsUnavailable(Exception ex) => ex is EntryPointNotFoundException or DllNotFoundException or MarshalDirectiveException;

    /// <summary>Opens a directory by path; <paramref name="follow"/> says whether a link as the last component is followed.</summary>
    /// <returns>The descriptor, or -1 with <paramref name="errno"/> set.</returns>
    public static int Open(byte[] path, bool follow, out int errno)
    {
        fixed (byte* p = path)
        {
            return OpenAt(AtFdCwd, p, follow, out errno);
        }
    }

    /// <summary>Opens a subdirectory relative to its parent's descriptor, never following a link.</summary>
    public static int OpenAt(int dirFd, byte* name, bool follow, out int errno)
    {
        int fd;
        do
        {
            fd = openat(dirFd, name, OpenDirectoryFlags | (follow ? 0 : NoFollow));
            errno = fd < 0 ? Marshal.GetLastPInvokeError() : 0;
        }
        while (fd < 0 && errno == EINTR);
        return fd;
    }

    public static void Close(int fd)
    {
        if (fd >= 0)
        {
            _ = close(fd);
        }
    }

    /// <summary>Reads the next entries of an open directory into <paramref name="buffer"/>.</summary>
    /// <returns>The bytes read, 0 at the end; throws on an error.</returns>
    public static int ReadEntries(int fd, byte* buffer, int length, byte[] path)
    {
        long read;
        int errno;
        do
        {
            read = getdents64(fd, buffer, (nuint)length);
            errno = read < 0 ? Marshal.GetLastPInvokeError() : 0;
        }
        while (read < 0 && errno == EINTR);
        if (read < 0)
        {
            throw Error(errno, Decode(path));
        }

        return (int)read;
    }

    /// <summary>Stats an entry relative to its directory, not following a link.</summary>
    /// <returns>0, or the errno.</returns>
    public static int Stat(int dirFd, byte* name, out StatInfo info)
    {
        var buffer = stackalloc byte[256];
        int result;
        int errno;
        do
        {
            result = statx(dirFd, name, AtSymlinkNoFollow | AtNoAutomount, StatxType | StatxMode | StatxSize | StatxAtime | StatxMtime, buffer);
            errno = result < 0 ? Marshal.GetLastPInvokeError() : 0;
        }
        while (result < 0 && errno == EINTR);
        if (result < 0)
        {
            info = default;
            return errno;
        }

        var mode = *(ushort*)(buffer + 28);
        info = new StatInfo(
            (mode & SIfMt) == SIfDir,
            (mode & SIfMt) == SIfLnk,
            mode & 0xFFF,
            *(long*)(buffer + 40),
            Ticks(*(long*)(buffer + 64), *(uint*)(buffer + 72)),
            Ticks(*(long*)(buffer + 112), *(uint*)(buffer + 120)));
        return 0;
    }

    /// <summary>Removes an entry relative to its directory (a link as a link).</summary>
    /// <returns>0, or the errno.</returns>
    public static int UnlinkAt(int dirFd, byte* name, bool directory)
    {
        int result;
        int errno;
        do
        {
            result = unlinkat(dirFd, name, directory ? AtRemoveDir : 0);
            errno = result < 0 ? Marshal.GetLastPInvokeError() : 0;
        }
        while (result < 0 && errno == EINTR);
        return result < 0 ? errno : 0;
    }

    /// <summary>Changes the mode of an open directory.</summary>
    /// <returns>0, or the errno.</returns>
    public static int ChangeMode(int fd, int mode)
    {
        var result = fchmod(fd, (uint)mode);
        return result < 0 ? Marshal.GetLastPInvokeError() : 0;
    }

    /// <summary>Gets the mode bits (permissions) of an open descriptor.</summary>
    public static int ModeOf(int fd, out int mode)
    {
        var empty = stackalloc byte[1];
        empty[0] = 0;
        var rc = StatEmptyPath(fd, empty, out var info);
        mode = info.Mode;
        return rc;
    }

    /// <summary>The path of a directory as bytes, NUL-terminated, for the calls above.</summary>
    public static byte[] PathBytes(string path)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(path) + 1];
        Encoding.UTF8.GetBytes(path, bytes);
        return bytes;
    }

    /// <summary>A child's path as bytes: the parent's (NUL-terminated) + '/' + the name's raw bytes + NUL.</summary>
    public static byte[] Child(byte[] parent, byte* name, int nameLength)
    {
        var parentLength = parent.Length - 1;
        var slash = parentLength > 0 && parent[parentLength - 1] == (byte)'/' ? 0 : 1;
        var bytes = new byte[parentLength + slash + nameLength + 1];
        parent.AsSpan(0, parentLength).CopyTo(bytes);
        if (slash == 1)
        {
            bytes[parentLength] = (byte)'/';
        }

        new ReadOnlySpan<byte>(name, nameLength).CopyTo(bytes.AsSpan(parentLength + slash));
        return bytes;
    }

    /// <summary>Decodes a NUL-terminated path as .NET decodes file names.</summary>
    public static string Decode(byte[] path) => Encoding.UTF8.GetString(path, 0, path.Length - 1);

    /// <summary>The length of a NUL-terminated name.</summary>
    public static int NameLength(byte* name)
    {
        var n = 0;
        while (name[n] != 0)
        {
            n++;
        }

        return n;
    }

    /// <summary>Whether a name is "." or "..".</summary>
    public static bool IsDots(byte* name) => name[0] == (byte)'.' && (name[1] == 0 || (name[1] == (byte)'.' && name[2] == 0));

    /// <summary>The exception .NET's own file calls throw for this errno.</summary>
    public static Exception Error(int errno, string path) => errno switch
    {
        EACCES or EPERM => new UnauthorizedAccessException($"Access to the path '{path}' is denied."),
        ENOENT => new DirectoryNotFoundException($"Could not find a part of the path '{path}'."),
        _ => new IOException($"{new Win32Exception(errno).Message} : '{path}'", errno),
    };

    private static int StatEmptyPath(int fd, byte* empty, out StatInfo info)
    {
        var buffer = stackalloc byte[256];
        const int AtEmptyPath = 0x1000;
        var result = statx(fd, empty, AtEmptyPath, StatxType | StatxMode, buffer);
        if (result < 0)
        {
            info = default;
            return Marshal.GetLastPInvokeError();
        }

        var mode = *(ushort*)(buffer + 28);
        info = new StatInfo((mode & SIfMt) == SIfDir, (mode & SIfMt) == SIfLnk, mode & 0xFFF, 0, 0, 0);
        return 0;
    }

    private static long Ticks(long seconds, uint nanoseconds) =>
        DateTime.UnixEpoch.Ticks + (seconds * TimeSpan.TicksPerSecond) + (nanoseconds / 100);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int openat(int dirfd, byte* path, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int close(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial long getdents64(int fd, byte* buffer, nuint count);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int statx(int dirfd, byte* path, int flags, int mask, byte* buffer);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int unlinkat(int dirfd, byte* path, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fchmod(int fd, uint mode);

    /// <summary>What one <c>statx</c> gave.</summary>
    public readonly record struct StatInfo(bool IsDirectory, bool IsSymlink, int Mode, long Size, long AccessTicks, long WriteTicks);
}
