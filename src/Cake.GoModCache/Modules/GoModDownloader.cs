using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using Cake.Core.Tooling;

namespace Cake.GoModCache.Modules;

/// <summary>Runs <c>go mod download -json</c> and reads its records.</summary>
public sealed class GoModDownloader : GoTool<GoModDownloadSettings>
{
    /// <summary>Initializes a new instance of the <see cref="GoModDownloader"/> class.</summary>
    /// <param name="fileSystem">The file system.</param>
    /// <param name="environment">The environment.</param>
    /// <param name="processRunner">The process runner.</param>
    /// <param name="tools">The tool locator.</param>
    /// <param name="log">The Cake log.</param>
    public GoModDownloader(IFileSystem fileSystem, ICakeEnvironment environment, IProcessRunner processRunner, IToolLocator tools, ICakeLog log)
        : base(fileSystem, environment, processRunner, tools, log)
    {
        DeferExitCode = true;
    }

    /// <summary>Downloads.</summary>
    /// <param name="settings">The settings.</param>
    /// <returns>One record per module version.</returns>
    /// <exception cref="CakeException">A module could not be downloaded (the exception lists Go's errors).</exception>
    public IReadOnlyList<GoModDownloadRecord> Download(GoModDownloadSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var builder = new ProcessArgumentBuilder();
        builder.Append("mod");
        builder.Append("download");
        builder.Append("-json");
        foreach (var m in settings.Modules)
        {
            builder.AppendQuoted(m);
        }

        var output = RunGo(settings, builder, logStandardOutput: false);
        var records = ParseRecords(string.Join('\n', output.StandardOutput));
        foreach (var r in records)
        {
            // Go's error text can hold a GOPROXY URL with its user name (Go masks only the password).
            r.Error = output.Redactor.Redact(r.Error);
            Log.Verbose("downloaded {0} -> {1}", r, r.Dir ?? r.GoMod ?? r.Error ?? "(no files)");
        }

        var errors = records.Where(r => r.Error != null).Select(r => $"{r}: {r.Error}").ToList();
        if (output.ExitCode != 0 || errors.Count > 0)
        {
            throw Fail(output, errors.Count > 0 ? string.Join(Environment.NewLine, errors) : null);
        }

        return records;
    }

    /// <summary>Reads a stream of JSON objects, one after another, as <c>go … -json</c> prints them.</summary>
    /// <typeparam name="T">The record type.</typeparam>
    /// <param name="json">The text.</param>
    /// <returns>The records.</returns>
    internal static List<T> ParseStream<T>(string json)
    {
        var records = new List<T>();
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json), new JsonReaderOptions { AllowMultipleValues = true });
        while (reader.Read())
        {
            var record = JsonSerializer.Deserialize<T>(ref reader);
            if (record != null)
            {
                records.Add(record);
            }
        }

        return records;
    }

    internal static List<GoModDownloadRecord> ParseRecords(string json) => ParseStream<GoModDownloadRecord>(json);
}
