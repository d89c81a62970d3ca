namespace GoCaches.Export;

/// <summary>One module version to put into an exported module proxy: the cache files Go downloaded for it.</summary>
/// <param name="Path">The module path.</param>
/// <param name="Version">The version.</param>
/// <param name="Info">The cached <c>.info</c> file, or null.</param>
/// <param name="GoMod">The cached <c>.mod</c> file.</param>
/// <param name="Zip">The cached <c>.zip</c> file, or null when only the go.mod is needed.</param>
public sealed record ProxyModule(string Path, string Version, string? Info, string GoMod, string? Zip);
