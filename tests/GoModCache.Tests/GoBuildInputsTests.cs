using System.Collections.Generic;
using System.IO;
using GoCaches.Go;
using NUnit.Framework;

namespace GoModCache.Tests;

/// <summary>What a go build depends on besides its files: the environment go inherits and Go's settings file.</summary>
public class GoBuildInputsTests
{
    private string _root = null!;
    private string _go = null!;

    [SetUp]
    public void CreateFolder()
    {
        _root = Directory.CreateTempSubdirectory("gomodcache-buildinputs-").FullName;
        _go = Path.Combine(_root, "goroot", "bin", "go");
        Directory.CreateDirectory(Path.GetDirectoryName(_go)!);
        File.WriteAllText(_go, "not run");
    }

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_root, recursive: true);

    [TestCase("GOOS", "windows")]
    [TestCase("GOAMD64", "v3")]
    [TestCase("GOEXPERIMENT", "rangefunc")]
    [TestCase("GOFLAGS", "-tags=blue")]
    [TestCase("CGO_ENABLED", "1")]
    [TestCase("CC", "clang")]
    [TestCase("GOTOOLCHAIN", "go1.24.0")]
    public void An_inherited_variable_that_changes_the_binary_changes_the_description(string name, string value)
    {
        var before = Describe(Environment());
        var changed = Environment();
        changed[name] = value;
        Assert.That(Describe(changed), Is.Not.EqualTo(before));
    }

    [Test]
    public void Variables_that_do_not_change_the_binary_do_not_change_the_description()
    {
        var before = Describe(Environment());
        var changed = Environment();
        changed["GOPROXY"] = "https://proxy.example.com";
        changed["SOME_TOKEN"] = "secret";
        Assert.That(Describe(changed), Is.EqualTo(before));
    }

    [Test]
    public void A_variable_set_for_go_wins_over_the_inherited_one()
    {
        var inherited = Environment();
        inherited["GOOS"] = "windows";
        var description = GoBuildInputs.Describe(_go, _root, "build .", ["GOOS=linux"], inherited);
        Assert.That(description, Does.Contain("env: GOOS=linux\n").And.Not.Contain("GOOS=windows"));
    }

    [Test]
    public void Gos_settings_file_counts_unless_GOENV_is_off()
    {
        var env = Environment();
        var settings = Path.Combine(_root, "config", "go", "env");
        Directory.CreateDirectory(Path.GetDirectoryName(settings)!);
        File.WriteAllText(settings, "GOFLAGS=-mod=mod\n");
        var before = Describe(env);
        File.WriteAllText(settings, "GOFLAGS=-tags=blue\n");
        Assert.That(Describe(env), Is.Not.EqualTo(before), "go env -w changed it");

        env["GOENV"] = "off";
        var off = Describe(env);
        File.WriteAllText(settings, "GOFLAGS=-tags=red\n");
        Assert.That(Describe(env), Is.EqualTo(off));
    }

    [Test]
    public void The_stamp_is_written_only_when_the_description_changes()
    {
        var stamp = Path.Combine(_root, "obj", "x.inputs.cache");
        Assert.Multiple(() =>
        {
            Assert.That(GoBuildInputs.WriteStamp(stamp, "a"), Is.True);
            Assert.That(GoBuildInputs.WriteStamp(stamp, "a"), Is.False);
            Assert.That(GoBuildInputs.WriteStamp(stamp, "b"), Is.True);
            Assert.That(File.ReadAllText(stamp), Does.Not.Contain("b\n"), "a hash, not the text");
        });
    }

    private Dictionary<string, string?> Environment() => new()
    {
        ["HOME"] = Path.Combine(_root, "home"),
        ["XDG_CONFIG_HOME"] = Path.Combine(_root, "config"),
        ["GOFLAGS"] = "-mod=mod",
    };

    private string Describe(Dictionary<string, string?> environment) => GoBuildInputs.Describe(_go, _root, "build -o out .", [], environment);
}
