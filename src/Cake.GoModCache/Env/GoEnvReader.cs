using System;
using System.Linq;
using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using Cake.Core.Tooling;
using GoCaches;
using GoCaches.Go;
using GoCaches.Inventory;

namespace Cake.GoModCache.Env;

/// <summary>Reads Go's environment with <c>go env -json</c> into the engine's typed <see cref="GoEnvironment"/>.</summary>
public sealed class GoEnvReader : GoTool<GoEnvSettings>
{
    private readonly ICakeEnvironment _environment;

    /// <summary>Initializes a new instance of the <see cref="GoEnvReader"/> class.</summary>
    /// <param name="fileSystem">The file system.</param>
    /// <param name="environment">The environment.</param>
    /// <param name="processRunner">The process runner.</param>
    /// <param name="tools">The tool locator.</param>
    /// <param name="log">The Cake log.</param>
    public GoEnvReader(IFileSystem fileSystem, ICakeEnvironment environment, IProcessRunner processRunner, IToolLocator tools, ICakeLog log)
        : base(fileSystem, environment, processRunner, tools, log)
    {
        _environment = environment;
    }

    /// <summary>Reads the environment another go command would see: its tool path, variables and working directory.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="settings">The other command's settings.</param>
    /// <returns>The typed environment.</returns>
    internal static GoEnvironment ReadFor(ICakeContext context, GoSettings settings) =>
        new GoEnvReader(context.FileSystem, context.Environment, context.ProcessRunner, context.Tools, context.Log)
            .Read(settings.CopyGoSettingsTo(new GoEnvSettings()));

    /// <summary>
    /// Gets the variables another go command would see (its settings' overrides, then this process's), to work out
    /// what go would say without running it (<see cref="ModuleCacheScanAhead"/>).
    /// </summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="settings">The other command's settings.</param>
    /// <returns>A lookup of variables by name.</returns>
    internal static Func<string, string?> VariablesFor(ICakeContext context, GoSettings settings)
    {
        var reader = new GoEnvReader(context.FileSystem, context.Environment, context.ProcessRunner, context.Tools, context.Log);
        var overrides = reader.GetEnvironmentVariables(settings.CopyGoSettingsTo(new GoEnvSettings()));
        return name => overrides.TryGetValue(name, out var value) ? value : context.Environment.GetEnvironmentVariable(name);
    }

    /// <summary>Reads the environment.</summary>
    /// <param name="settings">The settings.</param>
    /// <returns>The typed environment.</returns>
    /// <exception cref="CakeException">Go failed, or a cache path it reports is missing or relative.</exception>
    public GoEnvironment Read(GoEnvSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var args = new ProcessArgumentBuilder().Append("env").Append("-json");
        foreach (var name in GoEnvironment.Variables)
        {
            args.Append(name);
        }

        var output = RunGo(settings, args, logStandardOutput: false);
        var requestedGoCache = settings.GoCache
            ?? (settings.EnvironmentVariables.TryGetValue("GOCACHE", out var v) ? v : _environment.GetEnvironmentVariable("GOCACHE"));
        try
        {
            return GoEnvironment.Parse(ResolveGoPath(settings)?.FullPath ?? "go", string.Join('\n', output.StandardOutput), requestedGoCache);
        }
        catch (GoModCacheException ex)
        {
            throw new CakeException(ex.Message, ex);
        }
    }
}
