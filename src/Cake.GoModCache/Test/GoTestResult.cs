using System.Collections.Generic;

namespace Cake.GoModCache.Test;

/// <summary>What <c>go test -json</c> reported.</summary>
public sealed class GoTestResult
{
    /// <summary>Gets the number of top-level tests that passed.</summary>
    public int Passed { get; internal set; }

    /// <summary>Gets the number of top-level tests that failed.</summary>
    public int Failed { get; internal set; }

    /// <summary>Gets the number of top-level tests that were skipped.</summary>
    public int Skipped { get; internal set; }

    /// <summary>Gets the failed tests, subtests included, as <c>package.TestName</c>.</summary>
    public IReadOnlyList<string> FailedTests { get; internal set; } = [];

    /// <summary>Gets the packages that failed (a failing test, a build failure, a panic outside tests).</summary>
    public IReadOnlyList<string> FailedPackages { get; internal set; } = [];

    /// <summary>Gets the packages that reported a result.</summary>
    public IReadOnlyList<string> Packages { get; internal set; } = [];

    /// <summary>Gets go's exit code.</summary>
    public int ExitCode { get; internal set; }

    /// <summary>Gets a value indicating whether everything passed.</summary>
    public bool Succeeded => ExitCode == 0 && Failed == 0 && FailedPackages.Count == 0;
}
