using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Text;
using System.Threading;
using Microsoft.Win32.SafeHandles;

namespace GoCaches.Eviction;

/// <summary>
/// The exclusive lock Go's own code takes on a module version's <c>&lt;v&gt;.lock</c> file
/// (<c>cmd/go/internal/lockedfile.MutexAt</c>) while it downloads or extracts that version.
/// </summary>
/// <remarks>
/// On Linux, macOS and FreeBSD the file is opened read-write (created when missing, mode 0666 less the
/// umask, as Go does) and locked with <c>flock(fd, LOCK_EX)</c>, the call Go makes; the lock is polled
/// with <c>LOCK_NB</c> so that waiting can time out and be cancelled. On Windows the file is opened with
/// full sharing and its whole range locked, which conflicts with Go's <c>LockFileEx</c> over the whole
/// range without making Go's own open fail with a sharing violation (a <c>FileShare.None</c> open would).
/// </remarks>
internal sealed class GoFileLock : IDisposable
{
    private readonly int _fd;
    private readonly FileStream? _windowsStream;
    private string? _identity;

    private GoFileLock(string path, int fd, FileStream? windowsStream, TimeSpan waited)
    {
        Path = path;
        _fd = fd;
        _windowsStream = windowsStream;
        Waited = waited;
    }

    /// <summary>Gets the lock file.</summary>
    public string Path { get; }

    /// <summary>Gets how long acquiring the lock took.</summary>
    public TimeSpan Waited { get; }

    /// <summary>
    /// Gets the locked file as <c>/proc/locks</c> names it (<c>major:minor:inode</c>), read from this process's
    /// <c>/proc/self/fdinfo</c> entry for the lock's descriptor while the lock is held; null where that cannot be read
    /// (not Linux, or released).
    /// </summary>
    public string? Identity => _identity ??= ReadIdentity();

    /// <summary>Takes the lock, waiting for another holder (a go command) up to <paramref name="timeout"/>.</summary>
    /// <param name="path">The lock file; created when missing (its directory must exist).</param>
    /// <param name="timeout">How long to wait for another holder.</param>
    /// <param name="what">What the lock guards, for the error message (e.g. <c>example.com/a@v1.0.0</c>).</param>
    /// <param name="cancellationToken">Stops the wait.</param>
    /// <returns>The held lock; dispose it to release.</returns>
    /// <exception cref="GoModCacheException">The wait timed out, or the file cannot be opened or locked.</exception>
    public static GoFileLock Acquire(string path, TimeSpan timeout, string what, CancellationToken cancellationToken = default) =>
        Acquire(path, timeout, what, null, cancellationToken);

    /// <summary>Takes the lock, waiting for another holder up to <paramref name="timeout"/>.</summary>
    /// <param name="path">The lock file; created when missing (its directory must exist).</param>
    /// <param name="timeout">How long to wait for another holder.</param>
    /// <param name="what">What the lock guards, for the error message.</param>
    /// <param name="timeoutMessage">The error message when the wait times out, or null for one about Go's own lock.</param>
    /// <param name="cancellationToken">Stops the wait.</param>
    /// <returns>The held lock; dispose it to release.</returns>
    /// <exception cref="GoModCacheException">The wait timed out, or the file cannot be opened or locked.</exception>
    public static GoFileLock Acquire(string path, TimeSpan timeout, string what, string? timeoutMessage, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var delay = 5;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var held = OperatingSystem.IsWindows() ? TryWindows(path, stopwatch) : TryUnix(path, stopwatch);
            if (held != null)
            {
                return held;
            }

            if (stopwatch.Elapsed >= timeout)
            {
                throw new GoModCacheException(timeoutMessage ??
                    $"Timed out after {timeout.TotalSeconds:0.#} s waiting for Go's lock on '{path}': a go command is downloading or extracting {what}. " +
                    "Try again when it has finished, or allow a longer lock timeout.");
            }

            // Poll quickly at first (Go holds the lock for milliseconds when it extracts a small module), then back off.
            cancellationToken.WaitHandle.WaitOne(delay);
            delay = Math.Min(delay * 2, 200);
        }
    }

    /// <summary>
    /// Replaces the locked file's contents through the locked handle, as Go's <c>lockedfile.Edit</c> writers
    /// do: truncate to zero, extend to the new length (zero-filled, so a torn write shows), then write.
    /// </summary>
    /// <param name="contents">The new contents.</param>
    public void ReplaceContents(byte[] contents)
    {
        ArgumentNullException.ThrowIfNull(contents);
        try
        {
            if (_windowsStream != null)
            {
                Replace(_windowsStream, contents);
                return;
            }

            using var handle = new SafeFileHandle(_fd, ownsHandle: false);
            using var stream = new FileStream(handle, FileAccess.ReadWrite, bufferSize: 0);
            Replace(stream, contents);
        }
        catch (IOException ex)
        {
            throw new GoModCacheException($"Cannot rewrite '{Path}': {ex.Message}", ex);
        }
    }

    /// <summary>Releases the lock. The lock file itself is left in place, as Go leaves it.</summary>
    public void Dispose()
    {
        if (_windowsStream != null && OperatingSystem.IsWindows())
        {
            try
            {
                _windowsStream.Unlock(0, long.MaxValue);
            }
            catch (IOException)
            {
                // Closing the handle releases the lock too.
            }

            _windowsStream.Dispose();
            return;
        }

        if (_fd >= 0)
        {
            _ = NativeMethods.Flock(_fd, NativeMethods.LockUn);
            _ = NativeMethods.Close(_fd);
        }
    }

    private string? ReadIdentity()
    {
        if (_fd < 0 || !OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            // "lock:\t1: FLOCK  ADVISORY  WRITE 1848 fe:00:11657303 0 EOF": the fields of a /proc/locks line.
            foreach (var line in File.ReadLines("/proc/self/fdinfo/" + _fd.ToString(CultureInfo.InvariantCulture)))
            {
                if (line.StartsWith("lock:", StringComparison.Ordinal))
                {
                    var fields = line[5..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
                    return fields.Length > 5 && fields[1] == "FLOCK" ? fields[5] : null;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }

        return null;
    }

    private static void Replace(FileStream stream, byte[] contents)
    {
        stream.SetLength(0);
        stream.SetLength(contents.Length);
        stream.Position = 0;
        stream.Write(contents);
        stream.Flush();
    }

    private static GoFileLock? TryUnix(string path, Stopwatch stopwatch)
    {
        var fd = NativeMethods.Open(NativeMethods.Utf8Z(path), NativeMethods.ORdWr | NativeMethods.OCloExec);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno == NativeMethods.ENoEnt)
            {
                CreateLockFile(path);
                return null;
            }

            if (errno == NativeMethods.EIntr)
            {
                return null;
            }

            throw new GoModCacheException($"Cannot open Go's lock file '{path}' for writing: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}). The module cache must be writable by the user who prunes it.");
        }

        var result = NativeMethods.Flock(fd, NativeMethods.LockEx | NativeMethods.LockNb);
        if (result == 0)
        {
            return new GoFileLock(path, fd, null, stopwatch.Elapsed);
        }

        var lockErrno = Marshal.GetLastPInvokeError();
        _ = NativeMethods.Close(fd);
        if (lockErrno == NativeMethods.EWouldBlock || lockErrno == NativeMethods.EIntr)
        {
            return null;
        }

        throw new GoModCacheException($"Cannot lock Go's lock file '{path}' with flock: {Marshal.GetPInvokeErrorMessage(lockErrno)} (errno {lockErrno}). Go cannot lock files on this file system either.");
    }

    private static void CreateLockFile(string path)
    {
        // Created through .NET (mode 0666 less the umask, as Go creates it); the next round opens and flocks it.
        // .NET may try a shared flock while opening: if a go command holds the lock right now, that throws and
        // the next round simply tries again.
        try
        {
            using var created = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (IOException) when (File.Exists(path))
        {
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new GoModCacheException($"Cannot create Go's lock file '{path}': {ex.Message} The module cache must be writable by the user who prunes it.", ex);
        }
        catch (DirectoryNotFoundException ex)
        {
            throw new GoModCacheException($"Cannot create Go's lock file '{path}': its directory does not exist.", ex);
        }
    }

    [SupportedOSPlatform("windows")]
    private static GoFileLock? TryWindows(string path, Stopwatch stopwatch)
    {
        FileStream? stream = null;
        try
        {
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
            stream.Lock(0, long.MaxValue);
            var held = new GoFileLock(path, -1, stream, stopwatch.Elapsed);
            stream = null;
            return held;
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new GoModCacheException($"Cannot open Go's lock file '{path}' for writing: {ex.Message} The module cache must be writable by the user who prunes it.", ex);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Locked (or, briefly, opened without sharing) by a go command: try again.
            return null;
        }
        finally
        {
            stream?.Dispose();
        }
    }

    private static class NativeMethods
    {
        public const int LockEx = 2;
        public const int LockNb = 4;
        public const int LockUn = 8;
        public const int ORdWr = 2;
        public const int ENoEnt = 2;
        public const int EIntr = 4;

        public static readonly int OCloExec = OperatingSystem.IsMacOS() || OperatingSystem.IsIOS() ? 0x1000000
            : OperatingSystem.IsFreeBSD() ? 0x100000
            : 0x80000;

        public static readonly int EWouldBlock = OperatingSystem.IsLinux() ? 11 : 35;

        // Two-argument open: without O_CREAT the mode is not read, so no variadic argument is passed (which
        // Apple's arm64 calling convention would need on the stack).
        [DllImport("libc", EntryPoint = "open", SetLastError = true)]
        public static extern int Open(byte[] path, int flags);

        [DllImport("libc", EntryPoint = "flock", SetLastError = true)]
        public static extern int Flock(int fd, int operation);

        [DllImport("libc", EntryPoint = "close", SetLastError = true)]
        public static extern int Close(int fd);

        /// <summary>The path as a NUL-terminated UTF-8 string.</summary>
        public static byte[] Utf8Z(string path)
        {
            var bytes = new byte[Encoding.UTF8.GetByteCount(path) + 1];
            Encoding.UTF8.GetBytes(path, 0, path.Length, bytes, 0);
            return bytes;
        }
    }
}
