using GoCaches.Modules;

namespace GoCaches.Pruning;

/// <summary>A module version a prune keeps, and why.</summary>
/// <param name="Module">The module version.</param>
/// <param name="Reason">Why, e.g. <c>needed by the projects</c>.</param>
public sealed record PruneKept(ModuleVersion Module, string Reason)
{
    /// <summary>Gets why, as a value: the rule or fact that keeps it.</summary>
    public PruneKeepReason Because { get; init; }
}
