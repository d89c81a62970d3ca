namespace GoCaches.Go;

/// <summary>The outcome of one run of the go command.</summary>
/// <param name="ExitCode">The process exit code.</param>
/// <param name="StandardOutput">Everything written to standard output.</param>
/// <param name="StandardError">Everything written to standard error.</param>
public sealed record GoCommandResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Gets a value indicating whether the command exited with code 0.</summary>
    public bool Succeeded => ExitCode == 0;
}
