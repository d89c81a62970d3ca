using System.Linq;
using GoCaches.Modules;
using NUnit.Framework;

namespace GoModCache.Tests;

public class SemanticVersionTests
{
    [Test]
    public void Orders_releases_prereleases_and_pseudo_versions_as_go_does()
    {
        // Ascending, as golang.org/x/mod/semver orders them.
        string[] ordered =
        [
            "v0.0.0-20190101000000-aaaaaaaaaaaa",
            "v0.0.0-20240101000000-bbbbbbbbbbbb",
            "v0.1.0",
            "v1.0.0-alpha",
            "v1.0.0-alpha.1",
            "v1.0.0-alpha.beta",
            "v1.0.0-beta",
            "v1.0.0-beta.2",
            "v1.0.0-beta.11",
            "v1.0.0-rc.1",
            "v1.0.0",
            "v1.2.0",
            "v1.2.1-0.20240101000000-abcdefabcdef",
            "v1.2.1-0.20240202000000-abcdefabcdef",
            "v1.2.1-rc.1",
            "v1.2.1",
            "v1.10.0",
            "v2.0.0+incompatible",
            "v10.0.0",
        ];
        var shuffled = ordered.Reverse().ToList();
        Assert.That(shuffled.OrderBy(v => v, SemanticVersion.Comparer), Is.EqualTo(ordered));
    }

    [TestCase("v1.0.0", "v1.0.0+build", 0)]
    [TestCase("v1", "v1.0.0", 0)]
    [TestCase("v1.2", "v1.2.0", 0)]
    [TestCase("bad", "v0.0.0", -1)]
    [TestCase("bad", "also-bad", 0)]
    [TestCase("v1.0.0", "v1.0", 0)]
    [TestCase("v1.0.01", "v0.0.1", -1)]
    public void Compares(string a, string b, int expected)
    {
        Assert.Multiple(() =>
        {
            Assert.That(SemanticVersion.Compare(a, b), Is.EqualTo(expected));
            Assert.That(SemanticVersion.Compare(b, a), Is.EqualTo(-expected));
        });
    }

    [TestCase("v1.2.3", true, true)]
    [TestCase("v1.2.3-pre.1", true, true)]
    [TestCase("v2.0.0+incompatible", true, true)]
    [TestCase("v1.2.3+meta", true, false)]
    [TestCase("v1.2", true, false)]
    [TestCase("v1", true, false)]
    [TestCase("1.2.3", false, false)]
    [TestCase("v1.2.3-", false, false)]
    [TestCase("v1.2.3-01", false, false)]
    [TestCase("v1.2-pre", false, false)]
    [TestCase("v0.0.1-go1.21.0.linux-amd64", true, true)]
    public void Knows_valid_and_canonical_versions(string version, bool valid, bool canonical)
    {
        Assert.Multiple(() =>
        {
            Assert.That(SemanticVersion.IsValid(version), Is.EqualTo(valid));
            Assert.That(SemanticVersion.IsCanonical(version), Is.EqualTo(canonical));
        });
    }
}
