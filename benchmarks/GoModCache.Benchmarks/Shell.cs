using System;
using System.Diagnostics;
using System.IO;

namespace GoModCache.Benchmarks;

/// <summary>Runs external commands (du, find, stat, nproc) without a shell in between.</summary>
internal static class Shell
{
    /// <summary>Runs a command and returns its standard output; throws when it fails.</summary>
    /// <param name="file">The program.</param>
    /// <param name="args">Its arguments, passed as they are.</param>
    /// <returns>The standard output.</returns>
    public static string Capture(string file, params string[] args) => Capture(null, file, args);

    /// <summary>Runs a command with changes to its environment and working directory; throws when it fails.</summary>
    /// <param name="configure">Changes to the start info (environment, working directory), or null.</param>
    /// <param name="file">The program.</param>
    /// <param name="args">Its arguments, passed as they are.</param>
    /// <returns>The standard output.</returns>
    public static string Capture(Action<ProcessStartInfo>? configure, string file, params string[] args)
    {
        using var process = Start(file, args, configure);
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {process.ExitCode}: {stderr.Result}{stdout}");
        }

        return stdout;
    }

    /// <summary>Runs a command for its effect: its output is read and thrown away; throws when it fails.</summary>
    /// <param name="file">The program.</param>
    /// <param name="args">Its arguments.</param>
    public static void Discard(string file, params string[] args) => Capture(file, args);

    /// <summary>Runs a command and returns its output, or null when it cannot be run or fails.</summary>
    /// <param name="file">The program.</param>
    /// <param name="args">Its arguments.</param>
    /// <returns>The trimmed standard output, or null.</returns>
    public static string? TryCapture(string file, params string[] args)
    {
        try
        {
            return Capture(file, args).Trim();
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    /// <summary>Deletes a tree that may hold read-only directories (as a module cache does); no error when it is missing.</summary>
    /// <param name="path">The tree.</param>
    public static void ForceDelete(string path)
    {
        if (Directory.Exists(path) || File.Exists(path))
        {
            Discard("chmod", "-R", "u+w", path);
            Discard("rm", "-rf", path);
        }
    }

    private static Process Start(string file, string[] args, Action<ProcessStartInfo>? configure)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        // The C locale keeps du and find output plain and their own start-up as cheap as it gets.
        psi.Environment["LC_ALL"] = "C";
        configure?.Invoke(psi);
        return Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {file}.");
    }
}
