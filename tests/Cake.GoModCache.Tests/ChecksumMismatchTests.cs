using System.Linq;
using GoCaches.AfterBuild;
using NUnit.Framework;

namespace Cake.GoModCache.Tests;

public class ChecksumMismatchTests
{
    [Test]
    public void Finds_the_versions_in_go_own_words()
    {
        const string text = """
            verifying example.com/a@v1.0.0: checksum mismatch
            	downloaded: h1:abc=
            	go.sum:     h1:def=

            SECURITY ERROR
            verifying example.com/B/v2@v2.1.0-rc.1/go.mod: checksum mismatch
            go: github.com/x/y@v0.0.0-20240101000000-abcdef123456: verifying module: checksum mismatch
            verifying example.com/a@v1.0.0: checksum mismatch
            """;
        Assert.That(ChecksumMismatch.Find(text).Select(m => m.ToString()), Is.EqualTo(new[]
        {
            "example.com/a@v1.0.0", "example.com/B/v2@v2.1.0-rc.1", "github.com/x/y@v0.0.0-20240101000000-abcdef123456",
        }));
    }

    [Test]
    public void Other_errors_name_nothing()
    {
        Assert.That(ChecksumMismatch.Find("./main.go:3:2: undefined: x\nmissing go.sum entry for module providing package example.com/a"), Is.Empty);
    }
}
