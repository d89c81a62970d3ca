using System;
using System.Collections.Generic;

namespace GoCaches.Eviction;

/// <summary>Options for <see cref="ModuleVersionEvictor"/>.</summary>
public sealed class EvictionOptions
{
    /// <summary>Gets how long to wait for Go's lock on a version a go command is downloading or extracting. Default: one minute.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Gets a value indicating whether to keep the download files (<c>.zip</c>, <c>.ziphash</c>, <c>.info</c>,
    /// <c>.mod</c>) and remove only the extracted directory. Go then re-extracts the version from its zip
    /// when a build needs it, with no network. Default: false (the whole version goes).
    /// </summary>
    public bool KeepDownloadFiles { get; init; }

    /// <summary>
    /// Gets a value indicating whether a version whose zip was written in the last seconds and that has no tree yet
    /// is left alone: a go command is between downloading it and extracting it (Go takes the version's lock twice).
    /// Default: true. The heal of a checksum mismatch sets it to false: Go rejected that download, nothing will
    /// extract it, and it must go.
    /// </summary>
    public bool LeaveJustDownloaded { get; init; } = true;

    /// <summary>Gets the <c>GOPATH</c> entries, when known, so that the guard can refuse GOPATH itself as a cache root.</summary>
    public IReadOnlyList<string>? GoPathEntries { get; init; }

    /// <summary>
    /// Gets how long to wait, with the version marked and locked, before its tree is removed. Go's readers
    /// take no lock: a go command that found the tree complete just before the marker was written goes on
    /// reading its files, and fails if they vanish. The grace period lets such commands finish their reads
    /// (a warm <c>go build</c> reads a module's sources within its first second or so); commands that look
    /// the version up after the marker wait for the lock and are never at risk. It narrows the window and
    /// cannot close it: a long build or test may read a file much later. Default: two seconds;
    /// <see cref="ModuleVersionEvictor.EvictAll"/> waits once per batch of versions.
    /// </summary>
    public TimeSpan GracePeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Gets how long, at most, a removal waits after the grace period for a go command that was running (with this
    /// module cache) when the versions were marked, counted from when the command was first seen (Linux; elsewhere
    /// only the grace period applies). Such a command may have found a tree complete before the marker and read its
    /// files at any time until it exits. A command blocked on the lock of a marked version is not waited for: that version
    /// goes first (the command downloads it again), the others once the command has exited. Default:
    /// one minute. Zero: the grace period only. With a zero <see cref="GracePeriod"/> (the caller's word that no
    /// go command uses the cache) nothing is waited for.
    /// </summary>
    public TimeSpan GoCommandWait { get; init; } = TimeSpan.FromMinutes(1);
}
