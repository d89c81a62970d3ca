using System;
using System.Collections.Generic;

namespace Cake.GoModCache.Test;

/// <summary>Settings for <c>go test</c>.</summary>
public class GoTestSettings : GoSettings
{
    /// <summary>Gets the packages to test; <c>./...</c> when empty.</summary>
    public IList<string> Packages { get; } = new List<string>();

    /// <summary>Gets or sets the test name filter (<c>-run</c>, a regular expression).</summary>
    public string? Run { get; set; }

    /// <summary>Gets or sets a value indicating whether the race detector is on (<c>-race</c>).</summary>
    public bool Race { get; set; }

    /// <summary>Gets or sets how many times each test runs (<c>-count</c>); <c>1</c> bypasses the test cache.</summary>
    public int? Count { get; set; }

    /// <summary>Gets or sets the time limit of the whole test binary (<c>-timeout</c>).</summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>Gets the build tags (<c>-tags</c>).</summary>
    public IList<string> Tags { get; } = new List<string>();

    /// <summary>Gets or sets a value indicating whether failures throw (the default) or are only reported in the result.</summary>
    public bool FailOnTestFailure { get; set; } = true;
}
