using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using Cake.GoModCache.Env;
using GoCaches;
using GoCaches.Ci;
using GoCaches.Eviction;
using GoCaches.Go;
using GoCaches.Inventory;
using GoCaches.Pruning;
using GoCaches.Reports;
using GoCaches.Trimming;
using Path = System.IO.Path;

namespace Cake.GoModCache.Caches;

/// <summary>The build cache trim and the CI cache lifecycle (restore record, prepare for save) for the aliases; the engine does the work.</summary>
internal sealed class GoCacheLifecycleRunner(ICakeContext context)
{
    /// <summary>Go's own trim age: 5 days, plus the hour its use times may lag.</summary>
    internal static readonly TimeSpan GoDefaultAge = TimeSpan.FromDays(5) + TimeSpan.FromHours(1);

    private ICakeLog Log => context.Log;

    public BuildCacheTrimReport Trim(GoBuildCacheTrimSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var env = GoEnvReader.ReadFor(context, settings);
        var root = env.GoCache ?? throw new CakeException("Go's build cache is off (GOCACHE=off): there is nothing to trim.");
        var size = settings.SizeLimit == null ? (SizeSpec?)null : Engine(() => SizeParser.Parse(settings.SizeLimit));
        var policy = new BuildCacheTrimPolicy
        {
            UnusedFor = settings.UnusedFor ?? (size == null ? GoDefaultAge : null),
            SizeLimit = size,
            IncludeFuzzCache = settings.IncludeFuzzCache,
            ExpireTestResults = settings.ExpireTestResults,
        };
        var options = new BuildCacheTrimOptions
        {
            DryRun = settings.DryRun,
            CacheIdle = settings.CacheIdle,
            GoPathEntries = env.GoPathEntries,
            ModCacheRoot = env.GoModCache,
        };
        var report = Engine(() => new BuildCacheTrimmer(root, policy, options).Run());
        LogTrim(report);

        // The picture shows the build cache before (the trim report's figures) and after (a scan now).
        Publish(settings, report.ToJson, report.ToMarkdown, () => CacheReport.Scan("trim", null, root, buildCacheBefore: new TreeSize(report.BytesBefore, report.FilesBefore, 0, 0)) with { DryRun = report.DryRun });

        if (!report.Succeeded)
        {
            throw new CakeException($"The build cache trim could not remove {report.Failures.Count} file(s): " + string.Join("; ", report.Failures.Take(10)));
        }

        return report;
    }

    public CacheRestoreState Restored(GoCacheRestoredSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var env = GoEnvReader.ReadFor(context, settings);
        var file = settings.StateFile?.MakeAbsolute(context.Environment).FullPath ?? CacheRestoreState.DefaultPath(env.GoModCache, env.GoCache);
        var std = !settings.StdCache || env.GoCache == null ? null : settings.StdCacheDirectory?.MakeAbsolute(context.Environment).FullPath ?? StdCacheDirectory.DefaultPath(env.GoCache);
        var state = Engine(() => CacheRestoreState.Record(env.GoModCache, env.GoCache, file, stdCacheRoot: std));
        Log.Information(
            "Go caches as restored: module cache {0} ({1} module versions), build cache {2} ({3} entries); recorded in {4}.",
            SizeParser.Format(state.ModCacheBytes),
            state.ModuleVersions.Count,
            SizeParser.Format(state.BuildCacheBytes),
            state.BuildEntries,
            file);
        if (state.StdCacheRoot != null)
        {
            Log.Information(
                "Go standard library cache {0}: {1} ({2} files{3}); {4} files copied into the build cache.",
                state.StdCacheRoot,
                SizeParser.Format(state.StdCacheBytes),
                state.StdCacheFiles,
                state.StdCacheFiles == 0 ? ", not restored: GoCachePrepareForSave fills it" : string.Empty,
                state.StdFilesMerged);
        }

        return state;
    }

    public CacheSaveReport PrepareForSave(GoCachePrepareForSaveSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var env = GoEnvReader.ReadFor(context, settings);
        var modRules = settings.KeepProjects.Count > 0 || settings.ModulePatterns != null || settings.KeepNewest != null || settings.UnusedFor != null || settings.SizeLimit != null;
        var prune = !modRules ? null : new PrunePolicy
        {
            ModulePatterns = settings.ModulePatterns,
            KeepProjects = settings.KeepProjects.Select(p => new FilePath(p).MakeAbsolute(context.Environment).FullPath).ToList(),
            KeepNewest = settings.KeepNewest,
            UnusedFor = settings.UnusedFor,
            SizeLimit = settings.SizeLimit == null ? null : Engine(() => SizeParser.Parse(settings.SizeLimit)),
            UsageRecordPath = UsageRecord.DefaultPath(env.GoModCache),
        };
        var buildRules = settings.BuildCacheUnusedFor != null || settings.BuildCacheSizeLimit != null;
        var trim = !buildRules ? null : new BuildCacheTrimPolicy
        {
            UnusedFor = settings.BuildCacheUnusedFor,
            SizeLimit = settings.BuildCacheSizeLimit == null ? null : Engine(() => SizeParser.Parse(settings.BuildCacheSizeLimit)),
            IncludeFuzzCache = settings.IncludeFuzzCache,
        };
        var report = Engine(() => CachePrepareForSave.Run(new CachePrepareForSaveRequest
        {
            ModCacheRoot = env.GoModCache,
            BuildCacheRoot = env.GoCache,
            Prune = prune,
            Trim = trim,
            TrimUnusedSinceRestore = settings.TrimUnusedSinceRestore,
            StateFile = settings.StateFile?.MakeAbsolute(context.Environment).FullPath,
            DryRun = settings.DryRun,
            GoPathEntries = env.GoPathEntries,
            Std = !settings.StdCache || env.GoCache == null ? null : new StdCacheRequest
            {
                Directory = settings.StdCacheDirectory?.MakeAbsolute(context.Environment).FullPath ?? StdCacheDirectory.DefaultPath(env.GoCache),
                Go = new GoCommand(env.GoExecutable, Environment(settings), context.Environment.WorkingDirectory.FullPath),
                PackageDirectories = StdDirectories(settings),
                FlagSets = settings.StdBuildFlags.Count == 0 ? [[]] : [.. settings.StdBuildFlags.Select(f => (IReadOnlyList<string>)f.Split(' ', StringSplitOptions.RemoveEmptyEntries))],
            },
        }));

        if (report.Prune != null)
        {
            Log.Information("Module cache prune: {0} version(s) {1}, {2} freed.", report.Prune.Removed.Count, report.DryRun ? "would go" : "removed", SizeParser.Format(report.Prune.BytesFreed));
        }

        if (report.Trim != null)
        {
            LogTrim(report.Trim);
        }

        foreach (var reason in report.Reasons)
        {
            Log.Information("  {0}", reason);
        }

        foreach (var note in report.Notes)
        {
            Log.Information("  note: {0}", note);
        }

        Log.Information(
            "Go caches to save: module cache {0}, build cache {1}{2}; save needed: {3}.",
            SizeParser.Format(report.ModCacheBytes),
            SizeParser.Format(report.BuildCacheBytes),
            report.StdCacheRoot == null ? string.Empty : $", standard library cache {SizeParser.Format(report.StdCacheBytes)} ({(report.StdCacheSaveNeeded ? "new: save it" : "no save")})",
            report.SaveNeeded ? "yes" : "no");
        Publish(settings, report.ToJson, report.ToMarkdown, null);
        if (settings.PublishToCI)
        {
            var githubOutput = context.Environment.GetEnvironmentVariable("GITHUB_OUTPUT");
            if (!string.IsNullOrEmpty(githubOutput))
            {
                report.WriteGitHubOutput(githubOutput);
                Log.Information(report.StdCacheRoot == null
                    ? "Published as GitHub Actions step outputs 'save-needed', 'save-modcache', 'save-buildcache' and 'saved-bytes'."
                    : "Published as GitHub Actions step outputs 'save-needed', 'save-modcache', 'save-buildcache', 'save-stdcache' and 'saved-bytes'.");
            }

            if (string.Equals(context.Environment.GetEnvironmentVariable("TF_BUILD"), "True", StringComparison.OrdinalIgnoreCase))
            {
                foreach (var line in report.AzurePipelinesCommands())
                {
                    Console.WriteLine(line);
                }
            }
        }

        if (report.Prune is { Succeeded: false } || report.Trim is { Succeeded: false })
        {
            throw new CakeException("Preparing Go's caches for the save could not remove everything it planned: see the reports.");
        }

        return report;
    }

    // Where 'go list -export -deps ./...' finds the packages the standard library cache is filled for.
    private List<string> StdDirectories(GoCachePrepareForSaveSettings settings)
    {
        var given = settings.StdPackageDirectories.Count > 0 ? settings.StdPackageDirectories : settings.KeepProjects;
        var dirs = given
            .Select(p => new FilePath(p).MakeAbsolute(context.Environment).FullPath)
            .Select(p => File.Exists(p) ? Path.GetDirectoryName(p)! : p)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return dirs.Count > 0 ? dirs : [(settings.WorkingDirectory ?? context.Environment.WorkingDirectory).MakeAbsolute(context.Environment).FullPath];
    }

    // The variables the go commands of the alias get (GOFLAGS, GOCACHE and the others the settings set).
    private static Dictionary<string, string?> Environment(GoSettings settings)
    {
        var env = settings.EnvironmentVariables.ToDictionary(p => p.Key, p => (string?)p.Value, StringComparer.Ordinal);
        foreach (var pair in settings.GetGoEnvironment())
        {
            env[pair.Key] = pair.Value;
        }

        return env;
    }

    private void LogTrim(BuildCacheTrimReport report)
    {
        Log.Information(
            report.DryRun
                ? "Build cache trim (dry run, nothing removed) {0}: would remove {1} entries and free {2} ({3} → {4}); {5:0.0} s."
                : "Build cache trim {0}: removed {1} entries, freed {2} ({3} → {4}); {5:0.0} s.",
            report.Root,
            report.Removed.Count,
            SizeParser.Format(report.BytesFreed),
            SizeParser.Format(report.BytesBefore),
            SizeParser.Format(report.BytesAfter),
            report.Duration.TotalSeconds);
        if (report.KeptInUse > 0)
        {
            Log.Information("  kept {0} entries a go command used during the trim.", report.KeptInUse);
        }

        foreach (var failure in report.Failures.Take(20))
        {
            Log.Warning("  could not remove {0}", failure);
        }

        foreach (var note in report.Notes)
        {
            Log.Information("  note: {0}", note);
        }
    }

    // The engine's one report writer (as every operation of both front ends); a file not written fails the alias.
    private void Publish(GoCacheReportSettings settings, Func<string> json, Func<string> markdown, Func<CacheReport>? picture)
    {
        var files = new ReportFiles
        {
            Json = settings.ReportJson?.MakeAbsolute(context.Environment).FullPath,
            Markdown = settings.ReportMarkdown?.MakeAbsolute(context.Environment).FullPath,
            Html = settings.ReportHtml?.MakeAbsolute(context.Environment).FullPath,
            JobSummary = ReportFiles.GitHubJobSummary(settings.WriteJobSummary, context.Environment.GetEnvironmentVariable),
        };
        var written = ReportPublisher.Publish(files, json, markdown, picture);
        foreach (var file in written.Where(w => w.Written))
        {
            Log.Information("{0}", file);
        }

        var failed = written.Where(w => !w.Written).ToList();
        if (failed.Count > 0)
        {
            throw new CakeException(string.Join("; ", failed) + ".");
        }
    }

    private static T Engine<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (GoModCacheException ex)
        {
            throw new CakeException(ex.Message, ex);
        }
    }
}
