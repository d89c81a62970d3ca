using System.IO;
using GoCaches;
using GoCaches.Ci;
using GoModCache.TestSupport;
using NUnit.Framework;

namespace GoModCache.Tests;

public class CacheKeyTests
{
    private GoSandbox _sandbox = null!;
    private string _a = null!;
    private string _b = null!;

    [SetUp]
    public void WriteSums()
    {
        _sandbox = new GoSandbox("key");
        _a = Path.Combine(_sandbox.Dir("svc/a"), "go.sum");
        _b = Path.Combine(_sandbox.Dir("svc/b"), "go.work.sum");
        File.WriteAllText(_a, "example.com/x v1.0.0 h1:aaa=\nexample.com/x v1.0.0/go.mod h1:bbb=\n");
        File.WriteAllText(_b, "example.com/y v2.0.0 h1:ccc=\n");
    }

    [TearDown]
    public void Cleanup() => _sandbox.Dispose();

    private CacheKey Key(string goVersion = "go1.23.5", params string[] files) =>
        CacheKey.Compute("gomodcache", "linux", "amd64", goVersion, _sandbox.Root, files.Length == 0 ? new[] { _a, _b } : files);

    [Test]
    public void The_key_has_the_platform_the_go_version_and_a_hash_and_the_restore_key_is_its_prefix()
    {
        var key = Key();
        Assert.Multiple(() =>
        {
            Assert.That(key.RestoreKey, Is.EqualTo("gomodcache-linux-amd64-go1.23.5-"));
            Assert.That(key.Key, Does.StartWith(key.RestoreKey));
            Assert.That(key.Hash, Has.Length.EqualTo(64));
            Assert.That(key.Files, Is.EqualTo(new[] { "svc/a/go.sum", "svc/b/go.work.sum" }));
        });
    }

    [Test]
    public void File_order_line_endings_and_line_order_do_not_change_the_key()
    {
        var before = Key().Key;
        Assert.That(Key("go1.23.5", _b, _a).Key, Is.EqualTo(before));
        File.WriteAllText(_a, "example.com/x v1.0.0/go.mod h1:bbb=\r\n\r\nexample.com/x v1.0.0 h1:aaa=\r\n");
        Assert.That(Key().Key, Is.EqualTo(before));
    }

    [Test]
    public void Changing_a_go_sum_or_the_go_version_changes_the_key()
    {
        var before = Key().Key;
        Assert.That(Key("go1.22.0").Key, Is.Not.EqualTo(before));
        File.AppendAllText(_b, "example.com/z v0.1.0 h1:ddd=\n");
        Assert.That(Key().Key, Is.Not.EqualTo(before));
    }

    [Test]
    public void Moving_a_go_sum_to_another_module_changes_the_key()
    {
        var before = Key().Key;
        var moved = Path.Combine(_sandbox.Dir("svc/c"), "go.sum");
        File.Move(_a, moved);
        Assert.That(Key("go1.23.5", moved, _b).Key, Is.Not.EqualTo(before));
    }

    [Test]
    public void A_missing_file_is_a_clear_error()
    {
        var ex = Assert.Throws<GoModCacheException>(() => Key("go1.23.5", Path.Combine(_sandbox.Root, "nope", "go.sum")));
        Assert.That(ex!.Message, Does.Contain("does not exist"));
    }
}
