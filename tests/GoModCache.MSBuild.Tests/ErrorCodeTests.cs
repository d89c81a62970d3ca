using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using GoCaches.Operations;
using GoModCache.TestSupport;
using NUnit.Framework;

namespace GoModCache.MSBuild.Tests;

/// <summary>Every code lives in the engine's ErrorCodes: the targets' codes, the README's list, the tasks' base.</summary>
public class ErrorCodeTests
{
    [Test]
    public void Every_code_the_targets_log_is_in_ErrorCodes_and_every_code_is_in_the_README()
    {
        var targets = File.ReadAllText(Path.Combine(Repository.Root, "src", "GoModCache.MSBuild", "build", "GoModCache.MSBuild.targets"));
        var readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md"));
        var inTargets = Regex.Matches(targets, "Code=\"(GOMC[0-9]+)\"").Select(m => m.Groups[1].Value).Distinct().ToList();
        var constants = typeof(ErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(inTargets, Is.EquivalentTo(new[] { ErrorCodes.NoOutput, ErrorCodes.FrameworkMSBuild }));
            Assert.That(inTargets, Is.SubsetOf(ErrorCodes.All));
            Assert.That(constants, Is.EquivalentTo(ErrorCodes.All), "ErrorCodes.All lists every constant");
            Assert.That(ErrorCodes.All.Where(c => c != ErrorCodes.Go && !readme.Contains("`" + c + "`", StringComparison.Ordinal)), Is.Empty, "the README names every code");
        });
    }

    [Test]
    public void Every_engine_task_derives_from_the_one_base_whose_Execute_is_sealed()
    {
        var execute = typeof(GoCacheTask).GetMethod(nameof(GoCacheTask.Execute))!;
        var tasks = typeof(GoCacheTask).Assembly.GetTypes().Where(t => t.IsPublic && !t.IsAbstract && typeof(Microsoft.Build.Framework.ITask).IsAssignableFrom(t)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(execute.IsFinal, Is.True);
            Assert.That(typeof(GoToolTask).GetMethod(nameof(GoToolTask.Execute))!.IsFinal, Is.True);
            Assert.That(tasks.Where(t => !typeof(GoCacheTask).IsAssignableFrom(t) && !typeof(GoToolTask).IsAssignableFrom(t)), Is.Empty);
        });
    }
}
