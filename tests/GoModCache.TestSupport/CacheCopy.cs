using System;
using System.Collections.Generic;
using System.IO;

namespace GoModCache.TestSupport;

/// <summary>A copy of a sandbox's caches (<see cref="CacheCopies.Copy"/>).</summary>
/// <param name="Root">The copy's folder.</param>
/// <param name="GoPath">Its GOPATH.</param>
/// <param name="ModCache">Its module cache (GOPATH/pkg/mod).</param>
/// <param name="BuildCache">Its build cache.</param>
public sealed record CacheCopy(string Root, string GoPath, string ModCache, string BuildCache)
{
    /// <summary>Gets a file in the copy's folder (a report, a GITHUB_OUTPUT file).</summary>
    /// <param name="name">The file's name.</param>
    /// <returns>The path.</returns>
    public string File(string name) => Path.Combine(Root, name);

    /// <summary>Gets the copy's GITHUB_OUTPUT file (<see cref="WithGitHubOutput{T}"/>).</summary>
    public string GitHubOutput => File("github_output");

    /// <summary>Runs with GITHUB_OUTPUT pointing at the copy's file (this process's variable; the front ends read it from there).</summary>
    /// <typeparam name="T">What the run returns.</typeparam>
    /// <param name="run">The run.</param>
    /// <returns>What it returned.</returns>
    public T WithGitHubOutput<T>(Func<T> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var old = Environment.GetEnvironmentVariable("GITHUB_OUTPUT");
        Environment.SetEnvironmentVariable("GITHUB_OUTPUT", GitHubOutput);
        try
        {
            return run();
        }
        finally
        {
            Environment.SetEnvironmentVariable("GITHUB_OUTPUT", old);
        }
    }

    /// <summary>Gets the step outputs the runs appended to the copy's GITHUB_OUTPUT file (the last value of a name wins, as in GitHub Actions).</summary>
    /// <returns>The outputs by name.</returns>
    public Dictionary<string, string> Outputs()
    {
        var outputs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in System.IO.File.Exists(GitHubOutput) ? System.IO.File.ReadAllLines(GitHubOutput) : [])
        {
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            outputs[line[..eq]] = line[(eq + 1)..];
        }

        return outputs;
    }
}
