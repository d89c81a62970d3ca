using System;
using GoCaches;

namespace GoModCache.MSBuild;

/// <summary>An engine failure that a task has given its own code and whole message (<see cref="GoCacheTask"/> logs it as is).</summary>
internal sealed class GoCacheTaskException : GoModCacheException
{
    /// <summary>Initializes a new instance of the <see cref="GoCacheTaskException"/> class.</summary>
    /// <param name="code">The code (<see cref="ErrorCodes"/>).</param>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause, or null.</param>
    public GoCacheTaskException(string code, string message, Exception? innerException)
        : base(message, innerException!)
    {
        Code = code;
    }

    /// <summary>Gets the code of the error.</summary>
    public string Code { get; }
}
