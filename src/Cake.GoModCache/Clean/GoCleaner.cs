using System;
using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using Cake.Core.Tooling;

namespace Cake.GoModCache.Clean;

/// <summary>Runs <c>go clean</c>.</summary>
public sealed class GoCleaner : GoTool<GoCleanSettings>
{
    /// <summary>Initializes a new instance of the <see cref="GoCleaner"/> class.</summary>
    /// <param name="fileSystem">The file system.</param>
    /// <param name="environment">The environment.</param>
    /// <param name="processRunner">The process runner.</param>
    /// <param name="tools">The tool locator.</param>
    /// <param name="log">The Cake log.</param>
    public GoCleaner(IFileSystem fileSystem, ICakeEnvironment environment, IProcessRunner processRunner, IToolLocator tools, ICakeLog log)
        : base(fileSystem, environment, processRunner, tools, log)
    {
    }

    /// <summary>Cleans.</summary>
    /// <param name="settings">The settings.</param>
    public void Clean(GoCleanSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        RunGo(settings, GetArguments(settings));
    }

    internal static ProcessArgumentBuilder GetArguments(GoCleanSettings settings)
    {
        var builder = new ProcessArgumentBuilder();
        builder.Append("clean");
        if (settings.ModCache)
        {
            builder.Append("-modcache");
        }

        if (settings.Cache)
        {
            builder.Append("-cache");
        }

        if (settings.TestCache)
        {
            builder.Append("-testcache");
        }

        if (settings.FuzzCache)
        {
            builder.Append("-fuzzcache");
        }

        return builder;
    }
}
