using System;
using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using Cake.Core.Tooling;

namespace Cake.GoModCache.Build;

/// <summary>Runs <c>go build</c>.</summary>
public sealed class GoBuilder : GoTool<GoBuildSettings>
{
    private readonly ICakeEnvironment _environment;

    /// <inheritdoc/>
    private protected override string? LeaseName => "GoBuild";

    /// <summary>Initializes a new instance of the <see cref="GoBuilder"/> class.</summary>
    /// <param name="fileSystem">The file system.</param>
    /// <param name="environment">The environment.</param>
    /// <param name="processRunner">The process runner.</param>
    /// <param name="tools">The tool locator.</param>
    /// <param name="log">The Cake log.</param>
    public GoBuilder(IFileSystem fileSystem, ICakeEnvironment environment, IProcessRunner processRunner, IToolLocator tools, ICakeLog log)
        : base(fileSystem, environment, processRunner, tools, log)
    {
        _environment = environment;
    }

    /// <summary>Builds.</summary>
    /// <param name="settings">The settings.</param>
    /// <returns>What Go wrote.</returns>
    public GoToolOutput Build(GoBuildSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return RunGo(settings, GetArguments(settings, _environment));
    }

    internal static ProcessArgumentBuilder GetArguments(GoBuildSettings settings, ICakeEnvironment environment)
    {
        var builder = new ProcessArgumentBuilder();
        builder.Append("build");
        if (settings.Output != null)
        {
            builder.Append("-o");
            builder.AppendQuoted(settings.Output.MakeAbsolute(environment).FullPath);
        }

        if (settings.Tags.Count > 0)
        {
            builder.Append("-tags");
            builder.AppendQuoted(string.Join(',', settings.Tags));
        }

        if (!string.IsNullOrEmpty(settings.LdFlags))
        {
            builder.Append("-ldflags");
            builder.AppendQuoted(settings.LdFlags);
        }

        if (settings.TrimPath)
        {
            builder.Append("-trimpath");
        }

        if (settings.Race)
        {
            builder.Append("-race");
        }

        if (!string.IsNullOrEmpty(settings.Mod))
        {
            builder.Append("-mod=" + settings.Mod);
        }

        if (settings.Verbose)
        {
            builder.Append("-v");
        }

        if (settings.PrintCommands)
        {
            builder.Append("-x");
        }

        if (settings.Packages.Count == 0)
        {
            builder.Append(".");
        }
        else
        {
            foreach (var package in settings.Packages)
            {
                builder.AppendQuoted(package);
            }
        }

        return builder;
    }
}
