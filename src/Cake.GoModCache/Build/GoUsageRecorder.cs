using System.Linq;
using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using Cake.GoModCache.Env;
using GoCaches;
using GoCaches.Inventory;
using GoCaches.Modules;

namespace Cake.GoModCache.Build;

/// <summary>
/// After a successful build, records which module versions it used in the module cache's usage record
/// (<see cref="UsageRecord"/>), so that pruning by last use works even where the file system records no
/// access times (noatime mounts, CI caches restored from an archive).
/// </summary>
internal sealed class GoUsageRecorder : GoTool<GoBuildSettings>
{
    private readonly ICakeContext _context;

    public GoUsageRecorder(ICakeContext context)
        : base(context.FileSystem, context.Environment, context.ProcessRunner, context.Tools, context.Log)
    {
        _context = context;
        DeferExitCode = true;
    }

    public void Record(GoBuildSettings settings)
    {
        // The engine owns the question "which module versions does this build use" (ProjectRequirements, as the
        // prune keep-sets and exports): its go list query, run through Cake's process runner, and its reading.
        var args = new ProcessArgumentBuilder();
        var query = ProjectRequirements.BuildListArguments(settings.Tags, settings.Packages);
        for (var i = 0; i < query.Count; i++)
        {
            if (i > 0 && !query[i].StartsWith('-'))
            {
                args.AppendQuoted(query[i]);
            }
            else
            {
                args.Append(query[i]);
            }
        }

        var list = RunGo(settings, args, logStandardOutput: false);
        if (list.ExitCode != 0)
        {
            // Recording use is a help for later prunes, never a reason to fail a build that succeeded.
            Log.Verbose("Could not list the modules the build used, so their use is not recorded: {0}", string.Join(" ", list.ErrorLines()));
            return;
        }

        var modules = ProjectRequirements.FromBuildList(list.StandardOutput).Modules;
        if (modules.Count == 0)
        {
            return;
        }

        var env = GoEnvReader.ReadFor(_context, settings);
        try
        {
            var record = UsageRecord.Update(UsageRecord.DefaultPath(env.GoModCache), modules);
            Log.Verbose("Recorded the use of {0} module version(s) in {1}.", modules.Count, record.FilePath);
        }
        catch (GoModCacheException ex)
        {
            Log.Warning("Could not update the module usage record: {0}", ex.Message);
        }
    }
}
