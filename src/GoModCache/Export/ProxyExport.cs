using System;
using System.Collections.Generic;
using GoCaches.Inventory;

namespace GoCaches.Export;

/// <summary>What an export into a module proxy folder did (<see cref="ProxyExporter.Export"/>, <see cref="ModuleProxyWriter.Write(string, IEnumerable{ProxyModule})"/>).</summary>
/// <param name="Directory">The proxy folder.</param>
/// <param name="Modules">The module versions exported (<c>path@version</c>), whether their files were new or already there.</param>
/// <param name="WithSource">How many of them carry a zip (the others are go.mod only).</param>
/// <param name="Size">The size of the folder (everything in it, including what other exports put there).</param>
public sealed record ProxyExport(string Directory, IReadOnlyList<string> Modules, int WithSource, TreeSize Size)
{
    /// <summary>Gets the folder as a <c>GOPROXY</c> value (<c>file:///…</c>).</summary>
    public string GoProxyUrl => new Uri(System.IO.Path.GetFullPath(Directory)).AbsoluteUri;

    /// <summary>Gets how many files (<c>.info</c>, <c>.mod</c>, <c>.zip</c>, <c>list</c>) this export wrote; zero when the folder already had everything.</summary>
    public int FilesWritten { get; init; }

    /// <summary>Gets how many files were already there with the same contents (or, for a <c>.info</c>, at all) and were left untouched.</summary>
    public int FilesUnchanged { get; init; }

    /// <summary>Gets the <c>.mod</c> and <c>.zip</c> files that were already there with other contents: left as they are (a module version is immutable), for go.sum to judge.</summary>
    public IReadOnlyList<string> FilesDiffering { get; init; } = [];

    /// <summary>Gets what the export found for each project, in request order (empty when the caller wrote module versions directly).</summary>
    public IReadOnlyList<ProxyExportProject> Projects { get; init; } = [];
}
