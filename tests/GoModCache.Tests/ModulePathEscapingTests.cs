using System;
using GoCaches.Modules;
using NUnit.Framework;

namespace GoModCache.Tests;

public class ModulePathEscapingTests
{
    [TestCase("github.com/BurntSushi/toml", "github.com/!burnt!sushi/toml")]
    [TestCase("github.com/Azure/azure-sdk-for-go", "github.com/!azure/azure-sdk-for-go")]
    [TestCase("golang.org/x/mod", "golang.org/x/mod")]
    [TestCase("example.com/ABC/v2", "example.com/!a!b!c/v2")]
    [TestCase("gopkg.in/yaml.v3", "gopkg.in/yaml.v3")]
    public void Paths_escape_as_go_does_and_round_trip(string path, string escaped)
    {
        Assert.That(ModulePathEscaping.EscapePath(path), Is.EqualTo(escaped));
        Assert.That(ModulePathEscaping.UnescapePath(escaped), Is.EqualTo(path));
    }

    [TestCase("v1.0.0-RC1", "v1.0.0-!r!c1")]
    [TestCase("v0.0.0-20240101000000-abcdef123456", "v0.0.0-20240101000000-abcdef123456")]
    [TestCase("v2.0.0+incompatible", "v2.0.0+incompatible")]
    public void Versions_escape_as_go_does_and_round_trip(string version, string escaped)
    {
        Assert.That(ModulePathEscaping.EscapeVersion(version), Is.EqualTo(escaped));
        Assert.That(ModulePathEscaping.UnescapeVersion(escaped), Is.EqualTo(version));
    }

    [TestCase("")]
    [TestCase("github.com/a!b")]
    [TestCase("github.com/a b")]
    public void Escaping_an_invalid_path_throws(string path)
    {
        Assert.Throws<ArgumentException>(() => ModulePathEscaping.EscapePath(path));
    }

    [Test]
    public void A_version_may_not_contain_a_slash()
    {
        Assert.Throws<ArgumentException>(() => ModulePathEscaping.EscapeVersion("v1/2"));
    }

    [TestCase("github.com/Upper")]
    [TestCase("github.com/trailing!")]
    [TestCase("github.com/!1digit")]
    [TestCase("github.com/!!double")]
    [TestCase("")]
    public void Unescaping_text_go_would_never_write_is_rejected(string escaped)
    {
        Assert.Multiple(() =>
        {
            Assert.That(ModulePathEscaping.TryUnescapePath(escaped, out _), Is.False);
            Assert.Throws<ArgumentException>(() => ModulePathEscaping.UnescapePath(escaped));
        });
    }
}
