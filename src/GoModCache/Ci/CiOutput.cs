using System;
using System.Globalization;
using System.Text.Json;
using GoCaches.Operations;

namespace GoCaches.Ci;

/// <summary>
/// One value an operation publishes to the CI: a GitHub Actions step output (<c>$GITHUB_OUTPUT</c>) and an Azure
/// Pipelines variable (<c>##vso[task.setvariable …]</c>). Every operation's names are listed in README.
/// </summary>
/// <param name="Name">The step output's name (<c>prune-bytes-freed</c>).</param>
/// <param name="AzureVariable">The Azure Pipelines variable's name (<c>GOCACHE_PRUNE_BYTES_FREED</c>).</param>
/// <param name="Value">The value as text (numbers invariant, <c>true</c>/<c>false</c>).</param>
public sealed record CiOutput(string Name, string AzureVariable, string Value)
{
    /// <summary>Makes an output named after its operation: <c>&lt;operation&gt;-&lt;name&gt;</c> and <c>GOCACHE_&lt;OPERATION&gt;_&lt;NAME&gt;</c>.</summary>
    /// <param name="operation">The operation (<see cref="CacheOperation.Prune"/>: <c>prune-</c>, <c>GOCACHE_PRUNE_</c>).</param>
    /// <param name="name">The name within it, in kebab case (<c>bytes-freed</c>).</param>
    /// <param name="value">The value: a number, a bool, or text.</param>
    /// <returns>The output.</returns>
    public static CiOutput For(CacheOperation operation, string name, object value)
    {
        ArgumentNullException.ThrowIfNull(name);
        var op = JsonNamingPolicy.KebabCaseLower.ConvertName(operation.ToString());
        var text = value switch
        {
            bool b => b ? "true" : "false",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value?.ToString() ?? string.Empty,
        };
        return new CiOutput($"{op}-{name}", $"GOCACHE_{op}_{name}".Replace('-', '_').ToUpperInvariant(), text);
    }

    /// <summary>Gets the output as a step output line: <c>name=value</c>.</summary>
    /// <returns>The line.</returns>
    public override string ToString() => Name + "=" + Value;
}
