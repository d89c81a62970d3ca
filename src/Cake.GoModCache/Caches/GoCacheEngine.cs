using System;
using System.Collections.Generic;
using System.Linq;
using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using GoCaches;
using GoCaches.Ci;
using GoCaches.Go;
using GoCaches.Leases;
using GoCaches.Operations;
using GoCaches.Reports;

namespace Cake.GoModCache.Caches;

/// <summary>
/// The aliases' side of the engine's cache operations: settings to request parts (report files, CI target, absolute
/// paths), engine events to the Cake log, engine refusals and unwritten reports to <see cref="CakeException"/>.
/// </summary>
internal static class GoCacheEngine
{
    /// <summary>Gets the report files the settings ask for.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="settings">The settings.</param>
    /// <returns>The files.</returns>
    public static ReportFiles Reports(ICakeContext context, GoCacheReportSettings settings) => new()
    {
        Json = settings.ReportJson?.MakeAbsolute(context.Environment).FullPath,
        Markdown = settings.ReportMarkdown?.MakeAbsolute(context.Environment).FullPath,
        Html = settings.ReportHtml?.MakeAbsolute(context.Environment).FullPath,
        JobSummary = ReportFiles.GitHubJobSummary(settings.WriteJobSummary, context.Environment.GetEnvironmentVariable),
    };

    /// <summary>
    /// Maps what the prune, the module cache clean and the build cache trim share once: the root, the dry run, the wait
    /// for other builds, GOPATH, the reports, the CI and the Azure output. Each alias passes the result to its request's
    /// constructor (<c>new ModuleCachePruneRequest(shared) { … }</c>) and adds its own settings.
    /// </summary>
    /// <typeparam name="T">The removal request.</typeparam>
    /// <param name="context">The Cake context.</param>
    /// <param name="settings">The settings.</param>
    /// <param name="env">The Go environment the settings give.</param>
    /// <param name="root">The cache root.</param>
    /// <param name="dryRun">The setting <c>DryRun</c>.</param>
    /// <returns>The request with the shared parts.</returns>
    public static T Removal<T>(ICakeContext context, GoCacheReportSettings settings, GoEnvironment env, string root, bool dryRun)
        where T : RemovalRequest, new()
    {
        return new T
        {
            Root = root,
            DryRun = dryRun,
            LeaseWait = settings.WaitForOtherBuilds ?? CacheLease.DefaultWait,
            GoPathEntries = env.GoPathEntries,
            Reports = Reports(context, settings),
            Ci = Ci(context, settings.PublishToCI),
            AzureCommand = Console.WriteLine,
        };
    }

    /// <summary>Gets the CI of the script's environment, when publishing is wanted.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="publish">The setting <c>PublishToCI</c>.</param>
    /// <returns>The target.</returns>
    public static CiTarget Ci(ICakeContext context, bool publish) => CiTarget.FromEnvironment(publish, context.Environment.GetEnvironmentVariable);

    /// <summary>Makes paths absolute against the script's working directory.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="paths">The paths.</param>
    /// <returns>The absolute paths.</returns>
    public static IReadOnlyList<string> Absolute(ICakeContext context, IEnumerable<string> paths) =>
        paths.Select(p => new FilePath(p).MakeAbsolute(context.Environment).FullPath).ToList();

    /// <summary>Logs an engine event: what could not be removed or written as a warning, the rest as information.</summary>
    /// <param name="log">The Cake log.</param>
    /// <param name="e">The event.</param>
    public static void Log(ICakeLog log, CacheOperationEvent e)
    {
        if (e.Kind is CacheOperationEventKind.NotRemoved or CacheOperationEventKind.ReportNotWritten)
        {
            log.Warning("{0}", e.Message);
        }
        else
        {
            log.Information("{0}", e.Message);
        }
    }

    /// <summary>Fails the alias when a report file or the CI outputs could not be written.</summary>
    /// <param name="reports">The report files.</param>
    /// <param name="published">The CI publication, or null.</param>
    public static void ThrowIfNotWritten(IReadOnlyList<WrittenReport> reports, CiPublication? published = null)
    {
        var failed = reports.Where(r => !r.Written).Select(r => r.ToString()).ToList();
        if (published is { Published: false })
        {
            failed.Add(published.ToString());
        }

        if (failed.Count > 0)
        {
            throw new CakeException(string.Join("; ", failed) + ".");
        }
    }

    /// <summary>Runs the engine; its refusal is a <see cref="CakeException"/>.</summary>
    /// <typeparam name="T">The result.</typeparam>
    /// <param name="action">The engine call.</param>
    /// <returns>The result.</returns>
    public static T Run<T>(Func<T> action)
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
