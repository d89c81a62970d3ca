using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using GoCaches.Leases;
using GoCaches.Modules;

namespace GoCaches.Eviction;

/// <summary>
/// A batch of <see cref="ModuleVersionEvictor.EvictAll"/>: its versions as begun, when their marking ended, the go
/// commands running then, and each version's outcome once it is finished (a version may be finished before the rest
/// of its batch, for a go command blocked on its lock).
/// </summary>
internal sealed class Batch(List<(ModuleVersion Module, Pending? Pending, GoModCacheException? Error)> begun, long markedAt, bool anyMarked, IReadOnlyList<GoProcessId> commands)
{
    public List<(ModuleVersion Module, Pending? Pending, GoModCacheException? Error)> Begun { get; } = begun;

    public IReadOnlyList<GoProcessId> Commands { get; } = commands;

    public (EvictionResult? Result, GoModCacheException? Error)[] Outcomes { get; } = new (EvictionResult?, GoModCacheException?)[begun.Count];

    public bool[] Finished { get; } = new bool[begun.Count];

    public TimeSpan GraceLeft(TimeSpan gracePeriod) => anyMarked ? gracePeriod - Stopwatch.GetElapsedTime(markedAt) : TimeSpan.Zero;

    public IEnumerable<int> Unfinished() => Enumerable.Range(0, Begun.Count).Where(i => !Finished[i]);
}
