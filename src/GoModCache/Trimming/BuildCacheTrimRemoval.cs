using System;
using GoCaches.Inventory;

namespace GoCaches.Trimming;

/// <summary>A build cache entry a trim removes (or, in a dry run, would remove).</summary>
/// <param name="Id">The entry's name (output hash, action file name or fuzz file path).</param>
/// <param name="Kind">The entry's kind.</param>
/// <param name="Rule">The rule that removes it.</param>
/// <param name="Bytes">Bytes it frees.</param>
/// <param name="Files">Files it frees.</param>
/// <param name="LastUseUtc">Its last use (one hour granularity).</param>
public sealed record BuildCacheTrimRemoval(string Id, BuildCacheEntryKind Kind, BuildCacheTrimRule Rule, long Bytes, int Files, DateTime LastUseUtc);
