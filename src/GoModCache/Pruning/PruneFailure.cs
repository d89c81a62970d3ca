using GoCaches.Modules;

namespace GoCaches.Pruning;

/// <summary>A module version a prune could not remove.</summary>
/// <param name="Module">The module version.</param>
/// <param name="Message">What went wrong.</param>
public sealed record PruneFailure(ModuleVersion Module, string Message);
