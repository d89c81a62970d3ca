using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using GoCaches.Go;
using GoCaches.Inventory;
using GoCaches.Leases;
using GoCaches.Modules;

namespace GoCaches.Eviction;

/// <summary>
/// Evicts module versions from a Go module cache the way Go's own code expects, so that a go command never
/// trusts a half-deleted tree. For each version, under Go's lock on
/// <c>cache/download/&lt;path&gt;/@v/&lt;v&gt;.lock</c>: write the <c>&lt;v&gt;.partial</c> marker Go uses for an
/// unfinished extraction (the <c>.zip</c> removed just before it); wait the <see cref="EvictionOptions.GracePeriod"/>; make the
/// read-only tree writable and remove it (never following symbolic links, never outside the cache root); then,
/// the directory being gone, remove <c>.ziphash</c>, <c>.info</c> and <c>.mod</c> and rewrite <c>@v/list</c> as
/// Go does; remove the marker; release the lock.
/// </summary>
/// <remarks>
/// <para>
/// A go command that looks the version up once the marker is written waits for the lock, then extracts it
/// again from the zip (kept with <see cref="EvictionOptions.KeepDownloadFiles"/>) or downloads it again. The
/// zip goes just before the marker, not after the tree: a go command that saw the marker and then found the zip
/// would wait for the lock holding a zip path that no longer exists when it gets it (and fail); with the zip gone
/// before the marker appears, it takes the download path instead. A crash at any step leaves a state Go repairs itself:
/// the marker makes it remove what is left and extract (or download) again.
/// </para>
/// <para>
/// Go downloads a version in two steps, each under the version's lock, and releases the lock in between: the zip,
/// then the tree. A version found with a zip written in the last 30 seconds, no tree and no marker is between the
/// two: it is left as it is (<see cref="EvictionResult.InUse"/>), since taking its zip would make that go command
/// fail once it has the lock.
/// </para>
/// <para>
/// Go's readers take no lock: a go command that had found the tree complete before the marker was written, and
/// opened one of its files after the tree is removed, would fail with "no such file or directory". So the trees go
/// only after the grace period and once every go command that was running with this module cache when the
/// versions were marked has exited (<see cref="EvictionOptions.GoCommandWait"/>; Linux, through <c>/proc</c>).
/// What is left, and comes from Go (<c>go clean -modcache</c> has none of this): go commands this user cannot see
/// (other users', other containers'), a command still running after the longest wait, and a command blocked on
/// the lock of one marked version that had read another version for whose lock a second command waits (a version
/// a blocked command waits for goes first; the rest of its batch waits until the blocked commands have exited).
/// </para>
/// <para>
/// The <c>.lock</c> file is left in place (zero bytes), as Go itself never removes it: deleting a lock file
/// another process has open would let two processes hold "the" lock at once. Empty parent directories are
/// left too; Go recreates what it needs.
/// </para>
/// </remarks>
public sealed class ModuleVersionEvictor
{
    // How many versions one batch of EvictAll locks and marks together (one open file each)...
    private const int BatchSize = 64;

    // ...and how many batches may wait out their grace periods at once: at most 2,048 open lock files (.NET raises
    // the soft limit on open files to the hard one, usually 4,096 or more), enough for most prunes to wait once.
    private const int BatchesHeld = 32;

    // How recent a zip without a tree must be to count as one a go command has just downloaded and is about to
    // extract (see Begin). Go writes the zip and extracts it within one go command, moments apart.
    private static readonly TimeSpan JustDownloaded = TimeSpan.FromSeconds(30);

    // The zip goes first (see Begin); then, once the directory is gone, the rest.
    private static readonly (string Suffix, DownloadFiles File)[] DownloadFileOrder =
    [
        (".zip", DownloadFiles.Zip),
        (".ziphash", DownloadFiles.ZipHash),
        (".info", DownloadFiles.Info),
        (".mod", DownloadFiles.Mod),
    ];

    /// <summary>Initializes a new instance of the <see cref="ModuleVersionEvictor"/> class.</summary>
    /// <param name="cacheRoot">The module cache root (<c>GOMODCACHE</c>).</param>
    /// <param name="options">Options; defaults when null.</param>
    /// <exception cref="GoModCacheException">The root fails <see cref="CacheRootGuard.Check"/>.</exception>
    public ModuleVersionEvictor(string cacheRoot, EvictionOptions? options = null)
    {
        Options = options ?? new EvictionOptions();
        Root = CacheRootGuard.Check(cacheRoot, Options.GoPathEntries);
    }

    /// <summary>Gets the checked, normalized module cache root.</summary>
    public string Root { get; }

    /// <summary>Gets the options.</summary>
    public EvictionOptions Options { get; }

    /// <summary>Called at each step of an eviction, while the lock is held (tests use it to act mid-eviction).</summary>
    internal Action<EvictionStage, ModuleVersion>? StageHook { get; set; }

    /// <summary>Makes an evictor for the module cache of a Go environment (its <c>GOMODCACHE</c>, guarded against its <c>GOPATH</c>).</summary>
    /// <param name="environment">The Go environment.</param>
    /// <param name="keepDownloadFiles">Whether to remove only extracted directories.</param>
    /// <returns>The evictor.</returns>
    public static ModuleVersionEvictor For(GoEnvironment environment, bool keepDownloadFiles = false)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return new ModuleVersionEvictor(environment.GoModCache, new EvictionOptions { KeepDownloadFiles = keepDownloadFiles, GoPathEntries = environment.GoPathEntries });
    }

    /// <summary>Evicts one module version.</summary>
    /// <param name="modulePath">The module path (not escaped), e.g. <c>github.com/BurntSushi/toml</c>.</param>
    /// <param name="version">The version (not escaped), e.g. <c>v1.3.2</c>.</param>
    /// <param name="cancellationToken">Stops a wait for the lock (never a removal half-way).</param>
    /// <returns>What was removed; nothing when the cache does not hold the version.</returns>
    /// <exception cref="GoModCacheException">The path or version is invalid, the lock wait timed out, or something could not be removed.</exception>
    public EvictionResult Evict(string modulePath, string version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(modulePath);
        ArgumentNullException.ThrowIfNull(version);
        if (ModuleVersion.CheckPath(modulePath) is { } pathError)
        {
            throw new GoModCacheException($"Cannot evict '{modulePath}@{version}': {pathError}");
        }

        if (ModuleVersion.CheckVersion(version) is { } versionError)
        {
            throw new GoModCacheException($"Cannot evict '{modulePath}@{version}': {versionError}");
        }

        return Evict(new ModuleVersion(modulePath, version), cancellationToken);
    }

    /// <summary>Evicts one module version.</summary>
    /// <param name="module">The module version.</param>
    /// <param name="cancellationToken">Stops a wait for the lock (never a removal half-way).</param>
    /// <returns>What was removed; nothing when the cache does not hold the version.</returns>
    /// <exception cref="GoModCacheException">The path or version is invalid, the lock wait timed out, or something could not be removed.</exception>
    public EvictionResult Evict(ModuleVersion module, CancellationToken cancellationToken = default)
    {
        using var pending = Prepare(module);
        if (pending == null)
        {
            return new EvictionResult(module, false, DownloadFiles.None, TreeSize.Empty, TimeSpan.Zero);
        }

        Guarded(module, () => Begin(pending, cancellationToken));
        if (pending.Marked && Options.GracePeriod > TimeSpan.Zero)
        {
            var watch = NewWatch();
            var commands = watch.Snapshot();
            Thread.Sleep(Options.GracePeriod);
            watch.WaitUntilClear(commands);
        }

        EvictionResult? result = null;
        Guarded(module, () => result = Finish(pending, rewriteList: true, cancellationToken));
        return result!;
    }

    /// <summary>
    /// Evicts many module versions in batches. Each version of a batch is locked and marked; a batch is finished
    /// (its trees removed, its locks released) once the <see cref="EvictionOptions.GracePeriod"/> has passed since
    /// it was marked. The grace periods of batches overlap: while one batch waits, the next ones are marked (up to
    /// a bound on the versions held locked at once), so a prune of hundreds of versions waits about one grace
    /// period, not one per batch. A version that fails (a lock that times out, a file that cannot be removed) is
    /// reported and the rest go on.
    /// </summary>
    /// <param name="modules">The module versions.</param>
    /// <param name="onEach">Called for each version, in order, with its result or its error.</param>
    /// <param name="cancellationToken">Stops before the next batch (a begun batch is always finished).</param>
    public void EvictAll(IEnumerable<ModuleVersion> modules, Action<ModuleVersion, EvictionResult?, GoModCacheException?> onEach, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(modules);
        ArgumentNullException.ThrowIfNull(onEach);
        var canceled = false;
        var held = new Queue<Batch>();
        var watch = NewWatch();
        try
        {
            foreach (var versions in modules.Chunk(BatchSize))
            {
                cancellationToken.ThrowIfCancellationRequested();
                held.Enqueue(BeginBatch(versions, watch, cancellationToken, out canceled));

                // One batch finished for each one marked once grace periods start to run out and the go commands
                // seen at its marking are done (so that marking goes on meanwhile), and the oldest whenever too
                // many versions are held.
                if (held.Peek().GraceLeft(Options.GracePeriod) <= TimeSpan.Zero && watch.IsClear(held.Peek().Commands))
                {
                    FinishBatch(held.Dequeue(), held, watch, onEach);
                }

                while (held.Count > BatchesHeld)
                {
                    FinishBatch(held.Dequeue(), held, watch, onEach);
                }

                if (canceled)
                {
                    break;
                }
            }

            while (held.Count > 0)
            {
                FinishBatch(held.Dequeue(), held, watch, onEach);
            }
        }
        finally
        {
            // Only when something threw: release every lock still held (the markers stay, so Go repairs the trees).
            foreach (var batch in held)
            {
                foreach (var (_, pending, _) in batch.Begun)
                {
                    pending?.Dispose();
                }
            }
        }

        if (canceled)
        {
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    // Locks and marks each version of a batch, on several workers (the versions' locks and trees are their own); a
    // version that fails to begin is kept with its error. Once the wait is cancelled, no further version begins.
    private Batch BeginBatch(ModuleVersion[] versions, GoCommandWatch watch, CancellationToken cancellationToken, out bool canceled)
    {
        var slots = new (ModuleVersion Module, Pending? Pending, GoModCacheException? Error)?[versions.Length];
        var stop = 0;
        try
        {
            TreeRemover.OnWorkers(versions.Length, i =>
            {
                if (Volatile.Read(ref stop) != 0)
                {
                    return;
                }

                var module = versions[i];
                Pending? pending = null;
                try
                {
                    pending = Prepare(module);
                    if (pending != null)
                    {
                        Guarded(module, () => Begin(pending, cancellationToken));
                    }

                    slots[i] = (module, pending, null);
                }
                catch (GoModCacheException ex)
                {
                    pending?.Dispose();
                    slots[i] = (module, null, ex);
                }
                catch (OperationCanceledException)
                {
                    // Versions already marked are finished; none is left half-way.
                    pending?.Dispose();
                    Volatile.Write(ref stop, 1);
                }
            });
        }
        catch
        {
            foreach (var slot in slots)
            {
                slot?.Pending?.Dispose();
            }

            throw;
        }

        canceled = stop != 0;
        var begun = slots.Where(s => s.HasValue).Select(s => s!.Value).ToList();
        var anyMarked = begun.Any(b => b.Pending?.Marked == true);
        var commands = anyMarked ? watch.Snapshot() : [];
        return new Batch(begun, Stopwatch.GetTimestamp(), anyMarked, commands);
    }

    // Waits what is left of the batch's grace period and for the go commands seen at its marking, then removes its
    // trees and releases its locks, and reports its versions in order. A go command seen at marking that is blocked
    // on the lock of a version still held (of this batch or a later one) cannot go on before that version is finished,
    // and may have read other versions of the batch before it blocked: that version is finished first (the command
    // downloads it again), and the rest wait until the command has gone on and exited.
    private void FinishBatch(Batch batch, IEnumerable<Batch> later, GoCommandWatch watch, Action<ModuleVersion, EvictionResult?, GoModCacheException?> onEach)
    {
        var left = batch.GraceLeft(Options.GracePeriod);
        if (left > TimeSpan.Zero)
        {
            Thread.Sleep(left);
        }

        while (true)
        {
            var look = watch.Look(batch.Commands);
            if (!look.Reading && look.WaitedFor.Count == 0)
            {
                break;
            }

            if (!look.Reading)
            {
                // A later batch's version goes early only when no command of its own marking may still read it.
                var first = new List<(Batch Batch, int Index)>();
                var held = false;
                foreach (var b in later.Prepend(batch))
                {
                    var waited = b.Unfinished().Where(i => b.Begun[i].Pending?.Lock?.Identity is { } id && look.WaitedFor.Contains(id)).ToList();
                    held |= waited.Count > 0;
                    if (waited.Count > 0 && (b == batch || !watch.Look(b.Commands).Reading))
                    {
                        first.AddRange(waited.Select(i => (b, i)));
                    }
                }

                if (first.Count > 0)
                {
                    FinishVersions(first);
                    continue;
                }

                if (!held)
                {
                    // Blocked on a lock of this process that is no version's (a cache lease): finishing cannot help it, so the batch goes now.
                    break;
                }
            }

            Thread.Sleep(GoCommandWatch.PollInterval);
        }

        FinishVersions(batch.Unfinished().Select(i => (batch, i)).ToList());
        for (var i = 0; i < batch.Begun.Count; i++)
        {
            onEach(batch.Begun[i].Module, batch.Outcomes[i].Result, batch.Outcomes[i].Error);
        }
    }

    // Removes the trees of the given versions and releases their locks, on several workers (the trees are disjoint),
    // and keeps each outcome with its batch. Each module's @v/list is rewritten once, after all of its versions here.
    private void FinishVersions(List<(Batch Batch, int Index)> versions)
    {
        var lists = new ConcurrentDictionary<string, ConcurrentBag<(Batch Batch, int Index)>>(StringComparer.Ordinal);
        TreeRemover.OnWorkers(versions.Count, n =>
        {
            var (batch, i) = versions[n];
            var (module, pending, error) = batch.Begun[i];
            if (error != null || pending == null)
            {
                batch.Outcomes[i] = (pending == null && error == null ? new EvictionResult(module, false, DownloadFiles.None, TreeSize.Empty, TimeSpan.Zero) : null, error);
            }
            else
            {
                try
                {
                    EvictionResult? result = null;
                    Guarded(module, () => result = Finish(pending, rewriteList: false, CancellationToken.None));
                    batch.Outcomes[i] = (result, null);
                    if ((result!.FilesRemoved & DownloadFiles.Mod) != 0)
                    {
                        lists.GetOrAdd(pending.DownloadDirectory, _ => []).Add((batch, i));
                    }
                }
                catch (GoModCacheException ex)
                {
                    batch.Outcomes[i] = (null, ex);
                }
                finally
                {
                    pending.Dispose();
                }
            }

            batch.Finished[i] = true;
        });

        var directories = lists.ToList();
        TreeRemover.OnWorkers(directories.Count, n =>
        {
            var (directory, finished) = directories[n];
            try
            {
                Guarded(finished.First().Batch.Begun[finished.First().Index].Module, () => RewriteVersionList(directory, Options.LockTimeout, CancellationToken.None));
            }
            catch (GoModCacheException ex)
            {
                foreach (var (batch, i) in finished)
                {
                    batch.Outcomes[i] = (null, ex);
                }
            }
        });
    }

    private GoCommandWatch NewWatch() => new(Root, Options.GracePeriod > TimeSpan.Zero ? Options.GoCommandWait : TimeSpan.Zero);

    // File system errors the steps do not already explain become GoModCacheExceptions that name the version.
    private static void Guarded(ModuleVersion module, Action step)
    {
        try
        {
            step();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new GoModCacheException($"Cannot evict '{module}': {ex.Message}", ex);
        }
    }

    // Checks the names and works out the paths; null when the cache holds nothing of the version (then no lock file is made).
    private Pending? Prepare(ModuleVersion module)
    {
        if (module.Path is null || module.Version is null)
        {
            throw new GoModCacheException("Cannot evict a module version with no path or version.");
        }

        if (ModuleVersion.CheckPath(module.Path) is { } pathError)
        {
            throw new GoModCacheException($"Cannot evict '{module}': {pathError}");
        }

        if (ModuleVersion.CheckVersion(module.Version) is { } versionError)
        {
            throw new GoModCacheException($"Cannot evict '{module}': {versionError}");
        }

        var escapedPath = ModulePathEscaping.EscapePath(module.Path).Replace('/', Path.DirectorySeparatorChar);
        var escapedVersion = ModulePathEscaping.EscapeVersion(module.Version);
        var directory = CacheRootGuard.CheckInside(Root, Path.Combine(Root, escapedPath + "@" + escapedVersion));
        var downloadDirectory = Path.Combine(Root, "cache", "download", escapedPath, "@v");
        var lockFile = CacheRootGuard.CheckInside(Root, Path.Combine(downloadDirectory, escapedVersion + ".lock"));
        var pending = new Pending(module, directory, downloadDirectory, escapedVersion, lockFile);
        var hasDownloadFiles = !Options.KeepDownloadFiles && DownloadFileOrder.Any(f => File.Exists(pending.DownloadFile(f.Suffix)));
        return pending.HasDirectory() || hasDownloadFiles || File.Exists(pending.Partial) ? pending : null;
    }

    // Under the lock: take away the zip, then mark the tree as unfinished, so that a go command arriving from now
    // on neither trusts the tree nor holds on to a zip that is about to go: it waits for the lock instead.
    private void Begin(Pending p, CancellationToken cancellationToken)
    {
        // Go creates the @v directory before it locks; so do we (a directory without download files is odd, but possible).
        CreateDirectory(p.DownloadDirectory);
        p.Lock = GoFileLock.Acquire(p.LockFile, Options.LockTimeout, p.Module.ToString(), cancellationToken);
        StageHook?.Invoke(EvictionStage.Locked, p.Module);

        // Re-checked under the lock: a go command may have extracted or removed the version while we waited.
        if (p.HasDirectory())
        {
            // Before anything changes: a tree another user owns cannot be made writable, and is then left as it is.
            if (new DirectoryInfo(p.Directory).LinkTarget == null)
            {
                TreeRemover.MakeWritable(p.Directory);
            }

            // The zip goes before the marker. A go command that sees the marker next stats the zip without the lock
            // and, finding it, waits for the lock holding a path that is gone when it gets it ("unzip …: no such
            // file or directory"); with the zip gone first, whoever sees the marker takes the download path. A go
            // command that still sees no marker trusts the complete tree and needs no zip (Go accepts a tree with
            // its .ziphash and no .zip: a crash between the two steps leaves a state Go uses as it is).
            TakeZip(p);
            WriteMarker(p.Partial);
            p.Marked = true;
            StageHook?.Invoke(EvictionStage.MarkedPartial, p.Module);
            return;
        }

        if (Options.LeaveJustDownloaded && !Options.KeepDownloadFiles && !File.Exists(p.Partial) && IsJustDownloaded(p.DownloadFile(".zip")))
        {
            // Go's download takes the version's lock twice: once to download the zip, then, after releasing it,
            // again to extract the tree. An evictor queued on the lock gets it in between: the zip is new, there
            // is no tree and no marker. Taking the zip away now would make that go command fail ("unzip …: no
            // such file or directory") once it gets the lock; the version is left as it is, for a later prune.
            p.InUse = true;
            p.Dispose();
            StageHook?.Invoke(EvictionStage.LeftInUse, p.Module);
            return;
        }

        TakeZip(p);
    }

    // The zip, and zip downloads a go command abandoned (written under this same lock, so no writer is active).
    private void TakeZip(Pending p)
    {
        if (Options.KeepDownloadFiles)
        {
            return;
        }

        p.Remove(".zip", DownloadFiles.Zip);
        foreach (var temp in Directory.EnumerateFiles(p.DownloadDirectory, p.EscapedVersion + ".zip*.tmp").ToList())
        {
            var digits = Path.GetFileName(temp)[(p.EscapedVersion.Length + 4)..^4];
            if (digits.All(char.IsAsciiDigit) && DeleteFile(temp) is { } length)
            {
                p.Count(length);
                p.RemovedFiles |= DownloadFiles.Temporary;
            }
        }
    }

    private static bool IsJustDownloaded(string zip)
    {
        var info = new FileInfo(zip);
        return info.Exists && DateTime.UtcNow - info.LastWriteTimeUtc < JustDownloaded;
    }

    // Removes the tree, then the download files; the version list is rewritten here or, for a batch, by the caller once per module.
    private EvictionResult Finish(Pending p, bool rewriteList, CancellationToken cancellationToken)
    {
        if (p.InUse)
        {
            return new EvictionResult(p.Module, false, DownloadFiles.None, TreeSize.Empty, p.LockWaited) { InUse = true };
        }

        if (p.HasDirectory())
        {
            if (!p.Marked)
            {
                WriteMarker(p.Partial);
                p.Marked = true;
            }

            TreeRemover.Remove(p.Directory, p.Count);
            if (p.HasDirectory())
            {
                throw new GoModCacheException($"'{p.Directory}' still exists after it was removed; the .partial marker stays so that Go will not trust it.");
            }

            p.DirectoryRemoved = true;
            StageHook?.Invoke(EvictionStage.DirectoryRemoved, p.Module);
        }

        if (!Options.KeepDownloadFiles)
        {
            foreach (var (suffix, file) in DownloadFileOrder)
            {
                p.Remove(suffix, file);
            }

            if (rewriteList && (p.RemovedFiles & DownloadFiles.Mod) != 0)
            {
                RewriteVersionList(p.DownloadDirectory, Options.LockTimeout, cancellationToken);
            }

            StageHook?.Invoke(EvictionStage.DownloadFilesRemoved, p.Module);
        }

        if (DeleteFile(p.Partial) is not null)
        {
            p.RemovedFiles |= DownloadFiles.Partial;
        }

        var waited = p.LockWaited;
        p.Dispose();
        return new EvictionResult(p.Module, p.DirectoryRemoved, p.RemovedFiles, new TreeSize(p.Bytes, p.Files, 0, 0), waited);
    }

    /// <summary>
    /// Rewrites <c>@v/list</c> from the <c>.mod</c> files present, as Go's <c>rewriteVersionList</c> does
    /// (canonical versions only, in semantic-version order, one per line), under the lock Go takes on the list
    /// itself. A missing list is left missing.
    /// </summary>
    internal static void RewriteVersionList(string downloadDirectory, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var listFile = Path.Combine(downloadDirectory, "list");
        if (!File.Exists(listFile))
        {
            return;
        }

        using var held = GoFileLock.Acquire(listFile, timeout, "the version list " + listFile, cancellationToken);
        var versions = Directory.EnumerateFiles(downloadDirectory, "*.mod")
            .Select(f => Path.GetFileName(f)[..^4])
            .Where(SemanticVersion.IsCanonical)
            .OrderBy(v => v, SemanticVersion.Comparer)
            .ToList();
        var text = string.Concat(versions.Select(v => v + "\n"));
        held.ReplaceContents(Encoding.UTF8.GetBytes(text));
    }

    private static void CreateDirectory(string directory)
    {
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new GoModCacheException($"Cannot create '{directory}': {ex.Message}", ex);
        }
    }

    private static void WriteMarker(string partial)
    {
        try
        {
            File.WriteAllBytes(partial, []);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new GoModCacheException($"Cannot write the marker '{partial}', so the version is left as it was: {ex.Message}", ex);
        }
    }

    internal static long? DeleteFile(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists && info.LinkTarget == null)
        {
            return null;
        }

        var length = info.LinkTarget == null ? info.Length : 0;
        try
        {
            if (OperatingSystem.IsWindows() && info.IsReadOnly)
            {
                info.IsReadOnly = false;
            }

            info.Delete();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new GoModCacheException($"Cannot delete '{path}': {ex.Message}", ex);
        }

        return length;
    }
}

/// <summary>One version on its way out: its paths, Go's lock while held, and what has been removed.</summary>
internal sealed class Pending(ModuleVersion module, string directory, string downloadDirectory, string escapedVersion, string lockFile) : IDisposable
{
    private GoFileLock? _lock;

    public ModuleVersion Module { get; } = module;

    public string Directory { get; } = directory;

    public string DownloadDirectory { get; } = downloadDirectory;

    public string EscapedVersion { get; } = escapedVersion;

    public string LockFile { get; } = lockFile;

    public string Partial => DownloadFile(".partial");

    public GoFileLock? Lock
    {
        get => _lock;
        set
        {
            _lock = value;
            LockWaited = value?.Waited ?? LockWaited;
        }
    }

    public TimeSpan LockWaited { get; private set; }

    public bool Marked { get; set; }

    public bool InUse { get; set; }

    public bool DirectoryRemoved { get; set; }

    public DownloadFiles RemovedFiles { get; set; }

    public long Bytes { get; private set; }

    public long Files { get; private set; }

    public string DownloadFile(string suffix) => Path.Combine(DownloadDirectory, EscapedVersion + suffix);

    public bool HasDirectory()
    {
        var info = new DirectoryInfo(Directory);
        return info.Exists || info.LinkTarget != null;
    }

    public void Count(long bytes)
    {
        Bytes += bytes;
        Files++;
    }

    public void Remove(string suffix, DownloadFiles file)
    {
        if (ModuleVersionEvictor.DeleteFile(DownloadFile(suffix)) is { } length)
        {
            Count(length);
            RemovedFiles |= file;
        }
    }

    public void Dispose()
    {
        Lock?.Dispose();
        Lock = null;
    }
}

/// <summary>The steps of an eviction, for tests.</summary>
internal enum EvictionStage
{
    /// <summary>Go's lock is held.</summary>
    Locked,

    /// <summary>The <c>.partial</c> marker is written; the directory is untouched.</summary>
    MarkedPartial,

    /// <summary>The directory is gone; the marker is still there.</summary>
    DirectoryRemoved,

    /// <summary>The download files are gone; the marker is still there.</summary>
    DownloadFilesRemoved,

    /// <summary>The version was left as it was: a go command has just downloaded its zip and is about to extract it.</summary>
    LeftInUse,
}
