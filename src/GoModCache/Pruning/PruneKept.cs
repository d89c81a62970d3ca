using GoCaches.Modules;

namespace GoCaches.Pruning;

/// <summary>A module version a prune keeps, and why.</summary>
/// <param name="Module">The module version.</param>
/// <param name="Reason">Why.</param>
/// <param name="Detail">Why, in words, e.g. <c>among the newest 2 of its module</c>.</param>
public sealed record PruneKept(ModuleVersion Module, KeepReason Reason, string Detail);
