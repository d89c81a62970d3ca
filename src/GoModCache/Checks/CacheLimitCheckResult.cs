using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using GoCaches.Ci;
using GoCaches.Eviction;
using GoCaches.Inventory;
using GoCaches.Leases;
using GoCaches.Operations;
using GoCaches.Pruning;
using GoCaches.Reports;
using GoCaches.Trimming;

namespace GoCaches.Checks;

/// <summary>What <see cref="CacheLimitCheck"/> measured and did; as JSON (<see cref="ToJson"/>) or Markdown (<see cref="ToMarkdown"/>).</summary>
public sealed class CacheLimitCheckResult
{
    internal CacheLimitCheckResult()
    {
    }

    /// <summary>Gets the module cache as measured, or null when it was not checked.</summary>
    public CacheLimitStatus? ModuleCache { get; internal init; }

    /// <summary>Gets the build cache as measured, or null when it was not checked (or is off).</summary>
    public CacheLimitStatus? BuildCache { get; internal init; }

    /// <summary>Gets the free space of the volume holding the caches.</summary>
    public FreeSpaceStatus FreeSpace { get; internal init; } = new(string.Empty, 0, 0, null);

    /// <summary>Gets the action configured.</summary>
    public CacheLimitAction Action { get; internal init; }

    /// <summary>Gets the action taken: <see cref="Action"/> when a limit was exceeded, null when every limit held.</summary>
    public CacheLimitAction? ActionTaken => WithinLimits ? null : Action;

    /// <summary>Gets a value indicating whether this was a dry run (the steps say what would have been done).</summary>
    public bool DryRun { get; internal init; }

    /// <summary>Gets the limits exceeded, in the engine's words (<c>module cache 1.2 GiB is over its limit of 1 GiB (/root/go/pkg/mod)</c>).</summary>
    public IReadOnlyList<string> Exceeded { get; internal init; } = [];

    /// <summary>Gets what was done about them, in order; empty when every limit held.</summary>
    public IReadOnlyList<CacheLimitStep> Steps { get; internal set; } = [];

    /// <summary>Gets the caches that were emptied (<see cref="CacheLimitStep.ModuleCacheCleaned"/>, <see cref="CacheLimitStep.BuildCacheCleaned"/>).</summary>
    public IReadOnlyList<CacheKind> Cleaned => Steps
        .Where(s => s is CacheLimitStep.ModuleCacheCleaned or CacheLimitStep.BuildCacheCleaned)
        .Select(s => s == CacheLimitStep.ModuleCacheCleaned ? CacheKind.ModuleCache : CacheKind.BuildCache)
        .ToList();

    /// <summary>Gets the report of the module cache prune or clean the action ran, or null.</summary>
    public PruneReport? ModuleCacheReport { get; internal set; }

    /// <summary>Gets the report of the build cache trim the action ran (<see cref="CacheLimitAction.Trim"/>), or null.</summary>
    public BuildCacheTrimReport? BuildCacheTrimReport { get; internal set; }

    /// <summary>Gets the report of the build cache clean the action ran, or null.</summary>
    public BuildCacheCleanReport? BuildCacheCleanReport { get; internal set; }

    /// <summary>Gets the report files written (or not).</summary>
    public IReadOnlyList<WrittenReport> Reports { get; internal set; } = [];

    /// <summary>Gets what was published to the CI, or null.</summary>
    public CiPublication? Published { get; internal set; }

    /// <summary>
    /// Gets the outputs published to the CI: <c>check-within-limits</c>, <c>check-action-taken</c> (the action, or
    /// <c>none</c>), <c>check-steps</c> (comma-separated), <c>check-modcache-bytes</c>, <c>check-buildcache-bytes</c>,
    /// <c>check-free-bytes</c>, <c>check-bytes-freed</c>; Azure Pipelines <c>GOCACHE_CHECK_…</c>.
    /// </summary>
    /// <returns>The outputs.</returns>
    public IReadOnlyList<CiOutput> CiOutputs()
    {
        var freed = (ModuleCacheReport?.BytesFreed ?? 0) + (BuildCacheTrimReport?.BytesFreed ?? 0) + (BuildCacheCleanReport?.BytesFreed ?? 0);
        var outputs = new List<CiOutput>
        {
            CiOutput.For(CacheOperation.Check, "within-limits", WithinLimits),
            CiOutput.For(CacheOperation.Check, "action-taken", ActionTaken?.ToString() ?? "none"),
            CiOutput.For(CacheOperation.Check, "steps", string.Join(",", Steps)),
        };
        if (ModuleCache != null)
        {
            outputs.Add(CiOutput.For(CacheOperation.Check, "modcache-bytes", ModuleCache.Bytes));
        }

        if (BuildCache != null)
        {
            outputs.Add(CiOutput.For(CacheOperation.Check, "buildcache-bytes", BuildCache.Bytes));
        }

        outputs.Add(CiOutput.For(CacheOperation.Check, "free-bytes", FreeSpace.FreeBytes));
        outputs.Add(CiOutput.For(CacheOperation.Check, "bytes-freed", freed));
        return outputs;
    }

    /// <summary>Gets a value indicating whether every limit held.</summary>
    public bool WithinLimits => Exceeded.Count == 0;

    /// <summary>Gets a value indicating whether the front end must fail: a limit was exceeded under <see cref="CacheLimitAction.Fail"/>.</summary>
    public bool Failed => Steps.Contains(CacheLimitStep.Failed);

    /// <summary>Gets a value indicating whether everything the action meant to remove went (no prune or trim failure).</summary>
    public bool Succeeded => (ModuleCacheReport?.Succeeded ?? true) && (BuildCacheTrimReport?.Succeeded ?? true);

    /// <summary>Gets the result in one line: sizes, limits, free space, what was done.</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        var parts = new List<string>();
        if (ModuleCache != null)
        {
            parts.Add(ModuleCache.ToString());
        }

        if (BuildCache != null)
        {
            parts.Add(BuildCache.ToString());
        }

        parts.Add(FreeSpace.ToString());
        return string.Join("; ", parts) + "; " + (WithinLimits ? "within limits" : $"{Action}: " + string.Join(", ", Steps.Select(Describe)));
    }

    /// <summary>Writes the result as indented JSON (camelCase names; sizes in bytes), with the reports of the prune, clean or trim it ran.</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("operation", "check");
            w.WriteString("action", Camel(Action.ToString()));
            w.WriteBoolean("dryRun", DryRun);
            w.WriteBoolean("withinLimits", WithinLimits);
            WriteCache(w, "moduleCache", ModuleCache);
            WriteCache(w, "buildCache", BuildCache);
            w.WriteStartObject("freeSpace");
            w.WriteString("path", FreeSpace.Path);
            w.WriteNumber("freeBytes", FreeSpace.FreeBytes);
            w.WriteNumber("volumeBytes", FreeSpace.VolumeBytes);
            if (FreeSpace.MinFreeBytes is { } min)
            {
                w.WriteNumber("minFreeBytes", min);
            }

            w.WriteBoolean("belowMinimum", FreeSpace.BelowMinimum);
            w.WriteEndObject();
            w.WriteStartArray("exceeded");
            foreach (var e in Exceeded)
            {
                w.WriteStringValue(e);
            }

            w.WriteEndArray();
            w.WriteStartArray("steps");
            foreach (var s in Steps)
            {
                w.WriteStringValue(Camel(s.ToString()));
            }

            w.WriteEndArray();
            if (ModuleCacheReport != null)
            {
                w.WritePropertyName("moduleCacheReport");
                w.WriteRawValue(ModuleCacheReport.ToJson());
            }

            if (BuildCacheTrimReport != null)
            {
                w.WritePropertyName("buildCacheTrimReport");
                w.WriteRawValue(BuildCacheTrimReport.ToJson());
            }

            if (BuildCacheCleanReport is { } clean)
            {
                w.WriteStartObject("buildCacheCleanReport");
                w.WriteString("root", clean.Root);
                w.WriteNumber("bytesBefore", clean.BytesBefore);
                w.WriteNumber("bytesAfter", clean.BytesAfter);
                w.WriteNumber("bytesFreed", clean.BytesFreed);
                w.WriteBoolean("deferred", clean.Deferred);
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Writes the result as Markdown for a CI job summary: a table of the caches and their limits, what was done, then the prune or trim report.</summary>
    /// <returns>The Markdown text.</returns>
    public string ToMarkdown()
    {
        var sb = new StringBuilder();
        sb.Append("### Go cache limits").Append(DryRun ? " (dry run)" : string.Empty).Append("\n\n");
        sb.Append("| | Size | Limit | |\n|---|---:|---:|---|\n");
        foreach (var cache in new[] { ModuleCache, BuildCache }.OfType<CacheLimitStatus>())
        {
            sb.Append(CultureInfo.InvariantCulture, $"| {Name(cache.Cache)} `{cache.Root}` | {SizeParser.Format(cache.Bytes)} | {(cache.LimitBytes is { } l ? SizeParser.Format(l) : "none")} | {(cache.LimitBytes == null ? string.Empty : cache.Exceeded ? "**over**" : "ok")} |\n");
        }

        sb.Append(CultureInfo.InvariantCulture, $"| free space `{FreeSpace.Path}` | {SizeParser.Format(FreeSpace.FreeBytes)} of {SizeParser.Format(FreeSpace.VolumeBytes)} | {(FreeSpace.MinFreeBytes is { } m ? "at least " + SizeParser.Format(m) : "none")} | {(FreeSpace.MinFreeBytes == null ? string.Empty : FreeSpace.BelowMinimum ? "**below minimum**" : "ok")} |\n\n");
        sb.Append(WithinLimits
            ? "Every limit holds: nothing to do.\n"
            : $"Action `{Action}`: " + string.Join(", ", Steps.Select(Describe)) + ".\n");
        if (ModuleCacheReport != null)
        {
            sb.Append('\n').Append(ModuleCacheReport.ToMarkdown());
        }

        if (BuildCacheTrimReport != null)
        {
            sb.Append('\n').Append(BuildCacheTrimReport.ToMarkdown());
        }

        if (BuildCacheCleanReport is { } clean)
        {
            sb.Append(CultureInfo.InvariantCulture, $"\nBuild cache `{clean.Root}`: {(clean.Deferred ? "clean deferred to the other builds using it" : $"cleaned, freed {SizeParser.Format(clean.BytesFreed)}")}.\n");
        }

        return sb.ToString();
    }

    /// <summary>Describes a step in words (<c>pruned module cache to 1 GiB</c>).</summary>
    /// <param name="step">The step.</param>
    /// <returns>The words.</returns>
    public string Describe(CacheLimitStep step) => step switch
    {
        CacheLimitStep.Warned => "warned",
        CacheLimitStep.Failed => "failed",
        CacheLimitStep.ModuleCacheCleaned => "cleaned module cache",
        CacheLimitStep.BuildCacheCleaned => "cleaned build cache",
        CacheLimitStep.ModuleCachePruned => "pruned module cache to " + SizeParser.Format(ModuleCache?.TargetBytes ?? 0),
        CacheLimitStep.BuildCacheTrimmed => "trimmed build cache to " + SizeParser.Format(BuildCache?.TargetBytes ?? 0),
        _ => step.ToString(),
    };

    private static string Name(CacheKind cache) => CacheLimitCheck.Name(cache);

    private static string Camel(string name) => JsonNamingPolicy.CamelCase.ConvertName(name);

    private static void WriteCache(Utf8JsonWriter w, string name, CacheLimitStatus? cache)
    {
        if (cache == null)
        {
            return;
        }

        w.WriteStartObject(name);
        w.WriteString("root", cache.Root);
        w.WriteNumber("bytes", cache.Bytes);
        w.WriteNumber("files", cache.Files);
        if (cache.LimitBytes is { } limit)
        {
            w.WriteNumber("limitBytes", limit);
        }

        w.WriteBoolean("exceeded", cache.Exceeded);
        if (cache.TargetBytes is { } target)
        {
            w.WriteNumber("targetBytes", target);
        }

        w.WriteEndObject();
    }
}
