using System;
using System.IO;
using GoCaches.Ci;
using GoCaches.Reports;

namespace GoCaches.Operations;

/// <summary>What every operation request has: where its reports go and whether it publishes to the CI.</summary>
public abstract class OperationRequest
{
    /// <summary>Initializes a new instance of the <see cref="OperationRequest"/> class.</summary>
    protected OperationRequest()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="OperationRequest"/> class with another request's reports, CI and Azure output.</summary>
    /// <param name="shared">The request whose parts are copied.</param>
    private protected OperationRequest(OperationRequest shared)
    {
        ArgumentNullException.ThrowIfNull(shared);
        Reports = shared.Reports;
        Ci = shared.Ci;
        AzureCommand = shared.AzureCommand;
    }

    /// <summary>Gets the report files to write; null: none.</summary>
    public ReportFiles? Reports { get; init; }

    /// <summary>Gets the CI to publish the outputs to (<see cref="CiTarget.FromEnvironment"/>); null: none.</summary>
    public CiTarget? Ci { get; init; }

    /// <summary>Gets where Azure Pipelines logging commands are printed (a front end's log); null: standard output.</summary>
    public Action<string>? AzureCommand { get; init; }

    /// <summary>Checks a root: absolute when given.</summary>
    /// <param name="name">The root's name in the message.</param>
    /// <param name="root">The root, or null.</param>
    /// <exception cref="GoModCacheException">It is not absolute.</exception>
    private protected static void CheckRoot(string name, string? root)
    {
        if (root != null && !Path.IsPathFullyQualified(root))
        {
            throw new GoModCacheException($"The {name} '{root}' is not an absolute path.");
        }
    }

    /// <summary>Checks a wait: from 0 to one hour.</summary>
    /// <param name="name">Its name in the message.</param>
    /// <param name="wait">The wait.</param>
    /// <exception cref="GoModCacheException">It is out of range.</exception>
    private protected static void CheckWait(string name, TimeSpan? wait)
    {
        if (wait is { } w && (w < TimeSpan.Zero || w > TimeSpan.FromSeconds(OperationInput.MaxSeconds)))
        {
            throw new GoModCacheException($"The {name} {w} is not between 0 and one hour.");
        }
    }
}
