using System;
using System.Globalization;
using GoCaches.Checks;
using GoCaches.Inventory;

namespace GoCaches.Operations;

/// <summary>
/// Reads an operation's inputs from text, once for every front end (MSBuild task parameters are text): a whole
/// number, an age, a number of seconds, a size. Blank text is no value (null); text that does not read is the
/// engine's refusal (<see cref="GoModCacheException"/>) naming the parameter. What a value must be beyond its form
/// (at least 1, not negative) the request's <c>Validate</c> says.
/// </summary>
public static class OperationInput
{
    /// <summary>The most seconds a wait or a grace period takes from text.</summary>
    public const double MaxSeconds = 3600;

    /// <summary>Reads a whole number (<c>3</c>).</summary>
    /// <param name="parameter">The parameter's name, for the message.</param>
    /// <param name="text">The text, or blank.</param>
    /// <returns>The number, or null when blank.</returns>
    /// <exception cref="GoModCacheException">The text is not a whole number.</exception>
    public static int? ParseCount(string parameter, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new GoModCacheException($"{parameter} '{text}' is not a whole number.");
    }

    /// <summary>Reads an age: a number of days (<c>30</c>, <c>0.5</c>), or a time span as .NET writes it (<c>[d.]hh:mm[:ss]</c>).</summary>
    /// <param name="parameter">The parameter's name, for the message.</param>
    /// <param name="text">The text, or blank.</param>
    /// <returns>The age, or null when blank.</returns>
    /// <exception cref="GoModCacheException">The text is no age.</exception>
    public static TimeSpan? ParseAge(string parameter, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return TryParseAge(text, out var age)
            ? age
            : throw new GoModCacheException($"{parameter} '{text}' is neither a number of days (30, 0.5) nor a time span (12:00:00, 7.12:00:00).");
    }

    /// <summary>Reads an age: a number of days, or a time span as .NET writes it (<c>[d.]hh:mm[:ss]</c>).</summary>
    /// <param name="text">The text.</param>
    /// <param name="age">The age.</param>
    /// <returns>Whether the text is an age.</returns>
    public static bool TryParseAge(string text, out TimeSpan age)
    {
        ArgumentNullException.ThrowIfNull(text);
        var s = text.Trim();
        if (double.TryParse(s, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var days))
        {
            if (double.IsNaN(days) || Math.Abs(days) > TimeSpan.MaxValue.TotalDays - 1)
            {
                age = default;
                return false;
            }

            age = TimeSpan.FromDays(days);
            return true;
        }

        return TimeSpan.TryParse(s, CultureInfo.InvariantCulture, out age);
    }

    /// <summary>Reads a number of seconds from 0 to <see cref="MaxSeconds"/> (<c>2</c>, <c>0.5</c>).</summary>
    /// <param name="parameter">The parameter's name, for the message.</param>
    /// <param name="text">The text, or blank.</param>
    /// <param name="examples">Examples for the message (<c>30, 0.5</c>).</param>
    /// <returns>The time, or null when blank.</returns>
    /// <exception cref="GoModCacheException">The text is not such a number.</exception>
    public static TimeSpan? ParseSeconds(string parameter, string? text, string examples)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return double.TryParse(text.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds) && seconds <= MaxSeconds
            ? TimeSpan.FromSeconds(seconds)
            : throw new GoModCacheException($"{parameter} '{text}' is not a number of seconds from 0 to {MaxSeconds:0} ({examples}).");
    }

    /// <summary>Reads a size (<c>5GB</c>, <c>500 MiB</c>, <c>50%</c>).</summary>
    /// <param name="parameter">The parameter's name, for the message.</param>
    /// <param name="text">The text, or blank.</param>
    /// <returns>The size, or null when blank.</returns>
    /// <exception cref="GoModCacheException">The text is no size.</exception>
    public static SizeSpec? ParseSize(string parameter, string? text) => ReadSize(parameter, text, SizeParser.Parse);

    /// <summary>Reads a cache size limit: a size (<c>5GB</c>, <c>500 MiB</c>), not a percentage (<see cref="CacheLimitCheckRequest.ParseLimit"/>).</summary>
    /// <param name="parameter">The parameter's name, for the message.</param>
    /// <param name="text">The text, or blank.</param>
    /// <returns>The limit, or null when blank.</returns>
    /// <exception cref="GoModCacheException">The text is no size, or a percentage.</exception>
    public static SizeSpec? ParseLimit(string parameter, string? text) => ReadSize(parameter, text, CacheLimitCheckRequest.ParseLimit);

    /// <summary>Reads a minimum free space: a size (<c>10GB</c>) or a percentage of the volume (<c>10%</c>) (<see cref="CacheLimitCheckRequest.ParseMinFreeSpace"/>).</summary>
    /// <param name="parameter">The parameter's name, for the message.</param>
    /// <param name="text">The text, or blank.</param>
    /// <returns>The minimum, or null when blank.</returns>
    /// <exception cref="GoModCacheException">The text is neither.</exception>
    public static SizeSpec? ParseMinFreeSpace(string parameter, string? text) => ReadSize(parameter, text, CacheLimitCheckRequest.ParseMinFreeSpace);

    private static SizeSpec? ReadSize(string parameter, string? text, Func<string, SizeSpec> parse)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return parse(text);
        }
        catch (GoModCacheException ex)
        {
            throw new GoModCacheException($"{parameter}: {ex.Message}", ex);
        }
    }
}
