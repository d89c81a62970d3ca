using GoCaches;
using GoCaches.Modules;
using NUnit.Framework;

namespace GoModCache.Tests;

/// <summary>The cases of golang.org/x/mod/module TestMatchPrefixPatterns, plus malformed globs.</summary>
public class ModulePathPatternTests
{
    [TestCase("*/quote", "rsc.io/quote", true)]
    [TestCase("*/quo", "rsc.io/quote", false)]
    [TestCase("*/quo??", "rsc.io/quote", true)]
    [TestCase("*/quo*", "rsc.io/quote", true)]
    [TestCase("*quo*", "rsc.io/quote", false)]
    [TestCase("rsc.io", "rsc.io/quote", true)]
    [TestCase("*.io", "rsc.io/quote", true)]
    [TestCase("rsc.io/", "rsc.io/quote", true)]
    [TestCase("rsc", "rsc.io/quote", false)]
    [TestCase("rsc*", "rsc.io/quote", true)]
    [TestCase("rsc.io", "rsc.io/quote/v3", true)]
    [TestCase("*/quote", "rsc.io/quote/v3", true)]
    [TestCase("*/quote/", "rsc.io/quote/v3", true)]
    [TestCase("*/quote/*", "rsc.io/quote/v3", true)]
    [TestCase("*/quote/*/", "rsc.io/quote/v3", true)]
    [TestCase("*/v3", "rsc.io/quote/v3", false)]
    [TestCase("*/*/v3", "rsc.io/quote/v3", true)]
    [TestCase("*/*/*", "rsc.io/quote/v3", true)]
    [TestCase("*/*/*/", "rsc.io/quote/v3", true)]
    [TestCase("*/*/*", "rsc.io/quote", false)]
    [TestCase("*/*/*/", "rsc.io/quote", false)]
    [TestCase("*/*/*,,", "rsc.io/quote", false)]
    [TestCase("*/*/*,,*/quote", "rsc.io/quote", true)]
    [TestCase(",,*/quote", "rsc.io/quote", true)]
    [TestCase("example.com/team,*.corp.example.com", "git.corp.example.com/x/y", true)]
    [TestCase("example.com/team,*.corp.example.com", "example.com/team/repo/v2", true)]
    [TestCase("example.com/team,*.corp.example.com", "example.com/teams/repo", false)]
    [TestCase("example.com/[a-c]*", "example.com/bravo", true)]
    [TestCase("example.com/[^a-c]*", "example.com/bravo", false)]
    [TestCase("example.com/\\*", "example.com/*", true)]
    [TestCase("github.com/BurntSushi", "github.com/BurntSushi/toml", true)]
    [TestCase("github.com/burntsushi", "github.com/BurntSushi/toml", false)]
    public void Matches_as_go_module_MatchPrefixPatterns_does(string globs, string path, bool expected) =>
        Assert.That(ModulePathPattern.Parse(globs).Matches(path), Is.EqualTo(expected));

    [TestCase("example.com/[a-", "not a valid glob")]
    [TestCase("example.com/[]", "not a valid glob")]
    [TestCase("example.com/x\\", "not a valid glob")]
    [TestCase("ok.com,example.com/[z-a", "not a valid glob")]
    [TestCase("example.com/a, example.com/b", "white space")]
    [TestCase("", "has no patterns")]
    [TestCase("/", "has no patterns")]
    [TestCase(",,", "has no patterns")]
    public void Rejects_malformed_patterns_with_a_clear_message(string globs, string message) =>
        Assert.That(() => ModulePathPattern.Parse(globs), Throws.TypeOf<GoModCacheException>().With.Message.Contains(message));

    [Test]
    public void Says_which_glob_matched() =>
        Assert.That(ModulePathPattern.Parse("a.com,*.b.com").MatchingGlob("x.b.com/y"), Is.EqualTo("*.b.com"));
}
