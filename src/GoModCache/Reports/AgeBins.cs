using System;
using GoCaches.Inventory;

namespace GoCaches.Reports;

/// <summary>The last-use age classes that colour the treemap and make the histogram's columns.</summary>
internal static class AgeBins
{
    public static readonly string[] Labels = ["under a day", "1–7 days", "7–30 days", "30–90 days", "90–365 days", "over a year", "unknown"];

    public static readonly string[] ShortLabels = ["< 1 d", "1–7 d", "7–30 d", "30–90 d", "90–365 d", "> 1 y", "unknown"];

    public const int Unknown = 6;

    private static readonly double[] UpperDays = [1, 7, 30, 90, 365];

    public static int Of(LastUse lastUse, DateTime nowUtc)
    {
        if (lastUse.TimeUtc is not { } t)
        {
            return Unknown;
        }

        var days = (nowUtc - t).TotalDays;
        for (var i = 0; i < UpperDays.Length; i++)
        {
            if (days < UpperDays[i])
            {
                return i;
            }
        }

        return UpperDays.Length;
    }
}
