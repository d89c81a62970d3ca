using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using GoCaches.Eviction;
using GoCaches.Inventory;
using GoCaches.Leases;

namespace GoCaches.Trimming;

/// <summary>
/// Trims Go's build cache (<c>GOCACHE</c>) by policy (<see cref="BuildCacheTrimPolicy"/>): by age and/or down to a
/// size, least recently used first, as Go's own trim does by age alone (entries older than 5 days + 1 hour, at most
/// once a day). Safe while go commands use the cache, as Go's own trim is: unless the cache is idle
/// (<see cref="BuildCacheTrimOptions.CacheIdle"/>), no entry used within the last hour goes (a running go command's
/// entries are never older: Go refreshes an entry's time on use once it is an hour old), each entry's times are read
/// again just before it goes, and an entry's action files go before its output. Only <c>&lt;hash&gt;-a</c> / <c>&lt;hash&gt;-d</c> files in the
/// <c>00</c>…<c>ff</c> directories (and, when asked, fuzz cache files) are ever removed, and only under a root that
/// <see cref="BuildCacheRootGuard"/> accepts.
/// </summary>
public sealed class BuildCacheTrimmer
{
    /// <summary>Go refreshes an entry's time on use only when it is older than this (<c>mtimeInterval</c>).</summary>
    public static readonly TimeSpan GoRefreshInterval = TimeSpan.FromHours(1);

    /// <summary>Entries used more recently than this may be in use by a running go command (see <see cref="BuildCacheTrimOptions.CacheIdle"/>).</summary>
    public static readonly TimeSpan InUseWindow = GoRefreshInterval + TimeSpan.FromMinutes(5);

    /// <summary>Initializes a new instance of the <see cref="BuildCacheTrimmer"/> class, checking the root and the policy.</summary>
    /// <param name="cacheRoot">The build cache root (<c>GOCACHE</c>).</param>
    /// <param name="policy">What to remove.</param>
    /// <param name="options">How to run; defaults when null.</param>
    /// <exception cref="GoModCacheException">The root fails <see cref="BuildCacheRootGuard.Check"/>, or the policy is empty or invalid.</exception>
    public BuildCacheTrimmer(string cacheRoot, BuildCacheTrimPolicy policy, BuildCacheTrimOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        Policy = policy;
        Options = options ?? new BuildCacheTrimOptions();
        if (policy.UnusedFor == null && policy.UnusedSince == null && policy.SizeLimit == null && !policy.ExpireTestResults)
        {
            throw new GoModCacheException("The build cache trim has no rule: set an age (UnusedFor), a size limit (SizeLimit), or both.");
        }

        if (policy.UnusedFor is { } age && age < TimeSpan.Zero)
        {
            throw new GoModCacheException($"The build cache trim age {age} is negative.");
        }

        Root = BuildCacheRootGuard.Check(cacheRoot, Options.GoPathEntries, Options.ModCacheRoot);
    }

    /// <summary>Gets the checked, normalized build cache root.</summary>
    public string Root { get; }

    /// <summary>Gets the policy.</summary>
    public BuildCacheTrimPolicy Policy { get; }

    /// <summary>Gets the options.</summary>
    public BuildCacheTrimOptions Options { get; }

    /// <summary>Plans and, unless <see cref="BuildCacheTrimOptions.DryRun"/> is set, removes.</summary>
    /// <returns>The report.</returns>
    public BuildCacheTrimReport Run()
    {
        var stopwatch = Stopwatch.StartNew();
        var before = BuildCacheInventory.Scan(Root);
        var entries = BuildCacheEntries.Scan(Root, Policy.IncludeFuzzCache);
        var now = Options.Clock.GetUtcNow().UtcDateTime;
        var notes = new List<string>();
        if (Options.DryRun)
        {
            var plan = Plan(entries, before.Total.Bytes, now, notes, Options.CacheIdle);
            return new BuildCacheTrimReport
            {
                Root = Root,
                DryRun = true,
                BytesBefore = before.Total.Bytes,
                BytesAfter = before.Total.Bytes - plan.Sum(p => p.Entry.Bytes),
                FilesBefore = before.Total.Files,
                FilesAfter = before.Total.Files - plan.Sum(p => p.Entry.Files.Count),
                EntriesBefore = entries.Count,
                EntriesAfter = entries.Count - plan.Count,
                Duration = stopwatch.Elapsed,
                Removed = plan.Select(p => Removal(p.Entry, p.Rule)).ToList(),
                TestResultsExpired = false,
                Notes = Policy.ExpireTestResults ? [.. notes, "Dry run: cached test results were not expired."] : notes,
            };
        }

        // Builds this project starts hold the build cache's lease shared while go runs. With them running, the trim
        // goes on beside them keeping every entry a running go command may use (the in-use window), CacheIdle or not.
        var lease = CacheLease.TryAcquireExclusive(Root, CacheKind.BuildCache, Options.CacheIdle ? Options.LeaseWait : TimeSpan.Zero, out var leaseResult, "trim", Options.LeaseLog, Options.CancellationToken);
        var idle = Options.CacheIdle;
        if (lease == null)
        {
            leaseResult = leaseResult with { Outcome = CacheLeaseOutcome.KeptForHolders };
            idle = false;
            Options.LeaseLog?.Invoke(leaseResult.Message);
        }

        using (lease)
        {
            var plan = Plan(entries, before.Total.Bytes, now, notes, idle);
            var (removed, keptInUse, failures) = Remove(plan);
            var expired = Policy.ExpireTestResults && ExpireTestResults(now, failures);
            var after = BuildCacheInventory.Scan(Root);
            return new BuildCacheTrimReport
            {
                Root = Root,
                DryRun = false,
                BytesBefore = before.Total.Bytes,
                BytesAfter = after.Total.Bytes,
                FilesBefore = before.Total.Files,
                FilesAfter = after.Total.Files,
                EntriesBefore = entries.Count,
                EntriesAfter = entries.Count - removed.Count,
                Duration = stopwatch.Elapsed,
                Removed = removed,
                KeptInUse = keptInUse,
                Failures = failures,
                TestResultsExpired = expired,
                Notes = notes,
                Lease = leaseResult,
            };
        }
    }

    /// <summary>Sets back, to just over an hour before <paramref name="now"/>, the time of every entry file newer than that, so that Go refreshes the time of any entry it uses from then on.</summary>
    /// <param name="root">A checked build cache root.</param>
    /// <param name="now">The moment from which uses are to show.</param>
    /// <returns>How many files were set back.</returns>
    internal static int AgeEntries(string root, DateTime now)
    {
        var mark = now - GoRefreshInterval - TimeSpan.FromMinutes(1);
        var count = 0;
        foreach (var entry in BuildCacheEntries.Scan(root, includeFuzz: false))
        {
            foreach (var file in entry.Files.Where(f => f.LastWriteUtc > mark))
            {
                if (TrySetTime(file.Path, mark))
                {
                    count++;
                }
            }
        }

        return count;
    }

    private static BuildCacheTrimRemoval Removal(BuildCacheEntry e, BuildCacheTrimRule rule) =>
        new(e.Id, e.Kind, rule, e.Bytes, e.Files.Count, e.LastUseUtc);

    private List<(BuildCacheEntry Entry, BuildCacheTrimRule Rule)> Plan(IReadOnlyList<BuildCacheEntry> entries, long totalBytes, DateTime now, List<string> notes, bool idle)
    {
        var plan = new List<(BuildCacheEntry, BuildCacheTrimRule)>();
        var rest = new List<BuildCacheEntry>();
        var cutoff = Policy.UnusedFor is { } age ? now - age : (DateTime?)null;
        var since = Policy.UnusedSince?.UtcDateTime;
        if (Policy.UnusedFor is { } a && a < GoRefreshInterval)
        {
            notes.Add(idle
                ? $"The age {a} is under one hour: Go refreshes an entry's time at most once an hour, so entries used in the last hour may look older and be removed."
                : $"The age {a} is under one hour: entries used within the last hour are kept all the same (a running go command may be using them).");
        }

        var protectedSince = idle ? DateTime.MaxValue : now - InUseWindow;
        var inUse = 0;
        foreach (var e in entries.OrderBy(e => e.LastUseUtc).ThenBy(e => e.Id, StringComparer.Ordinal))
        {
            if (e.Kind != BuildCacheEntryKind.Fuzz && e.LastUseUtc >= protectedSince)
            {
                inUse++;
                rest.Add(e);
            }
            else if (cutoff != null && e.LastUseUtc < cutoff)
            {
                plan.Add((e, BuildCacheTrimRule.Unused));
            }
            else if (since != null && e.LastUseUtc < since)
            {
                plan.Add((e, BuildCacheTrimRule.UnusedSinceRestore));
            }
            else
            {
                rest.Add(e);
            }
        }

        if (Policy.SizeLimit is { } limit)
        {
            var target = limit.ToBytes(totalBytes);
            var size = totalBytes - plan.Sum(p => p.Item1.Bytes);
            foreach (var e in rest)
            {
                if (size <= target)
                {
                    break;
                }

                if (e.Kind != BuildCacheEntryKind.Fuzz && e.LastUseUtc >= protectedSince)
                {
                    continue;
                }

                plan.Add((e, BuildCacheTrimRule.SizeLimit));
                size -= e.Bytes;
            }

            if (size > target)
            {
                notes.Add($"The size limit of {SizeParser.Format(target)} cannot be reached: {SizeParser.Format(size)} would remain (entries used within the last hour, Go's bookkeeping files{(Policy.IncludeFuzzCache ? string.Empty : " and the fuzz cache")} are not trimmed).");
            }
        }

        if (inUse > 0 && plan.Count < entries.Count)
        {
            notes.Add($"{inUse} entries used within the last hour were left alone: a running go command may be using them (set CacheIdle when no go command uses the cache).");
        }

        return plan;
    }

    private (List<BuildCacheTrimRemoval> Removed, int KeptInUse, List<string> Failures) Remove(List<(BuildCacheEntry Entry, BuildCacheTrimRule Rule)> plan)
    {
        var removed = new List<BuildCacheTrimRemoval>();
        var failures = new List<string>();
        var keptInUse = 0;
        if (plan.Count == 0)
        {
            return (removed, keptInUse, failures);
        }

        var expected = plan.SelectMany(p => p.Entry.Files).GroupBy(f => f.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().LastWriteUtc, StringComparer.Ordinal);
        foreach (var (entry, rule) in plan)
        {
            Options.CancellationToken.ThrowIfCancellationRequested();

            // Read again just before removing: a go command that used the entry since refreshed its time.
            if (UsedSince(entry, expected))
            {
                keptInUse++;
                continue;
            }

            var failed = false;

            // Action files first: a go command that finds no action file has a miss and never reads the output.
            foreach (var file in entry.Files)
            {
                var path = Path.GetFullPath(file.Path);
                if (!CacheRootGuard.IsUnder(path, Root))
                {
                    failures.Add($"{file.Path}: not inside the build cache {Root}");
                    failed = true;
                    break;
                }

                try
                {
                    File.Delete(path);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    failures.Add($"{path}: {ex.Message}");
                    failed = true;
                    break;
                }
            }

            if (!failed)
            {
                removed.Add(Removal(entry, rule));
            }
        }

        return (removed, keptInUse, failures);

        bool UsedSince(BuildCacheEntry entry, Dictionary<string, DateTime> times) => entry.Files.Any(f =>
        {
            try
            {
                var info = new FileInfo(f.Path);
                return info.Exists && info.LastWriteTimeUtc > times[f.Path] + TimeSpan.FromSeconds(1);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return false;
            }
        });
    }

    private bool ExpireTestResults(DateTime now, List<string> failures)
    {
        // As 'go clean -testcache': the time, in Unix nanoseconds, under Go's lock on the file (lockedfile.Edit).
        var path = Path.Combine(Root, "testexpire.txt");
        try
        {
            using var held = GoFileLock.Acquire(path, TimeSpan.FromMinutes(1), "the test cache expiry", Options.CancellationToken);
            var nanos = (now - DateTime.UnixEpoch).Ticks * 100;
            held.ReplaceContents(Encoding.ASCII.GetBytes(nanos.ToString(CultureInfo.InvariantCulture) + "\n"));
            return true;
        }
        catch (GoModCacheException ex)
        {
            failures.Add($"{path}: {ex.Message}");
            return false;
        }
    }

    private static bool TrySetTime(string path, DateTime timeUtc)
    {
        try
        {
            File.SetLastWriteTimeUtc(path, timeUtc);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
