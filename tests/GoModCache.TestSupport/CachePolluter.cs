using System.IO;
using System.IO.Compression;
using GoCaches.Modules;

namespace GoModCache.TestSupport;

/// <summary>Puts a module cache into the state a polluted cache is found in.</summary>
public static class CachePolluter
{
    /// <summary>
    /// Replaces a cached module zip with one whose content differs (an extra file), and removes the extracted
    /// directory and the .ziphash, so that Go hashes the zip again on its next use and finds that it no longer
    /// matches go.sum: <c>verifying …: checksum mismatch</c> / <c>SECURITY ERROR</c>.
    /// </summary>
    public static void CorruptZip(string goModCache, string path, string version)
    {
        var escapedPath = ModulePathEscaping.EscapePath(path);
        var escapedVersion = ModulePathEscaping.EscapeVersion(version);
        GoSandbox.ForceDelete(Path.Combine(goModCache, escapedPath + "@" + escapedVersion));
        var atV = Path.Combine(goModCache, "cache", "download", escapedPath, "@v");
        File.Delete(Path.Combine(atV, escapedVersion + ".ziphash"));
        var zip = Path.Combine(atV, escapedVersion + ".zip");
        File.SetAttributes(zip, FileAttributes.Normal);
        using var archive = ZipFile.Open(zip, ZipArchiveMode.Update);
        using var writer = new StreamWriter(archive.CreateEntry(path + "@" + version + "/injected.go").Open());
        writer.Write("package injected\n");
    }
}
