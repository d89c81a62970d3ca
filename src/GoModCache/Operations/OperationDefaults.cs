using System;

namespace GoCaches.Operations;

/// <summary>The defaults every front end shares, defined once.</summary>
public static class OperationDefaults
{
    /// <summary>Gets how long a version marked for removal waits, locked, before its files go: two seconds.</summary>
    public static TimeSpan GracePeriod { get; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets the longest grace period a request may ask for: one hour.</summary>
    public static TimeSpan MaxGracePeriod { get; } = TimeSpan.FromHours(1);

    /// <summary>Gets how often a long prune or clean reports its progress: five seconds.</summary>
    public static TimeSpan ProgressInterval { get; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets how long to wait for Go's lock on one module version: one minute.</summary>
    public static TimeSpan LockTimeout { get; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets how many removed versions a log lists one by one before summing up the rest: 20.</summary>
    public const int LoggedRemovals = 20;
}
