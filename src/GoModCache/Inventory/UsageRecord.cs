using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using GoCaches.Eviction;
using GoCaches.Modules;

namespace GoCaches.Inventory;

/// <summary>
/// A small JSON file recording when module versions were last used, for caches on file systems that do not
/// record access times (or when a build wants to say so explicitly). Go records no last-use time itself.
/// </summary>
/// <remarks>
/// <para>The file looks like this:</para>
/// <code>
/// {
///   "version": 1,
///   "modules": {
///     "example.com/a@v1.0.0": "2024-05-01T12:00:00Z"
///   }
/// }
/// </code>
/// <para>
/// Its default place is <c>&lt;GOMODCACHE&gt;/cache/gomodcache-usage.json</c> (<see cref="DefaultPath"/>), so that it
/// travels with the cache when CI saves and restores it and goes when the cache is cleaned; Go ignores it.
/// <see cref="Save"/> merges with what another process saved meanwhile (the later time wins), under a lock.
/// </para>
/// </remarks>
public sealed class UsageRecord
{
    /// <summary>The file name of the default record.</summary>
    public const string DefaultFileName = "gomodcache-usage.json";

    private readonly Dictionary<ModuleVersion, DateTime> _entries = [];
    private readonly HashSet<ModuleVersion> _removed = [];

    private UsageRecord(string path)
    {
        FilePath = path;
    }

    /// <summary>Gets the record file.</summary>
    public string FilePath { get; }

    /// <summary>Gets the recorded last-use times (UTC).</summary>
    public IReadOnlyDictionary<ModuleVersion, DateTime> Entries => _entries;

    /// <summary>Gets the default record file of a module cache: <c>&lt;root&gt;/cache/gomodcache-usage.json</c>.</summary>
    /// <param name="cacheRoot">The module cache root.</param>
    /// <returns>The path.</returns>
    public static string DefaultPath(string cacheRoot)
    {
        ArgumentNullException.ThrowIfNull(cacheRoot);
        return Path.Combine(cacheRoot, "cache", DefaultFileName);
    }

    /// <summary>Loads a record; a missing file is an empty record.</summary>
    /// <param name="path">The record file (absolute).</param>
    /// <returns>The record.</returns>
    /// <exception cref="GoModCacheException">The path is relative, or the file is not a valid record.</exception>
    public static UsageRecord Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!Path.IsPathFullyQualified(path))
        {
            throw new GoModCacheException($"The usage record path '{path}' is not absolute.");
        }

        var record = new UsageRecord(path);
        foreach (var (module, time) in Read(path))
        {
            record._entries[module] = time;
        }

        return record;
    }

    /// <summary>Loads a record, marks module versions as used now (or at <paramref name="atUtc"/>) and saves it.</summary>
    /// <param name="path">The record file (absolute).</param>
    /// <param name="modules">The module versions used.</param>
    /// <param name="atUtc">The time of use; now when null.</param>
    /// <returns>The saved record.</returns>
    /// <exception cref="GoModCacheException">The file is not a valid record, or it cannot be written.</exception>
    public static UsageRecord Update(string path, IEnumerable<ModuleVersion> modules, DateTime? atUtc = null)
    {
        var record = Load(path);
        record.Touch(modules, atUtc);
        record.Save();
        return record;
    }

    /// <summary>Marks module versions as used now (or at <paramref name="atUtc"/>); an earlier time never replaces a later one.</summary>
    /// <param name="modules">The module versions used, e.g. <see cref="ProjectRequirements.Modules"/>.</param>
    /// <param name="atUtc">The time of use; now when null.</param>
    public void Touch(IEnumerable<ModuleVersion> modules, DateTime? atUtc = null)
    {
        ArgumentNullException.ThrowIfNull(modules);
        var at = (atUtc ?? DateTime.UtcNow).ToUniversalTime();
        foreach (var module in modules)
        {
            if (ModuleVersion.CheckPath(module.Path ?? string.Empty) is { } pathError)
            {
                throw new GoModCacheException($"Cannot record the use of '{module}': {pathError}");
            }

            if (ModuleVersion.CheckVersion(module.Version ?? string.Empty) is { } versionError)
            {
                throw new GoModCacheException($"Cannot record the use of '{module}': {versionError}");
            }

            _removed.Remove(module);
            if (!_entries.TryGetValue(module, out var existing) || existing < at)
            {
                _entries[module] = at;
            }
        }
    }

    /// <summary>Marks module versions, written <c>path@version</c>, as used now (or at <paramref name="atUtc"/>).</summary>
    /// <param name="modules">The module versions, e.g. <c>example.com/a@v1.0.0</c>.</param>
    /// <param name="atUtc">The time of use; now when null.</param>
    /// <exception cref="GoModCacheException">A text is not <c>path@version</c>.</exception>
    public void Touch(IEnumerable<string> modules, DateTime? atUtc = null)
    {
        ArgumentNullException.ThrowIfNull(modules);
        Touch(modules.Select(ModuleVersion.Parse).ToList(), atUtc);
    }

    /// <summary>Gets the recorded last use of a module version, or null.</summary>
    /// <param name="module">The module version.</param>
    /// <returns>The time (UTC), or null.</returns>
    public DateTime? LastUse(ModuleVersion module) => _entries.TryGetValue(module, out var at) ? at : null;

    /// <summary>Forgets a module version (after it was evicted).</summary>
    /// <param name="module">The module version.</param>
    /// <returns>Whether it was recorded.</returns>
    public bool Remove(ModuleVersion module)
    {
        _removed.Add(module);
        return _entries.Remove(module);
    }

    /// <summary>
    /// Saves the record: under a lock on <c>&lt;file&gt;.lock</c>, merges with the file as it is now (the later
    /// time of each version wins; versions removed here stay removed), then replaces the file atomically.
    /// </summary>
    /// <exception cref="GoModCacheException">The file cannot be written, or what is on disk is not a valid record.</exception>
    public void Save()
    {
        var directory = Path.GetDirectoryName(FilePath)!;
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new GoModCacheException($"Cannot create '{directory}' for the usage record: {ex.Message}", ex);
        }

        using var held = GoFileLock.Acquire(FilePath + ".lock", TimeSpan.FromSeconds(30), "the usage record " + FilePath, CancellationToken.None);
        foreach (var (module, time) in Read(FilePath))
        {
            if (!_removed.Contains(module) && (!_entries.TryGetValue(module, out var mine) || mine < time))
            {
                _entries[module] = time;
            }
        }

        var temp = FilePath + "." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + ".tmp";
        try
        {
            using (var stream = File.Create(temp))
            using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
            {
                writer.WriteStartObject();
                writer.WriteNumber("version", 1);
                writer.WriteStartObject("modules");
                foreach (var (module, time) in _entries.OrderBy(e => e.Key.Path, StringComparer.Ordinal).ThenBy(e => e.Key.Version, SemanticVersion.Comparer))
                {
                    writer.WriteString(module.ToString(), time.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
                }

                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            File.Move(temp, FilePath, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            File.Delete(temp);
            throw new GoModCacheException($"Cannot write the usage record '{FilePath}': {ex.Message}", ex);
        }
    }

    private static List<(ModuleVersion Module, DateTime Time)> Read(string path)
    {
        var result = new List<(ModuleVersion, DateTime)>();
        if (!File.Exists(path))
        {
            return result;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Invalid(path, "it is not a JSON object");
            }

            if (root.TryGetProperty("version", out var version) && (version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out var number) || number != 1))
            {
                throw Invalid(path, $"its format version is {version}, this code reads version 1");
            }

            if (!root.TryGetProperty("modules", out var modules))
            {
                return result;
            }

            if (modules.ValueKind != JsonValueKind.Object)
            {
                throw Invalid(path, "'modules' is not an object of \"path@version\": \"time\" pairs");
            }

            foreach (var property in modules.EnumerateObject())
            {
                if (!ModuleVersion.TryParse(property.Name, out var module, out var error))
                {
                    throw Invalid(path, $"'{property.Name}' is not a module version: {error}");
                }

                if (property.Value.ValueKind != JsonValueKind.String ||
                    !DateTime.TryParse(property.Value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time))
                {
                    throw Invalid(path, $"the time of '{property.Name}' is not an ISO 8601 time such as \"2024-05-01T12:00:00Z\"");
                }

                result.Add((module, DateTime.SpecifyKind(time, DateTimeKind.Utc)));
            }
        }
        catch (JsonException ex)
        {
            throw new GoModCacheException($"The usage record '{path}' is not valid JSON: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new GoModCacheException($"Cannot read the usage record '{path}': {ex.Message}", ex);
        }

        return result;
    }

    private static GoModCacheException Invalid(string path, string problem) =>
        new($"The usage record '{path}' is not valid: {problem}. Fix or delete it.");
}
