using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace GoCaches.Ci;

/// <summary>
/// Publishes an operation's outputs to the CI, the same way for every operation and every front end: appends
/// <c>name=value</c> lines to the GitHub Actions output file and emits Azure Pipelines <c>##vso[task.setvariable …]</c>
/// logging commands.
/// </summary>
public static class CiPublisher
{
    /// <summary>Publishes outputs.</summary>
    /// <param name="target">Where to; <see cref="CiTarget.None"/> publishes nothing.</param>
    /// <param name="outputs">What.</param>
    /// <param name="azureCommand">Prints one Azure Pipelines logging command where the agent reads it (the front end's standard output or log); null: standard output.</param>
    /// <returns>What was published, or null when the target is none.</returns>
    public static CiPublication? Publish(CiTarget target, IReadOnlyList<CiOutput> outputs, Action<string>? azureCommand = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(outputs);
        if (!target.Any || outputs.Count == 0)
        {
            return null;
        }

        if (target.AzurePipelines)
        {
            foreach (var command in AzurePipelinesCommands(outputs))
            {
                (azureCommand ?? Console.Out.WriteLine)(command);
            }
        }

        if (target.GitHubOutput != null)
        {
            try
            {
                File.AppendAllText(target.GitHubOutput, string.Concat(outputs.Select(o => o + "\n")), new UTF8Encoding(false));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return new CiPublication(outputs, target.GitHubOutput, target.AzurePipelines, ex.Message);
            }
        }

        return new CiPublication(outputs, target.GitHubOutput, target.AzurePipelines);
    }

    /// <summary>Gets the Azure Pipelines logging commands that set outputs as variables.</summary>
    /// <param name="outputs">The outputs.</param>
    /// <returns>The <c>##vso[task.setvariable …]</c> lines.</returns>
    public static IReadOnlyList<string> AzurePipelinesCommands(IEnumerable<CiOutput> outputs) =>
        outputs.Select(o => $"##vso[task.setvariable variable={o.AzureVariable}]{o.Value}").ToList();
}
