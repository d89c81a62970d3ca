using GoCaches;
using GoCaches.Inventory;
using NUnit.Framework;

namespace GoModCache.Tests;

public class SizeParserTests
{
    [TestCase("1024", 1024L)]
    [TestCase("0", 0L)]
    [TestCase("  42 ", 42L)]
    [TestCase("512B", 512L)]
    [TestCase("5GB", 5_000_000_000L)]
    [TestCase("200mb", 200_000_000L)]
    [TestCase("1.5KB", 1500L)]
    [TestCase("3 tb", 3_000_000_000_000L)]
    [TestCase("500 MiB", 500L * 1024 * 1024)]
    [TestCase("1.5G", 1610612736L)]
    [TestCase("2K", 2048L)]
    [TestCase("1m", 1048576L)]
    [TestCase("1T", 1099511627776L)]
    [TestCase("4Gi", 4L * 1024 * 1024 * 1024)]
    [TestCase("0.1KiB", 102L)]
    [TestCase("2 GiB", 2147483648L)]
    public void Parses_bytes(string text, long bytes)
    {
        var size = SizeParser.Parse(text);
        Assert.Multiple(() =>
        {
            Assert.That(size.Kind, Is.EqualTo(SizeKind.Bytes));
            Assert.That(size.Bytes, Is.EqualTo(bytes));
        });
    }

    [TestCase("10%", 10.0)]
    [TestCase("0%", 0.0)]
    [TestCase("100 %", 100.0)]
    [TestCase("12.5%", 12.5)]
    public void Parses_percentages_as_their_own_kind(string text, double percent)
    {
        var size = SizeParser.Parse(text);
        Assert.Multiple(() =>
        {
            Assert.That(size.Kind, Is.EqualTo(SizeKind.Percent));
            Assert.That(size.Percent, Is.EqualTo(percent));
            Assert.That(size.ToBytes(1000), Is.EqualTo((long)(percent * 10)));
        });
    }

    [TestCase("", "empty")]
    [TestCase("abc", "expected a number")]
    [TestCase("GB", "expected a number")]
    [TestCase("-5GB", "negative")]
    [TestCase("5 XB", "unknown unit 'XB'")]
    [TestCase("5 gigabytes", "unknown unit")]
    [TestCase("1.5", "whole")]
    [TestCase("1,5GB", "unknown unit")]
    [TestCase("1.2.3", "expected a number")]
    [TestCase("101%", "more than 100%")]
    [TestCase("99999999999 TB", "too large")]
    [TestCase("5e3", "unknown unit")]
    public void Rejects_what_is_not_a_size_with_a_clear_message(string text, string message)
    {
        Assert.That(() => SizeParser.Parse(text), Throws.TypeOf<GoModCacheException>().With.Message.Contains(message).And.Message.Contains($"'{text}' is not a size"));
        Assert.That(SizeParser.TryParse(text, out _), Is.False);
    }

    [TestCase(0L, "0 B")]
    [TestCase(1023L, "1023 B")]
    [TestCase(1024L, "1 KiB")]
    [TestCase(1536L, "1.5 KiB")]
    [TestCase(1048575L, "1 MiB")]
    [TestCase(1610612736L, "1.5 GiB")]
    [TestCase(20L * 1024 * 1024, "20 MiB")]
    [TestCase(-2048L, "-2 KiB")]
    public void Formats_with_binary_units(long bytes, string text) => Assert.That(SizeParser.Format(bytes), Is.EqualTo(text));

    [Test]
    public void A_formatted_size_parses_back_close_to_itself()
    {
        foreach (var bytes in new[] { 5L, 4096L, 3_500_000L, 7_000_000_000L })
        {
            var back = SizeParser.Parse(SizeParser.Format(bytes).Replace(" ", string.Empty, System.StringComparison.Ordinal)).Bytes;
            Assert.That(back, Is.EqualTo(bytes).Within(bytes / 20 + 1));
        }
    }
}
