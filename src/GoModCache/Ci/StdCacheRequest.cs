using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoCaches.Go;
using GoCaches.Inventory;

namespace GoCaches.Ci;

/// <summary>The standard library cache part of <see cref="CachePrepareForSaveRequest"/> (<see cref="StdCacheDirectory"/>).</summary>
public sealed class StdCacheRequest
{
    /// <summary>
    /// Makes the request a front end's settings say, the same for the Cake alias and the MSBuild task: none when the
    /// standard library cache is off or Go's build cache is; the directory given or the default
    /// (<see cref="StdCacheDirectory.For"/>); the packages of <paramref name="packagePaths"/>, else of
    /// <paramref name="keepProjects"/> (a file stands for its directory), else of the go command's working directory;
    /// one flag set per text (flags separated by spaces), none: one plain set.
    /// </summary>
    /// <param name="enabled">Whether the standard library cache is used (the setting <c>StdCache</c>).</param>
    /// <param name="buildCacheRoot">The build cache root, or null when it is off.</param>
    /// <param name="directory">The directory given (an absolute path), or null or blank: the default.</param>
    /// <param name="go">Makes the go command that lists the packages (called only when the request is made); its working directory is where they are listed when no path is given.</param>
    /// <param name="packagePaths">The Go module directories, or files in them, given for the cache (absolute paths).</param>
    /// <param name="keepProjects">The projects the prune keeps (absolute paths), used when no package path is given.</param>
    /// <param name="flagSets">The build flag sets, each flags separated by spaces (an empty text: a plain build).</param>
    /// <returns>The request, or null.</returns>
    public static StdCacheRequest? For(bool enabled, string? buildCacheRoot, string? directory, Func<GoCommand?> go, IEnumerable<string> packagePaths, IEnumerable<string> keepProjects, IEnumerable<string> flagSets)
    {
        ArgumentNullException.ThrowIfNull(go);
        ArgumentNullException.ThrowIfNull(packagePaths);
        ArgumentNullException.ThrowIfNull(keepProjects);
        ArgumentNullException.ThrowIfNull(flagSets);
        if (StdCacheDirectory.For(enabled, buildCacheRoot, directory) is not { } dir)
        {
            return null;
        }

        var given = packagePaths.ToList();
        var sets = flagSets.Select(f => (IReadOnlyList<string>)f.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        return new StdCacheRequest
        {
            Directory = dir,
            Go = go(),
            PackageDirectories = (given.Count > 0 ? given : keepProjects)
                .Select(p => File.Exists(p) ? Path.GetDirectoryName(p)! : p)
                .Distinct(StringComparer.Ordinal)
                .ToList(),
            FlagSets = sets.Count == 0 ? [[]] : sets,
        };
    }

    /// <summary>Gets the standard library cache directory (<see cref="StdCacheDirectory.DefaultPath"/> is the usual one).</summary>
    public required string Directory { get; init; }

    /// <summary>
    /// Gets the go command that lists the standard library packages' export files (<see cref="StdlibBuildEntries"/>)
    /// when the directory is to be filled; with none, it is not filled (a note says so).
    /// </summary>
    public GoCommand? Go { get; init; }

    /// <summary>Gets the directories where <c>go list -export -deps</c> runs (the job's Go modules); the go command's working directory when empty.</summary>
    public IReadOnlyList<string> PackageDirectories { get; init; } = [];

    /// <summary>Gets the package patterns listed in each directory. Default <c>./...</c>.</summary>
    public IReadOnlyList<string> Patterns { get; init; } = ["./..."];

    /// <summary>
    /// Gets the build flags the job built with, one set per way it built: <c>go list</c> runs once per set, since flags
    /// such as <c>-trimpath</c> or <c>-race</c> compile the standard library anew (<c>-test</c> lists what
    /// <c>go test</c> compiled). Default: one empty set (a plain <c>go build</c>; GOFLAGS applies to all). A set that
    /// does not match a build of the job makes <c>go list</c> compile the standard library that way, once per key.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<string>> FlagSets { get; init; } = [[]];
}
