using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace GoModCache.TestSupport;

/// <summary>
/// One Go sandbox whose caches real go filled, and copies of them (<c>cp -a</c>: modes and times kept) for runs that
/// must start alike, such as the same operation through the Cake alias and the MSBuild task (the parity tests).
/// </summary>
public sealed class CacheCopies : IDisposable
{
    private readonly string _name;
    private readonly List<string> _copies = [];

    /// <summary>Initializes a new instance of the <see cref="CacheCopies"/> class with a new sandbox.</summary>
    /// <param name="name">The sandbox's name, also the start of each copy's folder name.</param>
    public CacheCopies(string name)
    {
        _name = name;
        Source = new GoSandbox(name);
    }

    /// <summary>Gets the sandbox whose caches are copied.</summary>
    public GoSandbox Source { get; }

    /// <summary>
    /// Fills the source caches the way the clean parity tests need: <c>example.com/lib</c> v1.1.0 (20 files) and
    /// <c>example.com/Other</c> v0.1.0 (10 files) of 1000 bytes each, required by one project built once.
    /// </summary>
    /// <returns>The project's directory.</returns>
    public string BuildOneProject()
    {
        var lib = Source.Proxy.Add("example.com/lib", "v1.1.0", m => m.WithBulk(20, 1000));
        var other = Source.Proxy.Add("example.com/Other", "v0.1.0", m => m.WithBulk(10, 1000));
        Source.PublishProxy();
        var project = Source.WriteProject("svc", lib, other);
        Source.MustGo(project, "build", "-o", Path.Combine(Source.Root, "first"), ".");
        return project;
    }

    /// <summary>Copies the source's GOPATH (with its module cache) and build cache to a new folder.</summary>
    /// <param name="name">What the copy is for, in its folder name.</param>
    /// <returns>The copy.</returns>
    public CacheCopy Copy(string name)
    {
        var root = Path.Combine(Path.GetTempPath(), "gomodcache-tests", _name + "-" + name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        _copies.Add(root);
        DiskOracle.Run("cp", "-a", Source.GoPath, Path.Combine(root, "gopath"));
        DiskOracle.Run("cp", "-a", Source.GoCache, Path.Combine(root, "gocache"));
        var goPath = Path.Combine(root, "gopath");
        return new CacheCopy(root, goPath, Path.Combine(goPath, "pkg", "mod"), Path.Combine(root, "gocache"));
    }

    /// <summary>Gets the source's environment with GOPATH, GOMODCACHE and GOCACHE pointing at a copy.</summary>
    /// <param name="copy">The copy.</param>
    /// <returns>The variables.</returns>
    public Dictionary<string, string> Variables(CacheCopy copy)
    {
        ArgumentNullException.ThrowIfNull(copy);
        var variables = Source.Environment.ToDictionary(p => p.Key, p => p.Value ?? string.Empty);
        Point(variables, copy);
        return variables;
    }

    /// <summary>Points GOPATH, GOMODCACHE and GOCACHE at a copy.</summary>
    /// <param name="variables">The variables to set.</param>
    /// <param name="copy">The copy.</param>
    public static void Point(IDictionary<string, string> variables, CacheCopy copy)
    {
        ArgumentNullException.ThrowIfNull(variables);
        ArgumentNullException.ThrowIfNull(copy);
        variables["GOPATH"] = copy.GoPath;
        variables["GOMODCACHE"] = copy.ModCache;
        variables["GOCACHE"] = copy.BuildCache;
    }

    /// <summary>Lists what a tree holds, relative paths in order, without what <paramref name="leaveOut"/> says.</summary>
    /// <param name="root">The tree (missing: nothing).</param>
    /// <param name="leaveOut">Which relative paths are not listed.</param>
    /// <returns>The paths.</returns>
    public static List<string> Listing(string root, Func<string, bool> leaveOut) => Directory.Exists(root)
        ? Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(root, p))
            .Where(p => !leaveOut(p))
            .OrderBy(p => p, StringComparer.Ordinal)
            .ToList()
        : [];

    /// <summary>Removes the copies made so far.</summary>
    public void RemoveCopies()
    {
        foreach (var copy in _copies)
        {
            GoSandbox.ForceDelete(copy);
        }

        _copies.Clear();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        RemoveCopies();
        Source.Dispose();
    }
}
