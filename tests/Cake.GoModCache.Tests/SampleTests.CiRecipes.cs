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
            Assert.That(restores, Has.Count.EqualTo(3), "one restore per cache: module, build, standard library");
            var std = restores.Single(r => r["with"]["key"].ToString().Contains("steps.keys.outputs.std-key", StringComparison.Ordinal));
            Assert.That(restores.Where(r => r != std).All(r => ((YamlMappingNode)r["with"]).Children.ContainsKey("restore-keys")), Is.True, "the module and build cache restores fall back by prefix");
            Assert.That(((YamlMappingNode)std["with"]).Children.ContainsKey("restore-keys"), Is.False, "the standard library cache is restored on an exact hit only");
            Assert.That(std["with"]["path"].ToString(), Is.EqualTo("samples/polyglot/.go/build-cache-std"), "the standard library cache is the directory next to the sample's build cache");
            var stdSave = steps.Children.OfType<YamlMappingNode>().Single(s => s.Children.TryGetValue("uses", out var u) && u.ToString().StartsWith("actions/cache/save", StringComparison.Ordinal) && s["with"]["key"].ToString().Contains("std-key", StringComparison.Ordinal));
            Assert.That(stdSave["if"].ToString(), Does.Contain("save-stdcache == 'true'").And.Contain("steps.stdcache.outputs.cache-hit != 'true'"), "saved only when new");
        }

        if (recipe == "azure-pipelines.yml")
        {
            var caches = ((YamlSequenceNode)yaml.Documents[0].RootNode["steps"]).Children.OfType<YamlMappingNode>()
                .Where(s => s.Children.TryGetValue("task", out var t) && t.ToString() == "Cache@2").ToList();
            Assert.That(caches, Has.Count.EqualTo(3), "one Cache@2 per cache: module, build, standard library");
            var std = caches.Single(c => c["inputs"]["key"].ToString().Contains("GOSTDCACHE_KEY", StringComparison.Ordinal));
            Assert.That(((YamlMappingNode)std["inputs"]).Children.ContainsKey("restoreKeys"), Is.False, "the standard library cache is restored on an exact hit only");
            Assert.That(std["inputs"]["path"].ToString(), Does.EndWith("/.go/build-cache-std"));
        }

        if (recipe == "gitlab-ci.yml")
        {
            var caches = ((YamlSequenceNode)yaml.Documents[0].RootNode["build"]["cache"]).Children.OfType<YamlMappingNode>().ToList();
            Assert.That(caches, Has.Count.LessThanOrEqualTo(4), "GitLab allows at most four caches a job");
            var std = caches.Single(c => c["key"] is YamlScalarNode k && k.Value!.StartsWith("gostdcache-", StringComparison.Ordinal));
            Assert.That(std["key"].ToString(), Does.Contain("$GO_VERSION"), "the standard library cache's key changes with the Go version");
            Assert.That(((YamlMappingNode)std).Children.ContainsKey("fallback_keys"), Is.False, "the standard library cache has no fallback");
            Assert.That(std["paths"].ToString(), Does.Contain("samples/polyglot/.go/build-cache-std"));
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
            Assert.That(keys.Keys, Is.SupersetOf(new[] { "key", "key-restore", "build-key", "build-key-restore", "build-key-restore-any", "std-key" }));
            Assert.That(keys.Keys, Has.None.StartsWith("std-key-restore"), "the standard library cache has no restore keys");
            Assert.That(keys["std-key"], Does.StartWith("gostdcache-"));
            Assert.That(keys["key"], Does.StartWith(keys["key-restore"]));
            Assert.That(keys["build-key"], Does.StartWith(keys["build-key-restore"]));
            Assert.That(keys["build-key-restore"], Does.StartWith(keys["build-key-restore-any"]));
            Step("CacheRestored");
            Step("CiBuild");
            var first = Step("CachePrepareForSave");
            Assert.That(first["save-needed"], Is.EqualTo("true"), "a job that filled empty caches saves them");
            Assert.That(first["save-modcache"], Is.EqualTo("true"));
            Assert.That(long.Parse(first["saved-bytes"], System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(0));
            var stdDir = Path.Combine(sample, ".go", "build-cache-std");
            var goVersion = TestGo.Version["go".Length..].Split('.');
            var compiledStd = int.Parse(goVersion[0], System.Globalization.CultureInfo.InvariantCulture) > 1 || int.Parse(goVersion[1], System.Globalization.CultureInfo.InvariantCulture) >= 20;
            var stdFiles = Directory.Exists(stdDir) ? Directory.GetFiles(stdDir, "*-?", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(stdDir, f)).ToList() : [];
            Assert.That(first["save-stdcache"], Is.EqualTo(stdFiles.Count > 0 ? "true" : "false"), "the empty standard library cache is saved when it was filled");

            // Go 1.20 and later compile the standard library into the build cache. Go 1.19 ships it precompiled, but
            // CiBuild's -trimpath compiles it anew there too (measured: filled with Go 1.19.8 as well).
            if (compiledStd)
            {
                Assert.That(stdFiles, Is.Not.Empty);
            }
            Assert.That(stdFiles.Where(f => File.Exists(Path.Combine(sample, ".go", "build-cache", f))), Is.Empty, "the build cache's save carries none of the standard library cache's entries");

            // Jobs 2 and 3 on the caches as the job before left them (an exact restore) and a fresh checkout (no binary).
            // Job 2 may still trim entries only a cold build makes (Go 1.23's file lists); job 3 changes nothing, so no save.
            foreach (var job in new[] { 2, 3 })
            {
                GoSandbox.ForceDelete(Path.Combine(sample, "artifacts"));
                Step("CacheRestored");
                Step("CiBuild");
                var next = Step("CachePrepareForSave");
                Assert.That(next["save-stdcache"], Is.EqualTo("false"), "a restored standard library cache is never saved again");
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
