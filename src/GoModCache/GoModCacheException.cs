using System;

namespace GoCaches;

/// <summary>
/// Thrown when Go, its environment or one of its caches is not what the engine needs.
/// The message always names the problem and, where it can, what to do about it.
/// </summary>
public class GoModCacheException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="GoModCacheException"/> class.</summary>
    public GoModCacheException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="GoModCacheException"/> class.</summary>
    /// <param name="message">What went wrong.</param>
    public GoModCacheException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="GoModCacheException"/> class.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public GoModCacheException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>
    /// Gets the code a front end logs this failure with (<see cref="Operations.ErrorCodes"/>), or null when the
    /// operation that failed decides (e.g. <c>GOMC040</c> for a prune, <c>GOMC012</c> for a measurement).
    /// </summary>
    public string? ErrorCode { get; init; }
}
