namespace Cake.GoModCache.Clean;

/// <summary>Settings for <c>go clean</c>. With no cache selected, <c>go clean</c> removes the working directory's object files.</summary>
public class GoCleanSettings : GoSettings
{
    /// <summary>Gets or sets a value indicating whether the whole module cache is removed (<c>-modcache</c>).</summary>
    public bool ModCache { get; set; }

    /// <summary>Gets or sets a value indicating whether the whole build cache is removed (<c>-cache</c>).</summary>
    public bool Cache { get; set; }

    /// <summary>Gets or sets a value indicating whether cached test results expire (<c>-testcache</c>).</summary>
    public bool TestCache { get; set; }

    /// <summary>Gets or sets a value indicating whether the fuzz cache is removed (<c>-fuzzcache</c>, Go 1.18+).</summary>
    public bool FuzzCache { get; set; }

    /// <summary>
    /// Gets or sets how long a module or build cache clean waits for other builds using the cache (builds this addin
    /// or the MSBuild tasks run, and on Linux other go processes) before it leaves the clean to the last of them.
    /// Null: 30 seconds.
    /// </summary>
    public System.TimeSpan? WaitForOtherBuilds { get; set; }
}
