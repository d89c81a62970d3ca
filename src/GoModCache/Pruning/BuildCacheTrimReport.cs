using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using GoCaches.Inventory;

namespace GoCaches.Pruning;

/// <summary>What <see cref="BuildCacheTrimmer"/> did (or, in a dry run, would do).</summary>
public sealed class BuildCacheTrimReport
{
    /// <summary>Gets the build cache root.</summary>
    public required string Root { get; init; }

    /// <summary>Gets the size limit applied to the cache entries, in bytes.</summary>
    public required long LimitBytes { get; init; }

    /// <summary>Gets the entry files (<c>-a</c> and <c>-d</c>) and their bytes before trimming.</summary>
    public required TreeSize Before { get; init; }

    /// <summary>Gets the entry files and their bytes that were removed (or would be, in a dry run).</summary>
    public required TreeSize Removed { get; init; }

    /// <summary>Gets the entry files and bytes that were kept because they were used since <see cref="BuildCacheTrimPolicy.KeepUsedSince"/>.</summary>
    public required TreeSize KeptInUse { get; init; }

    /// <summary>Gets the entry files and their bytes left.</summary>
    public TreeSize After => new(Before.Bytes - Removed.Bytes, Before.Files - Removed.Files, 0, 0);

    /// <summary>Gets a value indicating whether nothing was removed because this was a dry run.</summary>
    public bool DryRun { get; init; }

    /// <summary>Gets notes for people: why the cache is still over its limit, files that could not be removed.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
