using GoCaches.Modules;

namespace GoCaches.Pruning;

/// <summary>A module version a prune keeps, and why.</summary>
/// <param name="Module">The module version.</param>
/// <param name="Reason">Why, e.g. <c>needed by the projects</c>.</param>
public sealed record PruneKept(ModuleVersion Module, string Reason);
