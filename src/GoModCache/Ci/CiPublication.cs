using System.Collections.Generic;
using System.Linq;

namespace GoCaches.Ci;

/// <summary>What <see cref="CiPublisher"/> published, or why it could not.</summary>
/// <param name="Outputs">The outputs published.</param>
/// <param name="GitHubOutput">The GitHub Actions output file appended to, or null.</param>
/// <param name="AzurePipelines">Whether Azure Pipelines variables were set.</param>
/// <param name="Error">Why the GitHub Actions output file could not be written, or null.</param>
public sealed record CiPublication(IReadOnlyList<CiOutput> Outputs, string? GitHubOutput, bool AzurePipelines, string? Error = null)
{
    /// <summary>Gets a value indicating whether everything asked for was published.</summary>
    public bool Published => Error == null;

    /// <summary>Gets the publication in words.</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        if (Error != null)
        {
            return $"Could not append the step outputs to {GitHubOutput}: {Error}";
        }

        var names = string.Join(", ", Outputs.Select(o => "'" + o.Name + "'"));
        var where = new List<string>();
        if (GitHubOutput != null)
        {
            where.Add("GitHub Actions step outputs " + names);
        }

        if (AzurePipelines)
        {
            where.Add("Azure Pipelines variables " + string.Join(", ", Outputs.Select(o => o.AzureVariable)));
        }

        return "Published as " + string.Join(" and ", where) + ".";
    }
}
