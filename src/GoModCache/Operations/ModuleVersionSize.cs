using System;
using System.Globalization;
using GoCaches.Eviction;
using GoCaches.Go;
using GoCaches.Inventory;
using GoCaches.Modules;
using GoCaches.Pruning;

namespace GoCaches.Operations;

/// <summary>One module version's size and last use.</summary>
/// <param name="Path">The module path.</param>
/// <param name="Version">The version.</param>
/// <param name="Bytes">Bytes on disk (directory and download files).</param>
/// <param name="Files">Files on disk.</param>
/// <param name="IsComplete">Whether Go would use it as it is.</param>
/// <param name="LastUsedUtc">The last use, or null when unknown (or not read).</param>
/// <param name="LastUseSource">Where the last use came from.</param>
public sealed record ModuleVersionSize(string Path, string Version, long Bytes, long Files, bool IsComplete, DateTime? LastUsedUtc, LastUseSource LastUseSource)
{
    /// <inheritdoc />
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Path}@{Version}: {SizeParser.Format(Bytes)} in {Files:N0} files{(IsComplete ? string.Empty : ", incomplete")}{(LastUsedUtc is { } t ? $", last used {t:yyyy-MM-dd HH:mm} UTC ({LastUse.Describe(LastUseSource)})" : string.Empty)}");
}
