namespace GoCaches.Operations;

/// <summary>How much a message matters; the front ends map it to their own log levels.</summary>
public enum MessageLevel
{
    /// <summary>Detail (Cake: verbose; MSBuild: low importance).</summary>
    Detail,

    /// <summary>Normal information (Cake: information; MSBuild: normal importance).</summary>
    Info,

    /// <summary>A result the user wants to see (Cake: information; MSBuild: high importance).</summary>
    Important,

    /// <summary>A warning, with a code.</summary>
    Warning,

    /// <summary>An error, with a code: the operation's result says it failed (Cake throws after it; MSBuild fails the task).</summary>
    Error,
}
