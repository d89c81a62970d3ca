using System;
using System.Linq;
using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using Cake.GoModCache.Env;
using GoCaches;
using GoCaches.Ci;
using Path = System.IO.Path;

namespace Cake.GoModCache.CacheKeys;

/// <summary>Computes and publishes a CI cache key.</summary>
internal sealed class GoModCacheKeyRunner(ICakeContext context)
{
    public CacheKey Run(GoModCacheKeySettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var env = GoEnvReader.ReadFor(context, settings);
        var root = (settings.Root ?? settings.WorkingDirectory ?? context.Environment.WorkingDirectory).MakeAbsolute(context.Environment);
        var patterns = settings.Patterns.Count > 0 ? settings.Patterns.ToList() : ["**/go.sum", "**/go.work.sum"];
        var modCache = Path.GetFullPath(env.GoModCache) + Path.DirectorySeparatorChar;

        // The module cache may sit inside the repository (a CI job's private GOPATH): its modules' go.sum
        // files are not the repository's dependencies.
        var files = patterns
            .SelectMany(p => context.Globber.GetFiles(root.CombineWithFilePath(p).FullPath))
            .Select(f => f.FullPath)
            .Where(f => !Path.GetFullPath(f).StartsWith(modCache, StringComparison.Ordinal))
            .ToList();
        CacheKey key;
        try
        {
            key = CacheKey.Compute(settings.Prefix, env.GoOS, env.GoArch, env.GoVersion, root.FullPath, files);
        }
        catch (GoModCacheException ex)
        {
            throw new CakeException(ex.Message, ex);
        }

        context.Log.Information("Go cache key {0} ({1} dependency file(s): {2})", key.Key, key.Files.Count, string.Join(", ", key.Files));
        if (settings.KeyFile != null)
        {
            key.WriteFile(settings.KeyFile.MakeAbsolute(context.Environment).FullPath);
        }

        if (settings.PublishToCI)
        {
            var githubOutput = context.Environment.GetEnvironmentVariable("GITHUB_OUTPUT");
            if (!string.IsNullOrEmpty(githubOutput))
            {
                key.WriteGitHubOutput(githubOutput);
                context.Log.Information("Published as GitHub Actions step outputs 'key' and 'key-restore'.");
            }

            if (string.Equals(context.Environment.GetEnvironmentVariable("TF_BUILD"), "True", StringComparison.OrdinalIgnoreCase))
            {
                foreach (var line in key.AzurePipelinesCommands())
                {
                    Console.WriteLine(line);
                }
            }
        }

        return key;
    }
}
