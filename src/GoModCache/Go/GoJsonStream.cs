using System;
using System.Collections.Generic;
using System.Text.Json;

namespace GoCaches.Go;

/// <summary>Reads the stream of JSON objects, one after another, that <c>go … -json</c> prints.</summary>
internal static class GoJsonStream
{
    private static readonly JsonSerializerOptions Options = new() { PropertyNameCaseInsensitive = false };

    /// <summary>Splits the text into its top-level objects and deserializes each.</summary>
    /// <typeparam name="T">The record type.</typeparam>
    /// <param name="json">The text.</param>
    /// <returns>The records.</returns>
    /// <exception cref="GoModCacheException">The text is not a stream of JSON objects.</exception>
    public static List<T> Parse<T>(string json)
    {
        var records = new List<T>();
        var depth = 0;
        var inString = false;
        var escaped = false;
        var start = -1;
        for (var i = 0; i < json.Length; i++)
        {
            var c = json[i];
            if (inString)
            {
                if (escaped)
                {
                    escaped = false;
                }
                else if (c == '\\')
                {
                    escaped = true;
                }
                else if (c == '"')
                {
                    inString = false;
                }

                continue;
            }

            switch (c)
            {
                case '"':
                    inString = true;
                    break;
                case '{':
                    if (depth++ == 0)
                    {
                        start = i;
                    }

                    break;
                case '}':
                    if (--depth == 0)
                    {
                        records.Add(Deserialize<T>(json[start..(i + 1)]));
                    }

                    break;
            }
        }

        if (depth != 0 || inString)
        {
            throw new GoModCacheException("Go's JSON output ends in the middle of an object.");
        }

        return records;
    }

    private static T Deserialize<T>(string text)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(text, Options) ?? throw new GoModCacheException("Go printed a null JSON record.");
        }
        catch (JsonException ex)
        {
            throw new GoModCacheException($"Cannot read Go's JSON output: {ex.Message}", ex);
        }
    }
}
