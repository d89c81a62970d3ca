using System;

namespace GoCaches.Ci;

/// <summary>Where <see cref="CiPublisher"/> publishes an operation's outputs: the CI this process runs in, when asked.</summary>
public sealed record CiTarget
{
    /// <summary>Gets no CI: nothing is published.</summary>
    public static CiTarget None { get; } = new();

    /// <summary>Gets the GitHub Actions output file to append to (the value of <c>$GITHUB_OUTPUT</c>), or null.</summary>
    public string? GitHubOutput { get; init; }

    /// <summary>Gets a value indicating whether Azure Pipelines variables are set (<c>TF_BUILD=True</c>).</summary>
    public bool AzurePipelines { get; init; }

    /// <summary>Gets a value indicating whether anything is published.</summary>
    public bool Any => GitHubOutput != null || AzurePipelines;

    /// <summary>Gets the CI of an environment: GitHub Actions when <c>GITHUB_OUTPUT</c> is set, Azure Pipelines when <c>TF_BUILD</c> is <c>True</c>.</summary>
    /// <param name="publish">Whether publishing is wanted at all (false: <see cref="None"/>).</param>
    /// <param name="variable">Reads an environment variable; this process's environment when null.</param>
    /// <returns>The target.</returns>
    public static CiTarget FromEnvironment(bool publish, Func<string, string?>? variable = null)
    {
        if (!publish)
        {
            return None;
        }

        var read = variable ?? Environment.GetEnvironmentVariable;
        var output = read("GITHUB_OUTPUT");
        return new CiTarget
        {
            GitHubOutput = string.IsNullOrEmpty(output) ? null : output,
            AzurePipelines = string.Equals(read("TF_BUILD"), "True", StringComparison.OrdinalIgnoreCase),
        };
    }
}
