using System;
using System.Collections.Generic;

namespace GoCaches.Reports;

/// <summary>A rectangle of a treemap, in the layout's own units.</summary>
/// <param name="X">Left edge.</param>
/// <param name="Y">Top edge.</param>
/// <param name="Width">Width.</param>
/// <param name="Height">Height.</param>
internal readonly record struct TreemapRect(double X, double Y, double Width, double Height)
{
    public double Area => Width * Height;
}

/// <summary>
/// The squarified treemap layout (Bruls, Huizing and van Wijk, 2000): rectangles whose areas are proportional to
/// their values, laid out in rows along the shorter side so that they stay close to squares.
/// </summary>
internal static class TreemapLayout
{
    /// <summary>Lays out values (largest first reads best) in a rectangle.</summary>
    /// <param name="values">The values; zero or negative values get an empty rectangle.</param>
    /// <param name="bounds">The rectangle to fill.</param>
    /// <returns>One rectangle per value, in the order of <paramref name="values"/>; their areas add up to the bounds' area.</returns>
    public static TreemapRect[] Squarify(IReadOnlyList<double> values, TreemapRect bounds)
    {
        ArgumentNullException.ThrowIfNull(values);
        var result = new TreemapRect[values.Count];
        var order = new List<int>(values.Count);
        var sum = 0d;
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] > 0 && !double.IsNaN(values[i]) && !double.IsInfinity(values[i]))
            {
                order.Add(i);
                sum += values[i];
            }
            else
            {
                result[i] = new TreemapRect(bounds.X, bounds.Y, 0, 0);
            }
        }

        if (order.Count == 0 || bounds.Area <= 0)
        {
            foreach (var i in order)
            {
                result[i] = new TreemapRect(bounds.X, bounds.Y, 0, 0);
            }

            return result;
        }

        // Largest first: the algorithm's rows assume it. Ties keep the caller's order.
        order.Sort((a, b) => values[b] != values[a] ? values[b].CompareTo(values[a]) : a.CompareTo(b));
        var scale = bounds.Area / sum;
        var free = bounds;
        var start = 0;
        while (start < order.Count)
        {
            var side = Math.Min(free.Width, free.Height);
            var rowSum = values[order[start]] * scale;
            var rowMin = rowSum;
            var rowMax = rowSum;
            var worst = Worst(rowSum, rowMin, rowMax, side);
            var end = start + 1;
            while (end < order.Count)
            {
                var v = values[order[end]] * scale;
                var next = Worst(rowSum + v, Math.Min(rowMin, v), Math.Max(rowMax, v), side);
                if (next > worst)
                {
                    break;
                }

                rowSum += v;
                rowMin = Math.Min(rowMin, v);
                rowMax = Math.Max(rowMax, v);
                worst = next;
                end++;
            }

            var last = end == order.Count;
            if (free.Width >= free.Height)
            {
                // A column along the left edge.
                var width = last ? free.Width : Math.Min(free.Width, rowSum / free.Height);
                var y = free.Y;
                for (var k = start; k < end; k++)
                {
                    var h = k == end - 1 ? free.Y + free.Height - y : values[order[k]] * scale / width;
                    result[order[k]] = new TreemapRect(free.X, y, width, Math.Max(0, h));
                    y += h;
                }

                free = new TreemapRect(free.X + width, free.Y, Math.Max(0, free.Width - width), free.Height);
            }
            else
            {
                // A row along the top edge.
                var height = last ? free.Height : Math.Min(free.Height, rowSum / free.Width);
                var x = free.X;
                for (var k = start; k < end; k++)
                {
                    var w = k == end - 1 ? free.X + free.Width - x : values[order[k]] * scale / height;
                    result[order[k]] = new TreemapRect(x, free.Y, Math.Max(0, w), height);
                    x += w;
                }

                free = new TreemapRect(free.X, free.Y + height, free.Width, Math.Max(0, free.Height - height));
            }

            start = end;
        }

        return result;
    }

    // The worst aspect ratio in a row of total area s, smallest area min and largest max, laid along a side of length w.
    private static double Worst(double s, double min, double max, double w)
    {
        var w2 = w * w;
        var s2 = s * s;
        return Math.Max(w2 * max / s2, s2 / (w2 * min));
    }
}
