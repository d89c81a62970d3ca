using System;
using System.IO;
using GoCaches;
using GoCaches.Inventory;
using GoCaches.Modules;
using GoModCache.TestSupport;
using NUnit.Framework;

namespace GoModCache.Tests;

public class UsageRecordTests
{
    private string _dir = null!;
    private string _file = null!;

    [SetUp]
    public void MakeDirectory()
    {
        _dir = Path.Combine(Path.GetTempPath(), "gomodcache-tests", "usage-" + Guid.NewGuid().ToString("N")[..8]);
        _file = Path.Combine(_dir, "cache", UsageRecord.DefaultFileName);
    }

    [TearDown]
    public void Cleanup() => GoSandbox.ForceDelete(_dir);

    [Test]
    public void Touch_save_and_load_round_trip_and_a_later_time_wins()
    {
        var t1 = new DateTime(2024, 5, 1, 12, 0, 0, DateTimeKind.Utc);
        var t2 = t1.AddDays(3);
        var record = UsageRecord.Load(_file);
        Assert.That(record.Entries, Is.Empty, "a missing file is an empty record");
        record.Touch(["example.com/a@v1.0.0", "github.com/BurntSushi/toml@v1.3.2"], t2);
        record.Touch([new ModuleVersion("example.com/a", "v1.0.0")], t1);
        record.Save();

        var loaded = UsageRecord.Load(_file);
        Assert.Multiple(() =>
        {
            Assert.That(loaded.LastUse(new ModuleVersion("example.com/a", "v1.0.0")), Is.EqualTo(t2));
            Assert.That(loaded.LastUse(new ModuleVersion("github.com/BurntSushi/toml", "v1.3.2")), Is.EqualTo(t2));
            Assert.That(File.ReadAllText(_file), Does.Contain("\"example.com/a@v1.0.0\": \"2024-05-04T12:00:00.000Z\""));
            Assert.That(UsageRecord.DefaultPath("/go/pkg/mod"), Is.EqualTo(Path.Combine("/go/pkg/mod", "cache", "gomodcache-usage.json")));
        });
    }

    [Test]
    public void Saving_merges_with_what_another_process_saved_meanwhile()
    {
        var t = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var first = UsageRecord.Load(_file);
        var second = UsageRecord.Load(_file);
        first.Touch(["example.com/a@v1.0.0"], t);
        first.Save();
        second.Touch(["example.com/b@v1.0.0"], t);
        second.Save();
        UsageRecord.Update(_file, [new ModuleVersion("example.com/c", "v1.0.0")], t);

        var merged = UsageRecord.Load(_file);
        Assert.That(merged.Entries.Keys, Is.EquivalentTo(new[] { new ModuleVersion("example.com/a", "v1.0.0"), new ModuleVersion("example.com/b", "v1.0.0"), new ModuleVersion("example.com/c", "v1.0.0") }));

        merged.Remove(new ModuleVersion("example.com/a", "v1.0.0"));
        merged.Save();
        Assert.That(UsageRecord.Load(_file).Entries, Has.Count.EqualTo(2), "a removal is not undone by the merge");
    }

    [TestCase("not json", "not valid JSON")]
    [TestCase("[]", "not a JSON object")]
    [TestCase("{\"version\": 2, \"modules\": {}}", "format version")]
    [TestCase("{\"modules\": {\"nonsense\": \"2024-01-01T00:00:00Z\"}}", "'nonsense' is not a module version")]
    [TestCase("{\"modules\": {\"example.com/a@v1.0.0\": \"yesterday\"}}", "not an ISO 8601 time")]
    public void A_malformed_record_is_a_clear_error(string content, string message)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_file)!);
        File.WriteAllText(_file, content);
        Assert.That(() => UsageRecord.Load(_file), Throws.TypeOf<GoModCacheException>().With.Message.Contains(message).And.Message.Contains(_file));
    }

    [Test]
    public void Touching_something_that_is_not_a_module_version_is_an_error() =>
        Assert.That(() => UsageRecord.Load(_file).Touch(["example.com/a"]), Throws.TypeOf<GoModCacheException>().With.Message.Contains("path@version"));
}
