using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GoCaches.Eviction;
using GoCaches.Inventory;
using GoCaches.Trimming;

namespace GoCaches.Ci;

/// <summary>
/// What Go's caches held right after a CI cache restore, so that the step before the save can tell whether the
/// caches changed (<see cref="CachePrepareForSave"/>). Recording also sets back the time of every build cache
/// entry file newer than an hour, so that Go refreshes the time of each entry the job uses: an entry whose time
/// is still older than the recording afterwards was not used by the job.
/// </summary>
public sealed class CacheRestoreState
{
    /// <summary>Gets when the state was recorded.</summary>
    public DateTimeOffset RecordedUtc { get; init; }

    /// <summary>Gets the module cache root, or null when none was recorded.</summary>
    public string? ModCacheRoot { get; init; }

    /// <summary>Gets the complete module versions (<c>path@version</c>, toolchains included), sorted.</summary>
    public IReadOnlyList<string> ModuleVersions { get; init; } = [];

    /// <summary>Gets the module cache size in bytes.</summary>
    public long ModCacheBytes { get; init; }

    /// <summary>Gets the build cache root, or null when none was recorded.</summary>
    public string? BuildCacheRoot { get; init; }

    /// <summary>Gets the number of build cache entries.</summary>
    public int BuildEntries { get; init; }

    /// <summary>Gets a SHA-256 of the sorted names of the build cache entry files.</summary>
    public string BuildEntriesDigest { get; init; } = string.Empty;

    /// <summary>Gets the build cache size in bytes.</summary>
    public long BuildCacheBytes { get; init; }

    /// <summary>Gets the standard library cache directory (<see cref="StdCacheDirectory"/>), or null when none was used.</summary>
    public string? StdCacheRoot { get; init; }

    /// <summary>Gets the number of entry files the standard library cache held as restored (0: the CI's restore missed it).</summary>
    public int StdCacheFiles { get; init; }

    /// <summary>Gets the standard library cache's size as restored, in bytes.</summary>
    public long StdCacheBytes { get; init; }

    /// <summary>Gets the number of its files copied into the build cache (those the build cache did not hold yet).</summary>
    public int StdFilesMerged { get; init; }

    /// <summary>The default state file: in the CI job's temporary folder (<c>RUNNER_TEMP</c>, <c>AGENT_TEMPDIRECTORY</c>) or the system's, named after the cache roots.</summary>
    /// <param name="modCacheRoot">The module cache root.</param>
    /// <param name="buildCacheRoot">The build cache root, or null.</param>
    /// <returns>The path.</returns>
    public static string DefaultPath(string? modCacheRoot, string? buildCacheRoot)
    {
        var temp = new[] { Environment.GetEnvironmentVariable("RUNNER_TEMP"), Environment.GetEnvironmentVariable("AGENT_TEMPDIRECTORY") }
            .FirstOrDefault(t => !string.IsNullOrWhiteSpace(t) && Directory.Exists(t)) ?? Path.GetTempPath();
        var id = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes((modCacheRoot ?? string.Empty) + "\n" + (buildCacheRoot ?? string.Empty))))[..12].ToLowerInvariant();
        return Path.Combine(temp, $"gocaches-restored-{id}.json");
    }

    /// <summary>Records what the caches hold now (right after the restore) and writes it to <paramref name="stateFile"/>.</summary>
    /// <param name="modCacheRoot">The module cache root, or null.</param>
    /// <param name="buildCacheRoot">The build cache root, or null (or off).</param>
    /// <param name="stateFile">Where to write the state.</param>
    /// <param name="clock">The clock; the system's when null.</param>
    /// <param name="stdCacheRoot">
    /// The standard library cache directory the CI restored (<see cref="StdCacheDirectory"/>), or null for none: its
    /// entries are copied into the build cache, after the build cache is measured (the state is what the build cache's
    /// own restore brought).
    /// </param>
    /// <returns>The state.</returns>
    /// <exception cref="GoModCacheException">The standard library cache overlaps the build cache.</exception>
    public static CacheRestoreState Record(string? modCacheRoot, string? buildCacheRoot, string stateFile, TimeProvider? clock = null, string? stdCacheRoot = null)
    {
        ArgumentNullException.ThrowIfNull(stateFile);
        var now = (clock ?? TimeProvider.System).GetUtcNow();
        var state = Measure(modCacheRoot, buildCacheRoot, now);
        if (state.BuildCacheRoot != null && !string.IsNullOrWhiteSpace(stdCacheRoot))
        {
            var std = StdCacheDirectory.Check(stdCacheRoot, state.BuildCacheRoot);
            var entries = StdCacheDirectory.Entries(std);
            var (merged, _) = StdCacheDirectory.MergeInto(std, state.BuildCacheRoot);
            state = new CacheRestoreState
            {
                RecordedUtc = state.RecordedUtc,
                ModCacheRoot = state.ModCacheRoot,
                ModuleVersions = state.ModuleVersions,
                ModCacheBytes = state.ModCacheBytes,
                BuildCacheRoot = state.BuildCacheRoot,
                BuildEntries = state.BuildEntries,
                BuildEntriesDigest = state.BuildEntriesDigest,
                BuildCacheBytes = state.BuildCacheBytes,
                StdCacheRoot = std,
                StdCacheFiles = entries.Count,
                StdCacheBytes = entries.Sum(e => e.Bytes),
                StdFilesMerged = merged,
            };
        }
        if (state.BuildCacheRoot != null && File.Exists(Path.Combine(state.BuildCacheRoot, "README")))
        {
            BuildCacheTrimmer.AgeEntries(BuildCacheRootGuard.Check(state.BuildCacheRoot), now.UtcDateTime);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(stateFile))!);
        File.WriteAllText(stateFile, state.ToJson());
        return state;
    }

    /// <summary>Reads a state file.</summary>
    /// <param name="stateFile">The file <see cref="Record"/> wrote.</param>
    /// <returns>The state, or null when the file does not exist.</returns>
    /// <exception cref="GoModCacheException">The file does not parse.</exception>
    public static CacheRestoreState? Load(string stateFile)
    {
        if (!File.Exists(stateFile))
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(stateFile));
            var r = doc.RootElement;
            return new CacheRestoreState
            {
                RecordedUtc = r.GetProperty("recordedUtc").GetDateTimeOffset(),
                ModCacheRoot = r.GetProperty("modCacheRoot").GetString(),
                ModuleVersions = r.GetProperty("moduleVersions").EnumerateArray().Select(e => e.GetString()!).ToList(),
                ModCacheBytes = r.GetProperty("modCacheBytes").GetInt64(),
                BuildCacheRoot = r.GetProperty("buildCacheRoot").GetString(),
                BuildEntries = r.GetProperty("buildEntries").GetInt32(),
                BuildEntriesDigest = r.GetProperty("buildEntriesDigest").GetString() ?? string.Empty,
                BuildCacheBytes = r.GetProperty("buildCacheBytes").GetInt64(),
                StdCacheRoot = r.TryGetProperty("stdCacheRoot", out var std) ? std.GetString() : null,
                StdCacheFiles = r.TryGetProperty("stdCacheFiles", out var stdFiles) ? stdFiles.GetInt32() : 0,
                StdCacheBytes = r.TryGetProperty("stdCacheBytes", out var stdBytes) ? stdBytes.GetInt64() : 0,
                StdFilesMerged = r.TryGetProperty("stdFilesMerged", out var merged) ? merged.GetInt32() : 0,
            };
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new GoModCacheException($"The cache restore state '{stateFile}' cannot be read: {ex.Message}", ex);
        }
    }

    /// <summary>Measures what the caches hold, without writing or changing anything.</summary>
    /// <param name="modCacheRoot">The module cache root, or null.</param>
    /// <param name="buildCacheRoot">The build cache root, or null.</param>
    /// <param name="now">The time to stamp.</param>
    /// <returns>The state.</returns>
    public static CacheRestoreState Measure(string? modCacheRoot, string? buildCacheRoot, DateTimeOffset now)
    {
        var mod = string.IsNullOrWhiteSpace(modCacheRoot) ? null : Path.GetFullPath(modCacheRoot);
        var build = string.IsNullOrWhiteSpace(buildCacheRoot) || buildCacheRoot == "off" ? null : Path.GetFullPath(buildCacheRoot);
        var versions = new List<string>();
        long modBytes = 0;
        if (mod != null && Directory.Exists(mod))
        {
            var inventory = ModuleCacheInventory.Scan(mod);
            versions = inventory.Modules.Concat(inventory.Toolchains).Where(v => v.IsComplete).Select(v => v.Path + "@" + v.Version).Order(StringComparer.Ordinal).ToList();
            modBytes = inventory.Total.Bytes;
        }

        var entries = 0;
        var digest = string.Empty;
        long buildBytes = 0;
        if (build != null && Directory.Exists(build))
        {
            var scanned = BuildCacheEntries.Scan(build, includeFuzz: false);
            entries = scanned.Count;
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            foreach (var name in scanned.SelectMany(e => e.Files).Select(f => Path.GetFileName(f.Path)).Order(StringComparer.Ordinal))
            {
                sha.AppendData(Encoding.ASCII.GetBytes(name + "\n"));
            }

            digest = Convert.ToHexString(sha.GetHashAndReset()).ToLowerInvariant();
            buildBytes = BuildCacheInventory.Scan(build).Total.Bytes;
        }

        return new CacheRestoreState
        {
            RecordedUtc = now,
            ModCacheRoot = mod,
            ModuleVersions = versions,
            ModCacheBytes = modBytes,
            BuildCacheRoot = build,
            BuildEntries = entries,
            BuildEntriesDigest = digest,
            BuildCacheBytes = buildBytes,
        };
    }

    /// <summary>Writes the state as JSON.</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("recordedUtc", RecordedUtc);
            w.WriteString("modCacheRoot", ModCacheRoot);
            w.WriteNumber("modCacheBytes", ModCacheBytes);
            w.WriteStartArray("moduleVersions");
            foreach (var v in ModuleVersions)
            {
                w.WriteStringValue(v);
            }

            w.WriteEndArray();
            w.WriteString("buildCacheRoot", BuildCacheRoot);
            w.WriteNumber("buildEntries", BuildEntries);
            w.WriteString("buildEntriesDigest", BuildEntriesDigest);
            w.WriteNumber("buildCacheBytes", BuildCacheBytes);
            if (StdCacheRoot != null)
            {
                w.WriteString("stdCacheRoot", StdCacheRoot);
                w.WriteNumber("stdCacheFiles", StdCacheFiles);
                w.WriteNumber("stdCacheBytes", StdCacheBytes);
                w.WriteNumber("stdFilesMerged", StdFilesMerged);
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
