using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using GoModCache.TestSupport;
using NUnit.Framework;

namespace Cake.GoModCache.Tests;

/// <summary>
/// The polyglot sample's container stage, run as its Dockerfile runs it (./build.sh --target=Container) on a
/// copy of the sample, in a throwaway HOME with no GOPATH, GOMODCACHE or GOCACHE set.
/// </summary>
[NonParallelizable]
public partial class SampleTests
{
    private static string RepoRoot => Repository.Root;

    private static string SampleDir => Path.Combine(RepoRoot, "samples", "polyglot");

    private static string RepoVersion => XDocument.Load(Path.Combine(RepoRoot, "Directory.Build.props")).Descendants("Version").First().Value;

    [Test]
    public void The_sample_loads_the_addin_version_this_repository_builds()
    {
        var script = File.ReadAllText(Path.Combine(SampleDir, "build.cake"));
        var match = AddinLine().Match(script);
        Assert.That(match.Success, Is.True, "the sample loads the addin with #addin nuget:?package=Cake.GoModCache&version=…");
        Assert.That(match.Groups[1].Value, Is.EqualTo(RepoVersion));
    }

    [Test]
    public void The_container_stage_builds_offline_and_leaves_no_go_cache()
    {
        var work = Directory.CreateTempSubdirectory("polyglot-").FullName;
        try
        {
            var sample = Path.Combine(work, "sample");
            CopyTree(SampleDir, sample);
            var feed = Path.Combine(work, "feed");
            Repository.Pack("src/Cake.GoModCache/Cake.GoModCache.csproj", Repository.ConfigurationOf(typeof(SampleTests).Assembly), feed);

            var home = Directory.CreateDirectory(Path.Combine(work, "home")).FullName;
            var binary = Path.Combine(work, "out", "service");
            var (code, output) = Run(sample, home, Path.Combine(sample, "build.sh"), "--target=Container", "--output=" + binary, "--nuget_source=" + feed);
            Assert.That(code, Is.Zero, output);

            Assert.Multiple(() =>
            {
                Assert.That(File.Exists(binary), Is.True, output);
                Assert.That(Run(work, home, binary).Output, Does.Contain("HELLO, POLYGLOT!"));
                Assert.That(output, Does.Contain("out of the image layer"));
                Assert.That(Directory.Exists(Path.Combine(sample, ".go")), Is.False, "the sample's private caches are gone");
                Assert.That(Directory.Exists(Path.Combine(home, "go")), Is.False, "no GOPATH module cache in HOME");
                Assert.That(Directory.Exists(Path.Combine(home, ".cache", "go-build")), Is.False, "no build cache in HOME");
            });
        }
        finally
        {
            GoSandbox.ForceDelete(work);
        }
    }

    private static void CopyTree(string from, string to)
    {
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            var rel = Path.GetRelativePath(from, dir);
            if (rel.Split(Path.DirectorySeparatorChar)[0] is ".go" or "artifacts" or "tools" or "bin" or "obj")
            {
                continue;
            }

            Directory.CreateDirectory(Path.Combine(to, rel));
        }

        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var rel = Path.GetRelativePath(from, file);
            if (rel.Split(Path.DirectorySeparatorChar)[0] is ".go" or "artifacts" or "tools" or "bin" or "obj")
            {
                continue;
            }

            File.Copy(file, Path.Combine(to, rel));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(Path.Combine(to, rel), File.GetUnixFileMode(file));
            }
        }
    }

    private static (int Code, string Output) Run(string workingDirectory, string home, string file, params string[] args) =>
        Repository.Run(workingDirectory, psi =>
        {
            // A throwaway HOME, as in a container; NuGet's package folder stays the machine's so that
            // 'dotnet tool restore' does not download Cake again.
            psi.Environment["NUGET_PACKAGES"] = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            psi.Environment["HOME"] = home;
            psi.Environment["DOTNET_CLI_HOME"] = home;
            foreach (var v in new[] { "GOPATH", "GOMODCACHE", "GOCACHE", "GOFLAGS", "GOPROXY", "GOENV" })
            {
                psi.Environment.Remove(v);
            }

            psi.Environment["PATH"] = Path.GetDirectoryName(TestGo.Executable) + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        }, file, args);

    [GeneratedRegex(@"#addin nuget:\?package=Cake\.GoModCache&version=([0-9A-Za-z.\-]+)")]
    private static partial Regex AddinLine();
}
