using System.Collections.Generic;
using GoCaches.Go;
using GoCaches.Inventory;

namespace GoCaches.Ci;

/// <summary>The standard library cache part of <see cref="CachePrepareForSaveRequest"/> (<see cref="StdCacheDirectory"/>).</summary>
public sealed class StdCacheRequest
{
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
