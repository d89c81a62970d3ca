using System.IO;
using GoModCache.TestSupport;
using NUnit.Framework;

namespace GoModCache.MSBuild.Tests;

/// <summary>
/// Issue 10: one word per concept (<c>…UnusedFor</c>, not <c>…UnusedForDays</c>), and a project that sets a former
/// name keeps its setting: the targets fall back to it, and the task takes the former parameter name too.
/// </summary>
public class SettingNameTests
{
    private string _dir = null!;

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("gomc-names-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [TestCase("GoModCachePrune", "GoModCachePruneUnusedForDays", "GOMC040", "UnusedFor 'soon'")]
    [TestCase("GoModCachePrune", "GoModCachePruneUnusedFor", "GOMC040", "UnusedFor 'soon'")]
    [TestCase("GoBuildCacheTrim", "GoBuildCacheTrimUnusedForDays", "GOMC060", "UnusedFor 'soon'")]
    [TestCase("GoBuildCacheTrim", "GoBuildCacheTrimUnusedFor", "GOMC060", "UnusedFor 'soon'")]
    [TestCase("GoCachePrepareForSave", "GoCachePrepareForSaveBuildCacheUnusedForDays", "GOMC060", "BuildCacheUnusedFor 'soon'")]
    [TestCase("GoCachePrepareForSave", "GoCachePrepareForSaveBuildCacheUnusedFor", "GOMC060", "BuildCacheUnusedFor 'soon'")]
    public void The_target_hands_the_property_to_the_task_under_the_new_name_and_the_former_name(string target, string property, string code, string message)
    {
        // An age that does not parse reaches the task (and is refused before go runs or anything is removed) only
        // when the property set is the one the target passes on.
        var (exit, output) = Run(target, $"-p:{property}=soon");
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.Not.Zero, output);
            Assert.That(output, Does.Contain($"error {code}: {target}: {message}"), output);
        });
    }

    [Test]
    public void The_new_property_wins_over_the_former_one()
    {
        File.WriteAllText(Path.Combine(_dir, "p.proj"), Project("<GoModCachePruneUnusedFor>12:00:00</GoModCachePruneUnusedFor><GoModCachePruneUnusedForDays>30</GoModCachePruneUnusedForDays>"));
        var (exit, output) = Repository.Run(_dir, null, "dotnet", "msbuild", "p.proj", "-nologo", "-getProperty:GoModCachePruneUnusedFor");
        Assert.That(exit, Is.Zero, output);
        Assert.That(output.Trim(), Is.EqualTo("12:00:00"));
    }

    [Test]
    public void The_task_takes_the_former_parameter_names()
    {
        var prune = new GoModCachePrune { UnusedForDays = "30" };
        var trim = new GoBuildCacheTrim { UnusedForDays = "5" };
        var save = new GoCachePrepareForSave { UnusedForDays = "7", BuildCacheUnusedForDays = "2" };
        Assert.Multiple(() =>
        {
            Assert.That(prune.UnusedFor, Is.EqualTo("30"));
            Assert.That(trim.UnusedFor, Is.EqualTo("5"));
            Assert.That((save.UnusedFor, save.BuildCacheUnusedFor), Is.EqualTo(("7", "2")));
        });
    }

    private static string Project(string properties) => $"""
        <Project>
          <PropertyGroup>{properties}</PropertyGroup>
          <Import Project="{Path.Combine(Repository.Root, "src", "GoModCache.MSBuild", "build", "GoModCache.MSBuild.targets")}" />
        </Project>
        """;

    private (int Code, string Output) Run(string target, string property)
    {
        File.WriteAllText(Path.Combine(_dir, "p.proj"), Project(string.Empty));
        var tasks = typeof(GoCacheTask).Assembly.Location;
        return Repository.Run(_dir, null, "dotnet", "msbuild", "p.proj", "-nologo", "-t:" + target, property, "-p:GoModCacheMSBuildTasksAssembly=" + tasks, "-p:GoExecutable=/nonexistent/go");
    }
}
