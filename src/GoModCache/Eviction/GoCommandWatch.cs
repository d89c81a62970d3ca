using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading;
using GoCaches.Leases;

namespace GoCaches.Eviction;

/// <summary>
/// The go commands that may still read a tree an eviction has marked: those running (with this module cache) when
/// the marker was written. Go's readers take no lock, so a go command that found a tree complete before the marker
/// can open its files at any time until it exits; one that starts after the marker sees it and waits for the lock.
/// A removal therefore waits until each command seen at marking has exited, up to a longest wait per command
/// (long-lived commands such as <c>go run</c> of a server), and never for a command that is itself blocked on a
/// lock this process holds (a go command waiting for a marked version's lock cannot go on before the removal).
/// Linux only (through <c>/proc</c>, for processes this user may read); elsewhere nothing is seen and only the
/// grace period applies.
/// </summary>
internal sealed class GoCommandWatch
{
    internal static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    private readonly string? _root;
    private readonly TimeSpan _longest;
    private readonly Dictionary<GoProcessId, long> _firstSeen = [];

    /// <summary>Initializes a new instance of the <see cref="GoCommandWatch"/> class.</summary>
    /// <param name="root">The module cache root.</param>
    /// <param name="longest">How long at most to wait for any one command, counted from when it was first seen; zero: never wait.</param>
    public GoCommandWatch(string root, TimeSpan longest)
    {
        _root = GoCacheLocations.Normalize(root);
        _longest = longest;
    }

    /// <summary>Gets a value indicating whether the watch looks at anything.</summary>
    public bool Enabled => _longest > TimeSpan.Zero && _root != null && GoProcessScanner.Supported;

    /// <summary>Lists the go commands running now with this module cache (call it once markers are written).</summary>
    /// <returns>The commands; empty when the watch is off.</returns>
    public IReadOnlyList<GoProcessId> Snapshot()
    {
        if (!Enabled)
        {
            return [];
        }

        var commands = GoProcessScanner.FindCommands(_root!);
        var now = Stopwatch.GetTimestamp();
        lock (_firstSeen)
        {
            foreach (var command in commands)
            {
                _firstSeen.TryAdd(command, now);
            }
        }

        return commands;
    }

    /// <summary>
    /// Gets a value indicating whether none of <paramref name="commands"/> can still read a marked tree: each has
    /// exited, has been watched for the longest wait, or is blocked on a lock this process holds.
    /// </summary>
    /// <param name="commands">Commands from <see cref="Snapshot"/>.</param>
    /// <returns>Whether the trees may go.</returns>
    public bool IsClear(IReadOnlyList<GoProcessId> commands) => !Look(commands).Reading;

    /// <summary>
    /// Looks at <paramref name="commands"/>: whether one of them may still read a marked tree (it runs, has not been
    /// watched for the longest wait, and is not blocked on a lock this process holds), and otherwise which of this
    /// process's locks the blocked ones wait for.
    /// </summary>
    /// <param name="commands">Commands from <see cref="Snapshot"/>.</param>
    /// <returns>What they do.</returns>
    public GoCommandLook Look(IReadOnlyList<GoProcessId> commands)
    {
        Dictionary<int, HashSet<string>>? blocked = null;
        var waitedFor = new HashSet<string>(StringComparer.Ordinal);
        foreach (var command in commands)
        {
            if (!command.IsRunning() || Expired(command))
            {
                continue;
            }

            blocked ??= BlockedOnThisProcess();
            if (!blocked.TryGetValue(command.Pid, out var locks))
            {
                return new GoCommandLook(true, waitedFor);
            }

            waitedFor.UnionWith(locks);
        }

        return new GoCommandLook(false, waitedFor);
    }

    /// <summary>Waits until <see cref="IsClear"/> holds for <paramref name="commands"/>.</summary>
    /// <param name="commands">Commands from <see cref="Snapshot"/>.</param>
    public void WaitUntilClear(IReadOnlyList<GoProcessId> commands)
    {
        while (!IsClear(commands))
        {
            Thread.Sleep(PollInterval);
        }
    }

    private bool Expired(GoProcessId command)
    {
        lock (_firstSeen)
        {
            return !_firstSeen.TryGetValue(command, out var seen) || Stopwatch.GetElapsedTime(seen) >= _longest;
        }
    }

    /// <summary>
    /// The processes waiting, directly or through a chain of other waiting lock holders, for a file lock this process
    /// holds (<c>/proc/locks</c>: a blocked request is listed as <c>-&gt;</c> under the lock it waits for), each with the
    /// locks of this process it waits for (as <see cref="GoFileLock.Identity"/> names them).
    /// </summary>
    /// <returns>Their ids, and the locks each waits for.</returns>
    internal static Dictionary<int, HashSet<string>> BlockedOnThisProcess()
    {
        // Per lock entry: who holds it and on which file, and who waits for it.
        var holders = new Dictionary<string, (HashSet<int> Pids, string File)>(StringComparer.Ordinal);
        var waiters = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        string[] lines;
        try
        {
            lines = File.ReadAllLines("/proc/locks");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }

        foreach (var line in lines)
        {
            // "1: FLOCK  ADVISORY  WRITE 2839 00:2b:1234 0 EOF" and, for a request blocked on it, "1: -> FLOCK  ADVISORY  WRITE 2840 …".
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var waiting = fields.Length > 1 && fields[1] == "->";
            var pidField = waiting ? 5 : 4;
            if (fields.Length <= pidField + 1 || !int.TryParse(fields[pidField], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var pid) || pid <= 0)
            {
                continue;
            }

            if (waiting)
            {
                if (!waiters.TryGetValue(fields[0], out var set))
                {
                    waiters[fields[0]] = set = [];
                }

                set.Add(pid);
            }
            else
            {
                if (!holders.TryGetValue(fields[0], out var held))
                {
                    holders[fields[0]] = held = ([], fields[pidField + 1]);
                }

                held.Pids.Add(pid);
            }
        }

        var self = Environment.ProcessId;
        var stuck = new Dictionary<int, HashSet<string>>();
        for (var grew = true; grew;)
        {
            grew = false;
            foreach (var (id, held) in holders)
            {
                if (!waiters.TryGetValue(id, out var blocked))
                {
                    continue;
                }

                // A lock of ours is waited for as itself; another process's, for whatever of ours that holder waits for.
                var reasons = new HashSet<string>(StringComparer.Ordinal);
                foreach (var holder in held.Pids)
                {
                    if (holder == self)
                    {
                        reasons.Add(held.File);
                    }
                    else if (stuck.TryGetValue(holder, out var theirs))
                    {
                        reasons.UnionWith(theirs);
                    }
                }

                foreach (var pid in blocked)
                {
                    if (pid == self || reasons.Count == 0)
                    {
                        continue;
                    }

                    if (!stuck.TryGetValue(pid, out var mine))
                    {
                        stuck[pid] = mine = new HashSet<string>(StringComparer.Ordinal);
                    }

                    var before = mine.Count;
                    mine.UnionWith(reasons);
                    grew |= mine.Count > before;
                }
            }
        }

        return stuck;
    }
}
