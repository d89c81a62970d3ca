using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using GoModCache.TestSupport;
using NUnit.Framework;
using YamlDotNet.RepresentationModel;

namespace Cake.GoModCache.Tests;

/// <summary>
/// Issue 13: the CI cache recipes (samples/polyglot/ci/*.yml, also in README) work as written: they parse, README
/// holds them verbatim, every Cake target and MSBuild target they name exists, and the sequence they run
/// (CacheKey → restore → CacheRestored → CiBuild → CachePrepareForSave → save) runs through the sample's build.sh
/// with GitHub Actions' output file, publishing the outputs the workflow reads.
/// </summary>
public partial class SampleTests
{
    private static readonly string[] Recipes = ["github-actions.yml", "azure-pipelines.yml", "gitlab-ci.yml"];

    [TestCaseSource(nameof(Recipes))]
    public void A_ci_recipe_parses_is_in_the_readme_and_names_targets_that_exist(string recipe)
    {
        var text = File.ReadAllText(Path.Combine(SampleDir, "ci", recipe));
        var yaml = new YamlStream();
        yaml.Load(new StringReader(text));
        Assert.That(yaml.Documents, Has.Count.EqualTo(1));

        var readme = File.ReadAllText(Path.Combine(RepoRoot, "README.md"));
        Assert.That(readme, Does.Contain($"<!-- ci-recipe: {recipe} -->\n```yaml\n{text.TrimEnd('\n')}\n```"), "README shows the recipe exactly as the sample has it");

        var script = File.ReadAllText(Path.Combine(SampleDir, "build.cake"));
        var targets = TargetArgument().Matches(text).Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.That(targets, Does.Contain("CachePrepareForSave"), "the recipe runs the step before the save");
        foreach (var target in targets)
        {
            Assert.That(script, Does.Contain($"Task(\"{target}\")"), $"build.cake defines the target {target}");
        }

        var msbuildTargets = File.ReadAllText(Path.Combine(RepoRoot, "src", "GoModCache.MSBuild", "build", "GoModCache.MSBuild.targets"));
        foreach (var name in new[] { "GoCacheRestored", "GoCachePrepareForSave", "GoBuildCacheTrim" })
        {
            Assert.That(msbuildTargets, Does.Contain($"<Target Name=\"{name}\""), $"the MSBuild target {name} that README names exists");
        }

        if (recipe == "github-actions.yml")
        {
            var steps = (YamlSequenceNode)yaml.Documents[0].RootNode["jobs"]["build"]["steps"];
            var setupGo = steps.Children.OfType<YamlMappingNode>().Single(s => s.Children.TryGetValue("uses", out var u) && u.ToString().StartsWith("actions/setup-go", StringComparison.Ordinal));
            Assert.That(setupGo["with"]["cache"].ToString(), Is.EqualTo("false"), "setup-go does not store the caches a second time");
            var restores = steps.Children.OfType<YamlMappingNode>().Where(s => s.Children.TryGetValue("uses", out var u) && u.ToString().StartsWith("actions/cache/restore", StringComparison.Ordinal)).ToList();
            Assert.That(restores, Has.Count.EqualTo(2), "one restore per cache");
            Assert.That(restores.All(r => ((YamlMappingNode)r["with"]).Children.ContainsKey("restore-keys")), Is.True, "each restore falls back by prefix");
        }
    }

    [Test]
    public void The_github_recipe_sequence_runs_and_skips_the_save_when_nothing_changed()
    {
        var work = Directory.CreateTempSubdirectory("polyglot-ci-").FullName;
        try
        {
            var sample = Path.Combine(work, "sample");
            CopyTree(SampleDir, sample);
            var feed = Path.Combine(work, "feed");
            Repository.Pack("src/Cake.GoModCache/Cake.GoModCache.csproj", Repository.ConfigurationOf(typeof(SampleTests).Assembly), feed);
            var home = Directory.CreateDirectory(Path.Combine(work, "home")).FullName;
            var temp = Directory.CreateDirectory(Path.Combine(work, "runner-temp")).FullName;

            Dictionary<string, string> Step(string target)
            {
                var output = Path.Combine(work, target + ".out");
                File.WriteAllText(output, string.Empty);
                var (code, log) = Repository.Run(sample, psi =>
                {
                    psi.Environment["NUGET_PACKAGES"] = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                        ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
                    psi.Environment["HOME"] = home;
                    psi.Environment["DOTNET_CLI_HOME"] = home;
                    foreach (var v in new[] { "GOPATH", "GOMODCACHE", "GOCACHE", "GOFLAGS", "GOPROXY", "GOENV", "TF_BUILD" })
                    {
                        psi.Environment.Remove(v);
                    }

                    psi.Environment["PATH"] = Path.GetDirectoryName(TestGo.Executable) + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
                    psi.Environment["GITHUB_OUTPUT"] = output;
                    psi.Environment["GITHUB_STEP_SUMMARY"] = Path.Combine(work, "summary.md");
                    psi.Environment["RUNNER_TEMP"] = temp;
                }, Path.Combine(sample, "build.sh"), "--target=" + target, "--nuget_source=" + feed);
                Assert.That(code, Is.Zero, log);
                return File.ReadAllLines(output).Where(l => l.Contains('=', StringComparison.Ordinal))
                    .ToDictionary(l => l[..l.IndexOf('=', StringComparison.Ordinal)], l => l[(l.IndexOf('=', StringComparison.Ordinal) + 1)..], StringComparer.Ordinal);
            }

            // Job 1: nothing to restore.
            var keys = Step("CacheKey");
            Assert.That(keys.Keys, Is.SupersetOf(new[] { "key", "key-restore", "build-key", "build-key-restore", "build-key-restore-any" }));
            Assert.That(keys["key"], Does.StartWith(keys["key-restore"]));
            Assert.That(keys["build-key"], Does.StartWith(keys["build-key-restore"]));
            Assert.That(keys["build-key-restore"], Does.StartWith(keys["build-key-restore-any"]));
            Step("CacheRestored");
            Step("CiBuild");
            var first = Step("CachePrepareForSave");
            Assert.That(first["save-needed"], Is.EqualTo("true"), "a job that filled empty caches saves them");
            Assert.That(first["save-modcache"], Is.EqualTo("true"));
            Assert.That(long.Parse(first["saved-bytes"], System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(0));

            // Jobs 2 and 3 on the caches as the job before left them (an exact restore) and a fresh checkout (no binary).
            // Job 2 may still trim entries only a cold build makes (Go 1.23's file lists); job 3 changes nothing, so no save.
            foreach (var job in new[] { 2, 3 })
            {
                GoSandbox.ForceDelete(Path.Combine(sample, "artifacts"));
                Step("CacheRestored");
                Step("CiBuild");
                var next = Step("CachePrepareForSave");
                if (job == 3)
                {
                    Assert.That(next["save-needed"], Is.EqualTo("false"), "caches unchanged since the restore are not saved again");
                }
            }
            Assert.That(File.ReadAllText(Path.Combine(work, "summary.md")), Does.Contain("Go caches before the save"));
        }
        finally
        {
            GoSandbox.ForceDelete(work);
        }
    }

    [GeneratedRegex(@"--target=([A-Za-z]+)")]
    private static partial Regex TargetArgument();
}
