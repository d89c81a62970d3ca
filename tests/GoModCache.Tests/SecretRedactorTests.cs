using System.Collections.Generic;
using System.IO;
using GoCaches.Go;
using NUnit.Framework;

namespace GoModCache.Tests;

/// <summary>What the redactor masks, and what it leaves alone.</summary>
public class SecretRedactorTests
{
    private static SecretRedactor For(Dictionary<string, string?> env) => SecretRedactor.For(name => env.TryGetValue(name, out var v) ? v : null);

    [Test]
    public void A_token_given_as_the_user_name_is_masked_where_go_prints_it()
    {
        var redactor = For(new() { ["GOPROXY"] = "https://ghp_abcdef123456@goproxy.corp.example/mod,direct" });
        var line = "main.go:2:8: example.com/dep@v1.0.0: Get \"https://ghp_abcdef123456@goproxy.corp.example/mod/example.com/dep/@v/v1.0.0.zip\": dial tcp: refused";
        Assert.That(redactor.Redact(line), Is.EqualTo("main.go:2:8: example.com/dep@v1.0.0: Get \"https://xxxxx@goproxy.corp.example/mod/example.com/dep/@v/v1.0.0.zip\": dial tcp: refused"));
    }

    [Test]
    public void A_password_is_masked_in_a_url_and_on_its_own()
    {
        var redactor = For(new() { ["GOPROXY"] = "https://alice:pa%24%24word-1@goproxy.corp.example" });
        Assert.Multiple(() =>
        {
            Assert.That(redactor.Redact("GOPROXY=https://alice:pa%24%24word-1@goproxy.corp.example"), Is.EqualTo("GOPROXY=https://xxxxx@goproxy.corp.example"));
            Assert.That(redactor.Redact("password pa$$word-1 was refused"), Is.EqualTo("password xxxxx was refused"), "the unescaped password is known too");
        });
    }

    [Test]
    public void Any_url_user_information_is_masked_even_when_no_variable_named_it()
    {
        Assert.That(SecretRedactor.UrlsOnly.Redact("fetching git+ssh://deploy:hunter22@git.example/x.git and https://tok@h/"), Is.EqualTo("fetching git+ssh://xxxxx@git.example/x.git and https://xxxxx@h/"));
    }

    [Test]
    public void Netrc_passwords_are_known_secrets()
    {
        var dir = Directory.CreateTempSubdirectory("netrc-").FullName;
        try
        {
            var netrc = Path.Combine(dir, "netrc");
            File.WriteAllText(netrc, "machine goproxy.corp.example\n  login ci-bot\n  password s3cr3t-from-netrc\n");
            var redactor = For(new() { ["NETRC"] = netrc });
            Assert.Multiple(() =>
            {
                Assert.That(redactor.KnownSecrets, Is.EqualTo(1));
                Assert.That(redactor.Redact("401 for s3cr3t-from-netrc"), Is.EqualTo("401 for xxxxx"));
                Assert.That(redactor.Redact("login ci-bot"), Is.EqualTo("login ci-bot"), "a login is not a secret");
            });

            File.WriteAllText(Path.Combine(dir, ".netrc"), "machine h login u password from-home-netrc");
            Assert.That(For(new() { ["HOME"] = dir }).Redact("from-home-netrc"), Is.EqualTo("xxxxx"), "~/.netrc when NETRC is unset");
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Test]
    public void Paths_module_versions_and_file_urls_are_left_alone()
    {
        var redactor = For(new() { ["GOPROXY"] = "file:///srv/goproxy", ["HOME"] = "/nonexistent" });
        var text = "example.com/a@v1.0.0 in /root/go/pkg/mod/example.com/a@v1.0.0 from file:///srv/goproxy; mail ops@example.com";
        Assert.That(redactor.Redact(text), Is.EqualTo(text));
    }
}
