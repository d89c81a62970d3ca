using NUnit.Framework;

namespace GoModCache.MSBuild.Tests;

public class ByteSizeTests
{
    [TestCase("5GB", 5_000_000_000L)]
    [TestCase("500 MiB", 524_288_000L)]
    [TestCase("500MiB", 524_288_000L)]
    [TestCase("1.5GB", 1_500_000_000L)]
    [TestCase(" 7 KB ", 7_000L)]
    [TestCase("2kib", 2_048L)]
    [TestCase("3 mb", 3_000_000L)]
    [TestCase("1 GiB", 1_073_741_824L)]
    [TestCase("2TB", 2_000_000_000_000L)]
    [TestCase("1TiB", 1_099_511_627_776L)]
    [TestCase("1048576", 1_048_576L)]
    [TestCase("10 B", 10L)]
    [TestCase("0", 0L)]
    [TestCase("0.5KiB", 512L)]
    public void Parses_decimal_and_binary_units(string text, long expected)
    {
        Assert.Multiple(() =>
        {
            Assert.That(ByteSize.TryParse(text, out var bytes, out var error), Is.True, error);
            Assert.That(bytes, Is.EqualTo(expected));
            Assert.That(error, Is.Null);
        });
    }

    [TestCase("", "empty")]
    [TestCase("   ", "empty")]
    [TestCase(null, "empty")]
    [TestCase("GB", "does not start with a number")]
    [TestCase("-5GB", "does not start with a number")]
    [TestCase("5..5GB", "does not start with a number")]
    [TestCase("5 XB", "unknown unit 'XB'")]
    [TestCase("5 G", "unknown unit 'G'")]
    [TestCase("1e3", "unknown unit 'e3'")]
    [TestCase("99999999999 TB", "too large")]
    public void Rejects_what_is_not_a_size_and_says_why(string? text, string reason)
    {
        Assert.Multiple(() =>
        {
            Assert.That(ByteSize.TryParse(text, out _, out var error), Is.False);
            Assert.That(error, Does.Contain(reason));
        });
    }

    [TestCase(0L, "0 bytes")]
    [TestCase(999L, "999 bytes")]
    [TestCase(1_000L, "1.00 KB (1,000 bytes)")]
    [TestCase(5_368_709_120L, "5.37 GB (5,368,709,120 bytes)")]
    public void Formats_for_people(long bytes, string expected) => Assert.That(ByteSize.Format(bytes), Is.EqualTo(expected));
}
