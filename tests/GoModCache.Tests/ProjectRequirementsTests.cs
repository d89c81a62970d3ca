using System.IO;
using System.Linq;
using GoCaches;
using GoCaches.Modules;
using GoModCache.TestSupport;
using NUnit.Framework;

namespace GoModCache.Tests;

public class ProjectRequirementsTests
{
    private string _dir = null!;

    [SetUp]
    public void MakeDirectory()
    {
        _dir = Path.Combine(Path.GetTempPath(), "gomodcache-tests", "requirements-" + System.Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void Cleanup() => GoSandbox.ForceDelete(_dir);

    [Test]
    public void The_build_list_of_a_real_build_is_what_the_build_compiles_and_a_subset_of_the_project_files_answer()
    {
        using var sandbox = new GoSandbox("build-list");
        var used = sandbox.Proxy.Add("example.com/Used", "v1.2.0");
        sandbox.Proxy.Add("example.com/testonly", "v0.3.0");
        sandbox.PublishProxy();
        var project = sandbox.WriteProject("svc", used);

        // A requirement the build does not compile: in go.mod and go.sum, not in the build list.
        sandbox.MustGo(project, "get", "example.com/testonly@v0.3.0");
        var args = ProjectRequirements.BuildListArguments(["netgo"], []);
        Assert.That(args, Is.EqualTo(new[] { "list", "-deps", "-f", ProjectRequirements.BuildListFormat, "-tags", "netgo", "." }));
        var list = sandbox.MustGo(project, args.ToArray());
        var built = ProjectRequirements.FromBuildList(list.StandardOutput.Split('\n'));
        var files = ProjectRequirements.Load(project);
        Assert.Multiple(() =>
        {
            Assert.That(built.Modules.Select(m => m.ToString()), Is.EquivalentTo(new[] { "example.com/Used@v1.2.0" }));
            Assert.That(files.Modules, Is.SupersetOf(built.Modules), "the files' answer keeps everything the build used");
            Assert.That(files.Modules.Select(m => m.ToString()), Does.Contain("example.com/testonly@v0.3.0"));
        });
    }

    [Test]
    public void Reads_go_mod_go_sum_and_a_workspace_with_its_modules()
    {
        Write("ws/go.work", """
            go 1.22

            toolchain go1.22.3

            use (
            	./svc // the service
            	"./lib"
            )

            replace example.com/old v1.0.0 => example.com/new v1.5.0
            """);
        Write("ws/go.work.sum", "example.com/worksum v0.9.0 h1:abc=\n\nexample.com/worksum v0.9.0/go.mod h1:def=\n");
        Write("ws/svc/go.mod", """
            // A comment before the module line.
            module example.com/svc

            go 1.21

            require example.com/single v1.0.0

            require (
            	example.com/a v1.2.3 // indirect
            	"example.com/quoted" v0.1.0
            	github.com/BurntSushi/toml v1.3.2
            	example.com/pseudo v0.0.0-20240101000000-abcdefabcdef
            	example.com/incompatible v2.0.0+incompatible
            )

            exclude example.com/a v1.2.2

            replace (
            	example.com/local => ../lib
            	example.com/fork v1.0.0 => example.com/forked v1.0.1
            )

            retract [v0.1.0, v0.2.0]

            godebug default=go1.21
            """);
        Write("ws/svc/go.sum", "example.com/a v1.2.3 h1:xyz=\nexample.com/transitive v0.4.0/go.mod h1:uvw=\n");
        Write("ws/lib/go.mod", "module example.com/lib\n\ngo 1.21\n\nrequire example.com/fromlib v3.0.0\n");

        var requirements = ProjectRequirements.Load(Path.Combine(_dir, "ws"));
        Assert.That(requirements.Modules.Select(m => m.ToString()), Is.EquivalentTo(new[]
        {
            "example.com/new@v1.5.0",
            "example.com/worksum@v0.9.0",
            "example.com/single@v1.0.0",
            "example.com/a@v1.2.3",
            "example.com/quoted@v0.1.0",
            "github.com/BurntSushi/toml@v1.3.2",
            "example.com/pseudo@v0.0.0-20240101000000-abcdefabcdef",
            "example.com/incompatible@v2.0.0+incompatible",
            "example.com/forked@v1.0.1",
            "example.com/transitive@v0.4.0",
            "example.com/fromlib@v3.0.0",
        }));
        Assert.Multiple(() =>
        {
            Assert.That(requirements.Toolchains, Is.EqualTo(new[] { "go1.22.3" }));
            Assert.That(requirements.Contains("example.com/a", "v1.2.2"), Is.False, "an excluded version is not needed");
            Assert.That(requirements.Files.Select(Path.GetFileName), Is.EquivalentTo(new[] { "go.work", "go.mod", "go.sum", "go.mod", "go.work.sum" }));
        });
    }

    [TestCase("go.sum", "example.com/a v1.0.0\n", "go.sum:1: malformed: expected 'module version hash', found 2 field(s)")]
    [TestCase("go.sum", "example.com/a v1.0.0 h1:x= extra\n", "found 4 field(s)")]
    [TestCase("go.sum", "\nexample.com/a 1.0.0 h1:x=\n", "go.sum:2: malformed: '1.0.0' is not a module version")]
    [TestCase("go.sum", "example.com/a v1.0.0 nohash\n", "is not a hash")]
    [TestCase("go.sum", "example.com/../x v1.0.0 h1:x=\n", "'..' element")]
    [TestCase("go.mod", "module m\n\nrequire example.com/a\n", "go.mod:3: malformed: 'require' takes 'module version', found 1 argument(s)")]
    [TestCase("go.mod", "module m\n\nrequire (\n\texample.com/a v1.0.0\n", "block is never closed")]
    [TestCase("go.mod", "example.com/a v1.0.0 h1:abc=\n", "unknown directive 'example.com/a'")]
    [TestCase("go.mod", "module m\nrequire example.com/a v1.0.0.0\n", "is not a module version")]
    [TestCase("go.mod", "module m\nreplace example.com/a v1.0.0\n", "expected 'replace module [version] => module version'")]
    [TestCase("go.mod", "module \"m\n", "unterminated quoted string")]
    [TestCase("go.work", "go 1.22\nuse ./missing\n", "has no go.mod")]
    public void Malformed_files_are_errors_that_name_the_file_and_line(string name, string content, string message)
    {
        Write(name, content);
        Assert.That(() => ProjectRequirements.Load(Path.Combine(_dir, name)), Throws.TypeOf<GoModCacheException>().With.Message.Contains(message));
    }

    [Test]
    public void Missing_paths_and_empty_directories_are_errors()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "empty"));
        Write("notes.txt", "hello");
        Assert.Multiple(() =>
        {
            Assert.That(() => ProjectRequirements.Load(Path.Combine(_dir, "nope")), Throws.TypeOf<GoModCacheException>().With.Message.Contains("does not exist"));
            Assert.That(() => ProjectRequirements.Load(Path.Combine(_dir, "empty")), Throws.TypeOf<GoModCacheException>().With.Message.Contains("has no go.mod, go.sum, go.work or go.work.sum"));
            Assert.That(() => ProjectRequirements.Load(Path.Combine(_dir, "notes.txt")), Throws.TypeOf<GoModCacheException>().With.Message.Contains("is not a go.mod, go.sum, go.work or go.work.sum"));
        });
    }

    [TestCase("go 1.14", true)]
    [TestCase("go 1.22.0", true)]
    [TestCase("go 1.13", false)]
    [TestCase("go 1.9", false)]
    public void A_vendored_module_needs_nothing_from_the_module_cache(string goLine, bool vendored)
    {
        Write("v/go.mod", $"module example.com/v\n\n{goLine}\n\nrequire example.com/a v1.0.0\n");
        Write("v/go.sum", "example.com/a v1.0.0 h1:abc=\nexample.com/a v1.0.0/go.mod h1:def=\n");
        Write("v/vendor/modules.txt", "# example.com/a v1.0.0\n## explicit\nexample.com/a\n");
        Write("plain/go.mod", "module example.com/plain\n\ngo 1.21\n\nrequire example.com/b v2.0.0+incompatible\n");

        var requirements = ProjectRequirements.Load(Path.Combine(_dir, "v"), Path.Combine(_dir, "plain"));
        Assert.Multiple(() =>
        {
            Assert.That(ProjectRequirements.IsVendored(Path.Combine(_dir, "v")), Is.EqualTo(vendored));
            Assert.That(requirements.Vendored, Is.EqualTo(vendored ? new[] { Path.Combine(_dir, "v") } : []));
            Assert.That(requirements.Modules.Select(m => m.ToString()), Is.EquivalentTo(
                vendored ? new[] { "example.com/b@v2.0.0+incompatible" } : new[] { "example.com/a@v1.0.0", "example.com/b@v2.0.0+incompatible" }));
            Assert.That(requirements.GoVersions, Does.Contain(goLine[3..]).And.Contain("1.21"));
        });
    }

    [Test]
    public void A_module_used_by_a_workspace_is_not_vendored_there()
    {
        Write("ws/go.work", "go 1.22\n\nuse ./m\n");
        Write("ws/m/go.mod", "module example.com/m\n\ngo 1.22\n\nrequire example.com/a v1.0.0\n");
        Write("ws/m/vendor/modules.txt", "# example.com/a v1.0.0\n");

        // In workspace mode Go ignores a module's own vendor folder.
        var requirements = ProjectRequirements.Load(Path.Combine(_dir, "ws"));
        Assert.Multiple(() =>
        {
            Assert.That(requirements.Vendored, Is.Empty);
            Assert.That(requirements.Modules.Select(m => m.ToString()), Is.EqualTo(new[] { "example.com/a@v1.0.0" }));
        });
    }

    private void Write(string relative, string content)
    {
        var path = Path.Combine(_dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }
}
