using System;

namespace GoCaches.Leases;

/// <summary>A process that uses a cache: a build holding a lease, or a go process found running on it.</summary>
/// <param name="ProcessId">The process id.</param>
/// <param name="Description">What it is, e.g. <c>GoBuildAndClean in /src/service (process 4242)</c>.</param>
/// <param name="Project">The Go project directory (holding go.mod or go.work) it builds, when known.</param>
/// <param name="Since">When it took the lease, when known.</param>
/// <param name="External">Whether it is a go process this project did not start (found through <c>/proc</c>).</param>
public sealed record CacheLeaseHolder(int ProcessId, string Description, string? Project, DateTimeOffset? Since, bool External)
{
    /// <inheritdoc/>
    public override string ToString() => Description;
}
