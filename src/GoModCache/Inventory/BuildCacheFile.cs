using System;

namespace GoCaches.Inventory;

/// <summary>One file of a build cache entry.</summary>
/// <param name="Path">The full path.</param>
/// <param name="Bytes">Its length.</param>
/// <param name="LastWriteUtc">Its modification time, which Go refreshes on use (at most hourly).</param>
public sealed record BuildCacheFile(string Path, long Bytes, DateTime LastWriteUtc);
