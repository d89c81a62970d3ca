using System;
using System.Collections.Generic;
using GoCaches.Inventory;

namespace GoCaches.Export;

/// <summary>What <see cref="ModuleProxyWriter.Write"/> wrote.</summary>
/// <param name="Directory">The proxy folder.</param>
/// <param name="Modules">The module versions written.</param>
/// <param name="WithSource">How many of them carry a zip (the others are go.mod only).</param>
/// <param name="Size">The size of the folder.</param>
public sealed record ProxyExport(string Directory, IReadOnlyList<string> Modules, int WithSource, TreeSize Size)
{
    /// <summary>Gets the folder as a <c>GOPROXY</c> value (<c>file:///…</c>).</summary>
    public string GoProxyUrl => new Uri(System.IO.Path.GetFullPath(Directory)).AbsoluteUri;
}
