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
using GoCaches.Inventory;
using GoCaches.Pruning;
using GoCaches.Trimming;
using Path = System.IO.Path;

namespace Cake.GoModCache.CacheKeys;

/// <summary>Computes and publishes a CI cache key.</summary>
internal sealed class GoModCacheKeyPublisher(ICakeContext context)
{
    public CacheKey Run(GoModCacheKeySettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var env = GoEnvReader.ReadFor(context, settings);
        var root = (settings.Root ?? settings.WorkingDirectory ?? context.Environment.WorkingDirectory).MakeAbsolute(context.Environment);
        var patterns = settings.Patterns.Count > 0 ? settings.Patterns.ToList() : ["**/go.sum", "**/go.work.sum"];
        // The caches may sit inside the repository (a CI job's private GOPATH, GitLab's cache paths): their
        // modules' go.sum files and sources are not the repository's.
        var caches = new[] { env.GoModCache, env.GoCache }.Concat(env.GoPathEntries)
            .Where(c => !string.IsNullOrEmpty(c) && Path.IsPathFullyQualified(c))
            .Select(c => Path.GetFullPath(c!) + Path.DirectorySeparatorChar)
            .ToList();
        List<string> Find(IEnumerable<string> globs) => globs
            .SelectMany(p => context.Globber.GetFiles(root.CombineWithFilePath(p).FullPath))
            .Select(f => f.FullPath)
            .Where(f => !caches.Exists(c => Path.GetFullPath(f).StartsWith(c, StringComparison.Ordinal)))
            .ToList();
        var files = Find(patterns);
        var sources = Find(settings.SourcePatterns.Count > 0 ? settings.SourcePatterns : ["**/*.go"]);
        CacheKey key;
        try
        {
            var build = CacheKey.ComputeBuild(settings.BuildKeyPrefix, env.GoOS, env.GoArch, env.GoVersion, env.GoFlags, root.FullPath, files, sources);
            var std = CacheKey.ComputeStd(settings.StdKeyPrefix, env.GoOS, env.GoArch, env.GoVersion, env.Values);
            key = CacheKey.Compute(settings.Prefix, env.GoOS, env.GoArch, env.GoVersion, root.FullPath, files) with { BuildCache = build, StdCache = std };
        }
        catch (GoModCacheException ex)
        {
            throw new CakeException(ex.Message, ex);
        }

        var buildKey = key.BuildCache!;
        var stdKey = key.StdCache!;
        context.Log.Information("Go cache key {0} ({1} dependency file(s): {2})", key.Key, key.Files.Count, string.Join(", ", key.Files));
        context.Log.Information("Go build cache key {0} ({1} Go source(s)); restore keys {2}", buildKey.Key, sources.Count, string.Join(", ", buildKey.RestoreKeys));
        context.Log.Information("Go standard library cache key {0} (Go, OS/arch and build settings only; no restore keys)", stdKey.Key);
        if (settings.KeyFile != null)
        {
            key.WriteFile(settings.KeyFile.MakeAbsolute(context.Environment).FullPath);
        }

        if (settings.BuildKeyFile != null)
        {
            buildKey.WriteFile(settings.BuildKeyFile.MakeAbsolute(context.Environment).FullPath);
        }

        if (settings.StdKeyFile != null)
        {
            stdKey.WriteFile(settings.StdKeyFile.MakeAbsolute(context.Environment).FullPath);
        }

        if (settings.PublishToCI)
        {
            var githubOutput = context.Environment.GetEnvironmentVariable("GITHUB_OUTPUT");
            if (!string.IsNullOrEmpty(githubOutput))
            {
                key.WriteGitHubOutput(githubOutput);
                buildKey.WriteGitHubOutput(githubOutput, "build-key");
                stdKey.WriteGitHubOutput(githubOutput, "std-key");
                context.Log.Information("Published as GitHub Actions step outputs 'key', 'key-restore', 'build-key', 'build-key-restore', 'build-key-restore-any' and 'std-key'.");
            }

            if (string.Equals(context.Environment.GetEnvironmentVariable("TF_BUILD"), "True", StringComparison.OrdinalIgnoreCase))
            {
                foreach (var line in key.AzurePipelinesCommands().Concat(buildKey.AzurePipelinesCommands("GOBUILDCACHE_KEY")).Concat(stdKey.AzurePipelinesCommands("GOSTDCACHE_KEY")))
                {
                    Console.WriteLine(line);
                }
            }
        }

        return key;
    }
}
