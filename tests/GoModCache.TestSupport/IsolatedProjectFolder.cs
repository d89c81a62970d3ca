using System.IO;

namespace GoModCache.TestSupport;

/// <summary>
/// A folder for a .NET project built from outside this repository's build: it stops the search for
/// Directory.Build.* and Directory.Packages.props there, and adds a folder feed to the package sources the
/// machine already has (no &lt;clear/&gt;, so the SDK's own packages still restore).
/// </summary>
public static class IsolatedProjectFolder
{
    /// <summary>Creates <paramref name="directory"/> with the stub files and a nuget.config naming <paramref name="feed"/>.</summary>
    /// <param name="directory">The project folder.</param>
    /// <param name="feed">A folder of .nupkg files.</param>
    /// <returns>The folder.</returns>
    public static string Write(string directory, string feed)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(directory, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(directory, "Directory.Packages.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(directory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="gomodcache-local-feed" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        return directory;
    }
}
