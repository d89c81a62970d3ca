using System;
using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using Cake.Core.Tooling;
using Cake.GoModCache.Build;
using GoModCache.TestSupport;
using NUnit.Framework;

namespace Cake.GoModCache.Tests;

/// <summary>Issue 10: a go tool keeps no per-run state: one instance runs go twice and each run's failure is its own.</summary>
public class GoToolPerRunTests
{
    [Test]
    public void One_tool_instance_runs_go_twice_and_each_failure_names_its_own_command_and_errors()
    {
        using var sandbox = new GoSandbox("per-run");
        sandbox.PublishProxy();
        var project = sandbox.WriteProject("svc");
        var fixture = new CakeFixture(realProcesses: true);
        var tool = new TwoRuns(fixture.Context.FileSystem, fixture.Context.Environment, fixture.Context.ProcessRunner, fixture.Context.Tools, fixture.Log);
        var settings = new GoBuildSettings().For(sandbox, project);

        var first = tool.Go(settings, "example.com/nosuchfirst");
        var second = tool.Go(settings, "example.com/nosuchsecond");
        var firstFailure = tool.FailureOf(first).Message;
        var secondFailure = tool.FailureOf(second).Message;
        Assert.Multiple(() =>
        {
            Assert.That(first.ExitCode, Is.Not.Zero);
            Assert.That(firstFailure, Does.StartWith("'go list \"example.com/nosuchfirst\"' failed").And.Contain("nosuchfirst").And.Not.Contain("nosuchsecond"), "the first run's failure, asked for after the second run");
            Assert.That(secondFailure, Does.StartWith("'go list \"example.com/nosuchsecond\"' failed").And.Not.Contain("nosuchfirst"));
        });
    }

    private sealed class TwoRuns : GoTool<GoBuildSettings>
    {
        public TwoRuns(IFileSystem fileSystem, ICakeEnvironment environment, IProcessRunner processRunner, IToolLocator tools, ICakeLog log)
            : base(fileSystem, environment, processRunner, tools, log)
        {
            DeferExitCode = true;
        }

        public GoToolOutput Go(GoBuildSettings settings, string package) =>
            RunGo(settings, new ProcessArgumentBuilder().Append("list").AppendQuoted(package), logStandardOutput: false);

        public CakeException FailureOf(GoToolOutput output) => Fail(output);
    }
}
