using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace GoCaches.Leases;

/// <summary>How a whole-cache removal met the builds that were using the cache (see <see cref="CacheLease"/>).</summary>
public sealed record CacheLeaseResult
{
    /// <summary>Gets the cache root.</summary>
    public string Root { get; init; } = string.Empty;

    /// <summary>Gets which cache it is.</summary>
    public CacheKind Kind { get; init; }

    /// <summary>Gets what happened.</summary>
    public CacheLeaseOutcome Outcome { get; init; }

    /// <summary>Gets how long the removal waited for other builds.</summary>
    public TimeSpan Waited { get; init; }

    /// <summary>Gets the builds (and go processes) that were using the cache when the wait began or ended: waited for, deferred to, or kept for.</summary>
    public IReadOnlyList<CacheLeaseHolder> Holders { get; init; } = [];

    /// <summary>Gets the operation, e.g. <c>clean</c> or <c>prune</c>.</summary>
    public string Operation { get; init; } = "clean";

    /// <summary>Gets a value indicating whether the removal ran (possibly after waiting, or keeping what holders need).</summary>
    public bool Ran => Outcome is CacheLeaseOutcome.Free or CacheLeaseOutcome.Waited or CacheLeaseOutcome.KeptForHolders;

    /// <summary>Gets one line for a log or report, e.g. <c>2 other builds are using the module cache; clean deferred to the last one (…)</c>.</summary>
    public string Message
    {
        get
        {
            var cache = Kind == CacheKind.ModuleCache ? "module cache" : "build cache";
            var count = Holders.Count;
            var who = count == 0 ? "Another build was" : count == 1 ? "1 other build is" : string.Create(CultureInfo.InvariantCulture, $"{count} other builds are");
            var names = count == 0 ? string.Empty : " (" + string.Join("; ", Holders.Take(5).Select(h => h.Description)) + (count > 5 ? "; …" : string.Empty) + ")";
            var waited = Waited.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
            return Outcome switch
            {
                CacheLeaseOutcome.Free => $"No other build was using the {cache}: {Operation} ran at once.",
                CacheLeaseOutcome.Waited => $"Waited {waited} s for {(count == 1 ? "1 other build" : string.Create(CultureInfo.InvariantCulture, $"{count} other builds"))} using the {cache}{names}, then ran the {Operation}.",
                CacheLeaseOutcome.Deferred => $"{who} using the {cache}; {Operation} deferred to the last one{names} after waiting {waited} s.",
                CacheLeaseOutcome.Skipped => $"{who} using the {cache}{names} and what they need is not known; {Operation} skipped after waiting {waited} s (nothing removed; run it again when they have finished).",
                _ when Kind == CacheKind.BuildCache => $"{who} using the {cache}{names}; the {Operation} ran beside them, keeping every entry used within the last hour.",
                _ => $"{who} using the {cache}{names}; the {Operation} kept every module version their projects need.",
            };
        }
    }
}
