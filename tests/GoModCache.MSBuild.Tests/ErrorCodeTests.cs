using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using GoModCache.TestSupport;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using NUnit.Framework;

namespace GoModCache.MSBuild.Tests;

/// <summary>
/// Issue 10: every GOMC code lives in <see cref="ErrorCodes"/> and the README, and every task that is not a go
/// command runs through the one base, <see cref="GoCacheTask"/>, whose <c>Execute</c> is the one error path.
/// </summary>
public class ErrorCodeTests
{
    private static readonly string[] SourceKinds = ["*.cs", "*.targets", "*.props"];

    private static string[] Constants => typeof(ErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral)
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToArray();

    [Test]
    public void Every_GOMC_code_in_the_sources_is_an_ErrorCodes_constant()
    {
        var src = Path.Combine(Repository.Root, "src");
        var used = SourceKinds
            .SelectMany(kind => Directory.EnumerateFiles(src, kind, SearchOption.AllDirectories))
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .SelectMany(f => Regex.Matches(File.ReadAllText(f), @"\bGOMC[0-9]{3}\b").Select(m => (Code: m.Value, File: Path.GetRelativePath(src, f))))
            .ToList();
        Assert.Multiple(() =>
        {
            Assert.That(used.Select(u => u.Code), Does.Contain("GOMC021").And.Contain("GOMC030"), "the targets' literal codes are found");
            Assert.That(used.Where(u => !Constants.Contains(u.Code)).Select(u => $"{u.Code} in {u.File}"), Is.Empty);
            Assert.That(Constants, Is.Unique);
        });
    }

    [Test]
    public void Every_ErrorCodes_constant_is_documented_in_the_README()
    {
        var readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md"));
        var codes = Constants.Where(c => c.StartsWith("GOMC", StringComparison.Ordinal)).ToList();
        Assert.That(codes, Has.Count.GreaterThan(10));
        Assert.That(codes.Where(c => !readme.Contains("`" + c + "`", StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public void Every_task_that_is_not_a_go_command_derives_from_GoCacheTask_and_none_overrides_Execute()
    {
        var tasks = typeof(GoCacheTask).Assembly.GetTypes()
            .Where(t => t.IsPublic && !t.IsAbstract && typeof(ITask).IsAssignableFrom(t) && !typeof(ToolTask).IsAssignableFrom(t))
            .ToList();

        // GoBuildStamp only writes the build's input stamp (no engine operation, no cache); it stays a plain Task.
        var engineTasks = tasks.Where(t => t != typeof(GoBuildStamp)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(engineTasks.Select(t => t.Name), Is.SupersetOf(new[] { "GoModCacheSize", "GoModCacheCheck", "GoModCachePrune", "GoBuildCacheTrim", "GoCachePrepareForSave", "GoCacheRestored" }));
            Assert.That(engineTasks.Where(t => !t.IsSubclassOf(typeof(GoCacheTask))).Select(t => t.Name), Is.Empty, "tasks not derived from GoCacheTask");
            Assert.That(typeof(GoCacheTask).GetMethod(nameof(GoCacheTask.Execute))!.IsFinal, Is.True, "GoCacheTask.Execute is sealed");
            Assert.That(engineTasks.Where(t => t.GetMethod(nameof(ITask.Execute), Type.EmptyTypes)!.DeclaringType != typeof(GoCacheTask)).Select(t => t.Name), Is.Empty, "tasks that override Execute");
        });
    }

    [Test]
    public void A_missing_go_is_one_GOMC012_error_or_with_BestEffort_a_message_only()
    {
        const string NoGo = "/nonexistent/go";
        var failing = new RecordingBuildEngine();
        var tolerant = new RecordingBuildEngine();
        Assert.Multiple(() =>
        {
            Assert.That(new GoCacheRestored { BuildEngine = failing, GoExecutable = NoGo }.Execute(), Is.False);
            Assert.That(failing.Errors.Select(e => e.Code), Is.EqualTo(new[] { ErrorCodes.CacheUnreadable }), failing.Log);
            Assert.That(failing.Errors[0].Message, Does.StartWith("GoCacheRestored could not find Go's caches: ").And.Contain(NoGo));
            Assert.That(new GoModCacheSize { BuildEngine = tolerant, GoExecutable = NoGo, BestEffort = true }.Execute(), Is.True);
            Assert.That(tolerant.Errors, Is.Empty);
            Assert.That(tolerant.Messages.Select(m => m.Message), Has.Some.Contains(NoGo));
        });
    }

    [Test]
    public void An_invalid_size_given_to_GoCachePrepareForSave_is_one_GOMC060_naming_the_parameter()
    {
        var engine = new RecordingBuildEngine();
        var task = new GoCachePrepareForSave { BuildEngine = engine, BuildCacheSizeLimit = "5XB", GoExecutable = "/nonexistent/go" };
        Assert.Multiple(() =>
        {
            Assert.That(task.Execute(), Is.False);
            Assert.That(engine.Errors.Select(e => e.Code), Is.EqualTo(new[] { ErrorCodes.TrimRefused }), engine.Log);
            Assert.That(engine.Errors[0].Message, Does.StartWith("GoCachePrepareForSave: BuildCacheSizeLimit: ").And.EndWith("Nothing was removed."));
        });
    }
}
