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
}
