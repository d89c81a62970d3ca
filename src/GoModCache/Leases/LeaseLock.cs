using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Text;
using System.Threading;
using Microsoft.Win32.SafeHandles;

namespace GoCaches.Leases;

/// <summary>
/// One advisory lock on one file: <c>flock(2)</c> on Linux, macOS and FreeBSD (shared or exclusive, per open file,
/// dropped by the kernel when the process dies), <c>LockFileEx</c> on one byte far past the end on Windows (so the
/// file's contents stay readable). Never blocks: every attempt is non-blocking, the callers poll.
/// </summary>
internal sealed class LeaseLock : IDisposable
{
    // Windows locks are mandatory for the bytes they cover: lock a byte no one reads.
    private const long WindowsLockOffset = 1L << 40;

    private readonly int _fd;
    private readonly FileStream? _stream;
    private bool _disposed;

    private LeaseLock(string path, int fd, FileStream? stream)
    {
        Path = path;
        _fd = fd;
        _stream = stream;
    }

    /// <summary>Gets the locked file.</summary>
    public string Path { get; }

    /// <summary>Gets a value indicating whether the lock held right now is exclusive.</summary>
    public bool Exclusive { get; private set; }

    /// <summary>Gets a value indicating whether a lock is held right now (false after <see cref="Unlock"/>).</summary>
    public bool Held { get; private set; }

    /// <summary>Opens (creating when missing, with its directory) a file for locking, holding no lock yet.</summary>
    /// <param name="path">The file.</param>
    /// <param name="writable">Whether to open it for writing (holder files); the lease file itself only needs reading.</param>
    /// <returns>The open file.</returns>
    /// <exception cref="UnauthorizedAccessException">The file or its directory cannot be created or opened.</exception>
    /// <exception cref="IOException">Another I/O error.</exception>
    public static LeaseLock Open(string path, bool writable = false)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            var stream = new FileStream(path, FileMode.OpenOrCreate, writable ? FileAccess.ReadWrite : FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return new LeaseLock(path, -1, stream);
        }

        var flags = (writable ? Native.ORdWr : Native.ORdOnly) | Native.OCloExec;
        var name = Native.Utf8Z(path);
        for (var attempt = 0; ; attempt++)
        {
            var fd = Native.Open(name, flags);
            if (fd >= 0)
            {
                return new LeaseLock(path, fd, null);
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno == Native.EIntr)
            {
                continue;
            }

            if (errno != Native.ENoEnt || attempt > 20)
            {
                throw errno == Native.EAcces || errno == Native.EPerm || errno == Native.ERofs
                    ? new UnauthorizedAccessException($"Cannot open '{path}': {Marshal.GetPInvokeErrorMessage(errno)}.")
                    : new IOException($"Cannot open '{path}': {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");
            }

            // Created through .NET (0666 less the umask); .NET's own shared flock on open may fail while someone holds
            // the file exclusively: the file exists then, and the next round opens it.
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            try
            {
                using var created = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            }
            catch (IOException) when (File.Exists(path))
            {
            }
        }
    }

    /// <summary>Tries once to take the lock, without waiting. On Unix, changing a held lock's mode is not atomic.</summary>
    /// <param name="exclusive">Exclusive (a removal) or shared (a build).</param>
    /// <returns>Whether the lock is now held.</returns>
    /// <exception cref="IOException">The file system cannot lock files.</exception>
    public bool TryLock(bool exclusive)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_stream != null)
        {
            return OperatingSystem.IsWindows() && TryLockWindows(exclusive);
        }

        while (true)
        {
            if (Native.Flock(_fd, (exclusive ? Native.LockEx : Native.LockSh) | Native.LockNb) == 0)
            {
                Held = true;
                Exclusive = exclusive;
                return true;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno == Native.EIntr)
            {
                continue;
            }

            Held = false;
            if (errno == Native.EWouldBlock)
            {
                return false;
            }

            throw new IOException($"Cannot lock '{Path}' with flock: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");
        }
    }

    /// <summary>Releases the lock, keeping the file open (to try an exclusive lock next).</summary>
    public void Unlock()
    {
        if (_disposed || !Held)
        {
            return;
        }

        Held = false;
        if (_stream != null)
        {
            if (OperatingSystem.IsWindows())
            {
                UnlockWindows();
            }

            return;
        }

        _ = Native.Flock(_fd, Native.LockUn);
    }

    /// <summary>
    /// Gets a value indicating whether the open file is still the one at <see cref="Path"/> (on Linux: not
    /// deleted since it was opened, e.g. by a <c>go clean -modcache</c> or <c>rm -rf</c> of the whole cache).
    /// Elsewhere always true.
    /// </summary>
    /// <returns>Whether the file is still in place.</returns>
    public bool IsStillInPlace()
    {
        if (_stream != null || !OperatingSystem.IsLinux())
        {
            return true;
        }

        try
        {
            var target = new FileInfo("/proc/self/fd/" + _fd.ToString(System.Globalization.CultureInfo.InvariantCulture)).LinkTarget;
            return target == null || !target.EndsWith(" (deleted)", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return true;
        }
    }

    /// <summary>Reads the whole file through this handle (a second open would meet .NET's own lock on Unix).</summary>
    /// <returns>The text.</returns>
    public string ReadText()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_stream != null)
        {
            _stream.Position = 0;
            using var windowsReader = new StreamReader(_stream, Encoding.UTF8, false, 4096, leaveOpen: true);
            return windowsReader.ReadToEnd();
        }

        using var handle = new SafeFileHandle(_fd, ownsHandle: false);
        using var stream = new FileStream(handle, FileAccess.Read, bufferSize: 0);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>Releases the lock and closes the file.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Held = false;
        if (_stream != null)
        {
            _stream.Dispose();
            return;
        }

        _ = Native.Close(_fd);
    }

    [SupportedOSPlatform("windows")]
    private bool TryLockWindows(bool exclusive)
    {
        var overlapped = new NativeOverlapped { OffsetLow = unchecked((int)(WindowsLockOffset & 0xffffffff)), OffsetHigh = (int)(WindowsLockOffset >> 32) };
        var flags = Native.LockfileFailImmediately | (exclusive ? Native.LockfileExclusiveLock : 0u);
        if (Native.LockFileEx(_stream!.SafeFileHandle, flags, 0, 1, 0, ref overlapped))
        {
            Held = true;
            Exclusive = exclusive;
            return true;
        }

        var error = Marshal.GetLastPInvokeError();
        if (error == Native.ErrorLockViolation || error == Native.ErrorIoPending)
        {
            return false;
        }

        throw new IOException($"Cannot lock '{Path}' with LockFileEx: {Marshal.GetPInvokeErrorMessage(error)} (error {error}).");
    }

    [SupportedOSPlatform("windows")]
    private void UnlockWindows()
    {
        var overlapped = new NativeOverlapped { OffsetLow = unchecked((int)(WindowsLockOffset & 0xffffffff)), OffsetHigh = (int)(WindowsLockOffset >> 32) };
        _ = Native.UnlockFileEx(_stream!.SafeFileHandle, 0, 1, 0, ref overlapped);
    }

    private static class Native
    {
        public const int LockSh = 1;
        public const int LockEx = 2;
        public const int LockNb = 4;
        public const int LockUn = 8;
        public const int ORdOnly = 0;
        public const int ORdWr = 2;
        public const int EPerm = 1;
        public const int ENoEnt = 2;
        public const int EIntr = 4;
        public const int EAcces = 13;
        public const int ERofs = 30;
        public const uint LockfileFailImmediately = 1;
        public const uint LockfileExclusiveLock = 2;
        public const int ErrorLockViolation = 33;
        public const int ErrorIoPending = 997;

        public static readonly int OCloExec = OperatingSystem.IsMacOS() || OperatingSystem.IsIOS() ? 0x1000000
            : OperatingSystem.IsFreeBSD() ? 0x100000
            : 0x80000;

        public static readonly int EWouldBlock = OperatingSystem.IsLinux() ? 11 : 35;

        // Two-argument open: without O_CREAT the mode is not read, so no variadic argument is passed.
        [DllImport("libc", EntryPoint = "open", SetLastError = true)]
        public static extern int Open(byte[] path, int flags);

        [DllImport("libc", EntryPoint = "flock", SetLastError = true)]
        public static extern int Flock(int fd, int operation);

        [DllImport("libc", EntryPoint = "close", SetLastError = true)]
        public static extern int Close(int fd);

        [DllImport("kernel32.dll", SetLastError = true)]
        [return: MarshalAs(UnmanagedType.Bool)]
        public static extern bool LockFileEx(SafeFileHandle file, uint flags, uint reserved, uint lengthLow, uint lengthHigh, ref NativeOverlapped overlapped);

        [DllImport("kernel32.dll", SetLastError = true)]
        [return: MarshalAs(UnmanagedType.Bool)]
        public static extern bool UnlockFileEx(SafeFileHandle file, uint reserved, uint lengthLow, uint lengthHigh, ref NativeOverlapped overlapped);

        public static byte[] Utf8Z(string path)
        {
            var bytes = new byte[Encoding.UTF8.GetByteCount(path) + 1];
            Encoding.UTF8.GetBytes(path, 0, path.Length, bytes, 0);
            return bytes;
        }
    }
}
