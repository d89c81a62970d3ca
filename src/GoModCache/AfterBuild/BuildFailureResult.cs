using System;
using System.Collections.Generic;
using System.Linq;
using GoCaches.Inventory;
using GoCaches.Modules;

namespace GoCaches.AfterBuild;

/// <summary>What <see cref="AfterBuildCleanup.AfterFailure"/> decided: keep the caches for debugging, or heal and build again.</summary>
public sealed class BuildFailureResult
{
    internal BuildFailureResult()
    {
    }

    /// <summary>Gets what was done.</summary>
    public BuildFailureAction Action { get; internal init; }

    /// <summary>Gets why the build failed, as far as the caches are concerned.</summary>
    public BuildFailureCause Cause { get; internal init; }

    /// <summary>Gets the module versions go named in checksum mismatch errors (empty when none).</summary>
    public IReadOnlyList<ModuleVersion> ChecksumMismatches { get; internal init; } = [];

    /// <summary>Gets the module versions evicted to heal (empty unless <see cref="Action"/> is <see cref="BuildFailureAction.HealedForRetry"/>).</summary>
    public IReadOnlyList<HealedModuleVersion> Healed { get; internal init; } = [];

    /// <summary>Gets the module cache kept (null when unknown).</summary>
    public string? ModuleCacheRoot { get; internal init; }

    /// <summary>Gets the module cache's size when it was kept.</summary>
    public TreeSize ModuleCacheSize { get; internal init; } = TreeSize.Empty;

    /// <summary>Gets the build cache kept (null when off or unknown).</summary>
    public string? BuildCacheRoot { get; internal init; }

    /// <summary>Gets a value indicating whether the front end should build again.</summary>
    public bool Retry => Action == BuildFailureAction.HealedForRetry;

    /// <summary>
    /// Gets the line both front ends log: <c>Go build failed; Go's caches were kept for debugging: module cache …
    /// (12.0 MiB), build cache …</c>, or that they were healed.
    /// </summary>
    public string Message => Action == BuildFailureAction.HealedForRetry
        ? $"Go build failed on a checksum mismatch; evicted {string.Join(", ", Healed.Select(h => h.Version))} from the module cache to build again."
        : ModuleCacheRoot == null
            ? "Go build failed; Go's caches were not touched."
            : $"Go build failed; Go's caches were kept for debugging: module cache {ModuleCacheRoot} ({SizeParser.Format(ModuleCacheSize.Bytes)}), build cache {BuildCacheRoot ?? "off"}.";

    /// <inheritdoc />
    public override string ToString() => Message;
}
