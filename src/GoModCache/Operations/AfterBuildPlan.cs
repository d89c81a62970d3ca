using System.Collections.Generic;

namespace GoCaches.Operations;

/// <summary>The engine's decisions about the clean-up after a Go build.</summary>
/// <param name="Clean">What to clean.</param>
/// <param name="Prune">Whether the module cache is pruned (instead of cleaned).</param>
/// <param name="RecordUsage">Whether the modules the build used are recorded: the module cache outlives the build.</param>
/// <param name="KeepCaches">Whether the caches are kept as they are (the build failed).</param>
/// <param name="Notes">Why a requested clean does not run, in words.</param>
public sealed record AfterBuildPlan(CacheKinds Clean, bool Prune, bool RecordUsage, bool KeepCaches, IReadOnlyList<string> Notes)
{
    /// <inheritdoc />
    public override string ToString() => KeepCaches ? "keep the caches" : $"clean {Clean}{(Prune ? ", prune the module cache" : string.Empty)}{(RecordUsage ? ", record usage" : string.Empty)}";
}
