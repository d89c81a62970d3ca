using System.IO;
using System.Linq;
using GoModCache.TestSupport;
using NUnit.Framework;

namespace GoModCache.MSBuild.Tests;

/// <summary>A GOPROXY credential (a token as the user name, which Go itself prints) never reaches the build log.</summary>
public class SecretRedactionTaskTests
{
    private const string Token = "ghp_T0kenInUserName4242";

    [Test]
    public void GoBuild_masks_the_proxy_token_in_go_s_errors()
    {
        using var sandbox = new GoSandbox("msbuild-secrets");
        var greeter = sandbox.Proxy.Add("example.com/Greeter", "v1.0.0");
        sandbox.PublishProxy();
        var project = sandbox.WriteProject("svc", greeter);
        sandbox.MustGo(project, "mod", "tidy");
        sandbox.MustGo(project, "clean", "-modcache");

        var engine = new RecordingBuildEngine();
        var task = new GoBuild
        {
            BuildEngine = engine,
            ProjectDirectory = project,
            Output = Path.Combine(sandbox.Root, "out", "svc"),
            GoExecutable = TestGo.Executable,
            EnvironmentVariables = [.. GoTasksTests.Environment(sandbox), $"GOPROXY=https://{Token}@127.0.0.1:9/goproxy"],
        };
        var everything = () => engine.Log + "\n" + string.Join("\n", engine.Errors.Select(e => e.File + " " + e.Message));
        Assert.Multiple(() =>
        {
            Assert.That(task.Execute(), Is.False, "the proxy is unreachable");
            Assert.That(everything(), Does.Contain("xxxxx@127.0.0.1:9/goproxy"), "Go's error is reported, masked");
            Assert.That(everything(), Does.Not.Contain(Token));
        });
    }
}
