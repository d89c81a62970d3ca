using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;

namespace GoCaches.Leases;

/// <summary>
/// A lease on one Go cache (module cache or build cache): an advisory lock on the file
/// <c>&lt;root&gt;/.gocaches-leases/lease</c>. Every go build this project starts holds it <b>shared</b> while its
/// go process runs; a whole-cache removal (clean, prune) takes it <b>exclusively</b> before removing anything. The
/// kernel drops a lock when its process dies, so a killed job never blocks anyone.
/// </summary>
/// <remarks>
/// <para>Beside the lock file, each shared holder keeps <c>holder-&lt;pid&gt;-&lt;id&gt;.json</c> (who it is and which
/// project it builds), itself locked while the holder lives, so that a removal can say whom it waits for and a
/// prune can keep what they need; a holder file whose lock is gone is stale and removed.</para>
/// <para>"Last one out cleans": a clean that gives up waiting records itself in <c>deferred-clean.json</c>; a holder
/// releasing its lease then tries the exclusive lock, and the one that gets it (the last) performs the clean.</para>
/// <para>Go processes this project did not start take no lease; on Linux they are found through <c>/proc</c>
/// (<see cref="Users"/>) and count as holders. Go itself, the inventories and the cleaners ignore the lease
/// directory (<see cref="DirectoryName"/>).</para>
/// </remarks>
public sealed class CacheLease : IDisposable
{
    /// <summary>The directory inside a cache that holds the lease files; never part of the cache's contents.</summary>
    public const string DirectoryName = ".gocaches-leases";

    /// <summary>The variable set on every go process started under a lease (its value: the holder's process id).</summary>
    public const string HolderVariable = "GOCACHES_LEASE_HOLDER";

    private const string LockFileName = "lease";
    private const string HolderPrefix = "holder-";

    private readonly LeaseLock? _lock;
    private readonly LeaseLock? _holderFile;
    private readonly string? _holderPath;
    private readonly Action<string>? _log;
    private bool _released;

    private CacheLease(string root, CacheKind kind, bool exclusive, LeaseLock? held, LeaseLock? holderFile, string? holderPath, TimeSpan waited, string? note, Action<string>? log)
    {
        Root = root;
        Kind = kind;
        Exclusive = exclusive;
        _lock = held;
        _holderFile = holderFile;
        _holderPath = holderPath;
        Waited = waited;
        Note = note;
        _log = log;
    }

    /// <summary>Gets the default time a removal waits for running builds before it defers or skips: 30 seconds.</summary>
    public static TimeSpan DefaultWait { get; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets the default time a build waits for a clean in progress before it fails: 10 minutes.</summary>
    public static TimeSpan DefaultBuildWait { get; } = TimeSpan.FromMinutes(10);

    /// <summary>Gets the cache root, normalized.</summary>
    public string Root { get; }

    /// <summary>Gets which cache it is.</summary>
    public CacheKind Kind { get; }

    /// <summary>Gets a value indicating whether the lease is exclusive (a removal) rather than shared (a build).</summary>
    public bool Exclusive { get; }

    /// <summary>Gets a value indicating whether a lock is held (false when the cache could not be leased, see <see cref="Note"/>).</summary>
    public bool Held => _lock?.Held == true;

    /// <summary>Gets how long taking the lease waited.</summary>
    public TimeSpan Waited { get; }

    /// <summary>Gets why no lock is held (e.g. the cache is read-only for this user), or null.</summary>
    public string? Note { get; }

    /// <summary>Gets the lease directory of a cache root.</summary>
    /// <param name="root">The cache root.</param>
    /// <returns>The directory.</returns>
    public static string DirectoryOf(string root) => Path.Combine(root, DirectoryName);

    /// <summary>
    /// Takes a shared lease for a build. Waits while a removal holds the cache exclusively (a clean in progress). A
    /// cache the user cannot write to cannot be leased (nor cleaned by that user): the lease is then not held and
    /// <see cref="Note"/> says why, and the build goes on.
    /// </summary>
    /// <param name="root">The cache root (created when missing).</param>
    /// <param name="kind">Which cache it is.</param>
    /// <param name="description">Who holds it, for others' messages, e.g. <c>GoBuild in /src/service</c>.</param>
    /// <param name="project">The Go project directory the build uses (its go.mod/go.work), or null.</param>
    /// <param name="log">Receives a line when the build has to wait, and when it performs a deferred clean on release.</param>
    /// <param name="timeout">How long to wait for a clean in progress; default <see cref="DefaultBuildWait"/>.</param>
    /// <param name="cancellationToken">Stops the wait.</param>
    /// <returns>The lease; dispose it (or call <see cref="Release"/>) when the go process has exited.</returns>
    /// <exception cref="GoModCacheException">The root is not absolute, or the wait timed out.</exception>
    public static CacheLease AcquireShared(string root, CacheKind kind, string description, string? project = null, Action<string>? log = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var normalized = NormalizeRoot(root);
        var stopwatch = Stopwatch.StartNew();
        var limit = timeout ?? DefaultBuildWait;
        var delay = 5;
        var told = false;
        LeaseLock? held = null;
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                held = LeaseLock.Open(Path.Combine(DirectoryOf(normalized), LockFileName));
                if (held.TryLock(exclusive: false))
                {
                    if (held.IsStillInPlace())
                    {
                        break;
                    }

                    held.Dispose();
                    held = null;
                    continue;
                }

                held.Dispose();
                held = null;
                if (stopwatch.Elapsed >= limit)
                {
                    throw new GoModCacheException($"Timed out after {limit.TotalSeconds:0.#} s waiting for a clean of the {Name(kind)} {normalized} to finish before building.");
                }

                if (!told)
                {
                    told = true;
                    log?.Invoke($"Waiting for a clean of the {Name(kind)} {normalized} to finish before building.");
                }

                cancellationToken.WaitHandle.WaitOne(delay);
                delay = Math.Min(delay * 2, 100);
            }
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            held?.Dispose();
            var note = $"The {Name(kind)} {normalized} cannot be leased ({ex.Message}); this build is not protected from a concurrent clean.";
            log?.Invoke(note);
            return new CacheLease(normalized, kind, exclusive: false, null, null, null, stopwatch.Elapsed, note, log);
        }

        var (holderFile, holderPath) = WriteHolderFile(normalized, description, project);
        if (told)
        {
            log?.Invoke($"The clean of the {Name(kind)} {normalized} finished after {stopwatch.Elapsed.TotalSeconds:0.0} s; building.");
        }

        return new CacheLease(normalized, kind, exclusive: false, held, holderFile, holderPath, stopwatch.Elapsed, null, log);
    }

    /// <summary>
    /// Takes the lease exclusively for a whole-cache removal, waiting up to <paramref name="wait"/> for the builds
    /// (and, on Linux, other go processes) using the cache to finish.
    /// </summary>
    /// <param name="root">The cache root.</param>
    /// <param name="kind">Which cache it is.</param>
    /// <param name="wait">How long to wait for others (see <see cref="DefaultWait"/>); zero: try once.</param>
    /// <param name="result">What happened: <see cref="CacheLeaseOutcome.Free"/> or <see cref="CacheLeaseOutcome.Waited"/> when
    /// the lease is returned; otherwise <see cref="CacheLeaseOutcome.Deferred"/> with the holders (the caller decides to defer or skip).</param>
    /// <param name="operation">What the removal is, for messages (<c>clean</c>, <c>prune</c>).</param>
    /// <param name="log">Receives one line when the removal starts waiting.</param>
    /// <param name="cancellationToken">Stops the wait.</param>
    /// <returns>The exclusive lease, or null when others still use the cache.</returns>
    /// <exception cref="GoModCacheException">The root is not absolute.</exception>
    public static CacheLease? TryAcquireExclusive(string root, CacheKind kind, TimeSpan wait, out CacheLeaseResult result, string operation = "clean", Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        var normalized = NormalizeRoot(root);
        var stopwatch = Stopwatch.StartNew();
        var delay = 10;
        IReadOnlyList<CacheLeaseHolder> waitedFor = [];
        var dir = DirectoryOf(normalized);
        if (!Directory.Exists(normalized))
        {
            // Nothing to remove and nobody building: no lease file is made for a cache that does not exist.
            result = new CacheLeaseResult { Root = normalized, Kind = kind, Outcome = CacheLeaseOutcome.Free, Operation = operation };
            return new CacheLease(normalized, kind, exclusive: true, null, null, null, TimeSpan.Zero, "The cache does not exist.", log);
        }

        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            LeaseLock? held = null;
            IReadOnlyList<CacheLeaseHolder> holders;
            try
            {
                held = LeaseLock.Open(Path.Combine(dir, LockFileName));
                if (held.TryLock(exclusive: true) && held.IsStillInPlace())
                {
                    var external = GoProcessScanner.Find(normalized, kind);
                    if (external.Count == 0)
                    {
                        var outcome = stopwatch.Elapsed > TimeSpan.FromMilliseconds(1) && waitedFor.Count > 0 ? CacheLeaseOutcome.Waited : CacheLeaseOutcome.Free;
                        result = new CacheLeaseResult { Root = normalized, Kind = kind, Outcome = outcome, Waited = outcome == CacheLeaseOutcome.Free ? TimeSpan.Zero : stopwatch.Elapsed, Holders = waitedFor, Operation = operation };
                        var lease = new CacheLease(normalized, kind, exclusive: true, held, null, null, stopwatch.Elapsed, null, log);
                        held = null;
                        return lease;
                    }

                    holders = external;
                }
                else
                {
                    holders = Users(normalized, kind);
                }
            }
            catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
            {
                // A cache this user cannot write to: the removal itself will say what it cannot remove.
                held?.Dispose();
                result = new CacheLeaseResult { Root = normalized, Kind = kind, Outcome = CacheLeaseOutcome.Free, Operation = operation };
                return new CacheLease(normalized, kind, exclusive: true, null, null, null, stopwatch.Elapsed, $"The {Name(kind)} cannot be leased: {ex.Message}", log);
            }
            finally
            {
                held?.Dispose();
            }

            if (waitedFor.Count == 0 || holders.Count > 0)
            {
                waitedFor = holders.Count > 0 ? holders : waitedFor;
            }

            if (stopwatch.Elapsed >= wait)
            {
                result = new CacheLeaseResult { Root = normalized, Kind = kind, Outcome = CacheLeaseOutcome.Deferred, Waited = stopwatch.Elapsed, Holders = waitedFor, Operation = operation };
                return null;
            }

            if (delay == 10)
            {
                log?.Invoke($"{(holders.Count == 0 ? "Another build is finishing with" : holders.Count == 1 ? "1 other build is using" : holders.Count.ToString(CultureInfo.InvariantCulture) + " other builds are using")} the {Name(kind)} {normalized}" +
                    (holders.Count > 0 ? " (" + string.Join("; ", holders.Take(5).Select(h => h.Description)) + ")" : string.Empty) +
                    $": waiting up to {wait.TotalSeconds:0.#} s before the {operation}.");
            }

            cancellationToken.WaitHandle.WaitOne(delay);
            delay = Math.Min(delay * 2, 250);
        }
    }

    /// <summary>
    /// Lists who uses a cache right now: live holders of shared leases (stale holder files are removed) and, on
    /// Linux, go processes this project did not start whose environment names this cache.
    /// </summary>
    /// <param name="root">The cache root.</param>
    /// <param name="kind">Which cache it is.</param>
    /// <returns>The holders.</returns>
    public static IReadOnlyList<CacheLeaseHolder> Users(string root, CacheKind kind)
    {
        var normalized = NormalizeRoot(root);
        var holders = new List<CacheLeaseHolder>();
        var dir = DirectoryOf(normalized);
        string[] files;
        try
        {
            files = Directory.GetFiles(dir, HolderPrefix + "*.json");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            files = [];
        }

        foreach (var file in files)
        {
            try
            {
                using var holder = LeaseLock.Open(file);
                if (holder.TryLock(exclusive: false))
                {
                    // Its owner died without cleaning up: the kernel dropped its lock.
                    TryDelete(file);
                    continue;
                }

                holders.Add(ParseHolder(holder.ReadText(), file));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
            {
            }
        }

        holders.AddRange(GoProcessScanner.Find(normalized, kind));
        return holders;
    }

    /// <summary>
    /// Releases the lease. A shared holder that finds a deferred clean recorded tries the exclusive lock; the last
    /// holder out gets it and performs the clean (unless go processes not started by this project still use the
    /// cache: the record then stays for the next one).
    /// </summary>
    /// <returns>What the release did: the deferred clean's one-line summary, or null when it performed none.</returns>
    public string? Release()
    {
        if (_released)
        {
            return null;
        }

        _released = true;
        string? performed = null;
        try
        {
            if (_holderFile != null)
            {
                TryDelete(_holderPath!);
                _holderFile.Dispose();
            }

            if (_lock == null || Exclusive)
            {
                return null;
            }

            _lock.Unlock();
            var marker = DeferredClean.PathOf(Root);
            if (File.Exists(marker) && _lock.TryLock(exclusive: true) && _lock.IsStillInPlace())
            {
                var external = GoProcessScanner.Find(Root, Kind);
                if (external.Count > 0)
                {
                    _log?.Invoke($"A deferred clean of the {Name(Kind)} {Root} waits: {string.Join("; ", external.Select(e => e.Description))} still use it.");
                }
                else
                {
                    performed = DeferredClean.Perform(Root, Kind);
                    _log?.Invoke(performed);
                }
            }
        }
        catch (GoModCacheException ex)
        {
            performed = $"The deferred clean of the {Name(Kind)} {Root} failed: {ex.Message}";
            _log?.Invoke(performed);
        }
        finally
        {
            _lock?.Dispose();
        }

        return performed;
    }

    /// <summary>Releases the lease (see <see cref="Release"/>).</summary>
    public void Dispose() => Release();

    internal static string Name(CacheKind kind) => kind == CacheKind.ModuleCache ? "module cache" : "build cache";

    internal static string NormalizeRoot(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        return GoCacheLocations.Normalize(root) ?? throw new GoModCacheException($"The cache path '{root}' is not absolute.");
    }

    /// <summary>Describes the current process as a holder, e.g. <c>GoBuild in /src/service (process 4242)</c>.</summary>
    internal static string Describe(string what, string? project) =>
        string.Create(CultureInfo.InvariantCulture, $"{what}{(project == null ? string.Empty : " in " + project)} (process {Environment.ProcessId})");

    private static (LeaseLock? File, string? Path) WriteHolderFile(string root, string description, string? project)
    {
        var dir = DirectoryOf(root);
        var name = string.Create(CultureInfo.InvariantCulture, $"{HolderPrefix}{Environment.ProcessId}-{Guid.NewGuid():N}");
        var temp = Path.Combine(dir, name + ".tmp");
        var path = Path.Combine(dir, name + ".json");
        LeaseLock? file = null;
        try
        {
            File.WriteAllText(temp, JsonSerializer.Serialize(new HolderRecord(Environment.ProcessId, description, project, DateTimeOffset.UtcNow)));
            file = LeaseLock.Open(temp);
            if (!file.TryLock(exclusive: true))
            {
                file.Dispose();
                TryDelete(temp);
                return (null, null);
            }

            // Renamed only once locked: a reader never takes a holder file that is not locked yet for a stale one.
            File.Move(temp, path);
            return (file, path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            file?.Dispose();
            TryDelete(temp);
            return (null, null);
        }
    }

    private static CacheLeaseHolder ParseHolder(string json, string file)
    {
        var record = JsonSerializer.Deserialize<HolderRecord>(json);
        if (record == null)
        {
            return new CacheLeaseHolder(0, Path.GetFileName(file), null, null, External: false);
        }

        return new CacheLeaseHolder(record.Pid, record.Description, record.Project, record.Since, External: false);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }

    private sealed record HolderRecord(int Pid, string Description, string? Project, DateTimeOffset Since);
}
