using System;
using GoCaches.Inventory;
using GoCaches.Modules;

namespace GoCaches.AfterBuild;

/// <summary>A module version evicted from the module cache because it failed Go's checksum check.</summary>
/// <param name="Version">The module version.</param>
/// <param name="WasPresent">Whether it was in the cache.</param>
/// <param name="BytesFreed">Bytes removed.</param>
public sealed record HealedModuleVersion(ModuleVersion Version, bool WasPresent, long BytesFreed)
{
    /// <summary>Gets e.g. <c>example.com/a@v1.0.0 failed Go's checksum check; evicted it from the module cache (1.2 MiB)</c>.</summary>
    /// <returns>The line.</returns>
    public override string ToString() =>
        FormattableString.Invariant($"{Version} failed Go's checksum check; evicted it from the module cache ({(WasPresent ? SizeParser.Format(BytesFreed) : "it was not in the cache")})");
}
