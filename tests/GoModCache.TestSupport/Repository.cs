using System;
using System.Diagnostics;
using System.IO;
using System.Reflection;

namespace GoModCache.TestSupport;

/// <summary>The repository the tests run in, and the child processes they start.</summary>
public static class Repository
{
    /// <summary>Gets the repository root: the folder above the test assembly that holds Cake.GoModCache.sln.</summary>
    public static string Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "Cake.GoModCache.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("Cannot find the repository root above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>Gets the build configuration of a test assembly (its output folder's name: debug, release).</summary>
    public static string ConfigurationOf(Assembly assembly) => new DirectoryInfo(Path.GetDirectoryName(assembly.Location)!).Name;

    /// <summary>Packs a project of the repository (already built in <paramref name="configuration"/>) into a folder feed.</summary>
    public static void Pack(string project, string configuration, string feed, string? version = null)
    {
        string[] args = ["pack", Path.Combine(Root, project), "-c", configuration, "--no-build", "-o", feed];
        if (version != null)
        {
            args = [.. args, "-p:Version=" + version];
        }

        var (code, output) = Run(Root, null, "dotnet", args);
        if (code != 0)
        {
            throw new InvalidOperationException("dotnet pack failed: " + output);
        }
    }

    /// <summary>Runs a program to its end and returns its exit code and output (standard output, then standard error).</summary>
    /// <param name="workingDirectory">The working directory.</param>
    /// <param name="configure">Sets up the environment, or null.</param>
    /// <param name="file">The program.</param>
    /// <param name="args">Its arguments.</param>
    public static (int Code, string Output) Run(string workingDirectory, Action<ProcessStartInfo>? configure, string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        psi.Environment["NO_COLOR"] = "1";
        configure?.Invoke(psi);
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout + stderr.Result);
    }
}
