using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace GoModCache.MSBuild;

/// <summary>
/// Runs <c>go mod download [Modules…]</c> in a Go project directory: fills the module cache with the modules the
/// project needs (all of them when <see cref="Modules"/> is empty), e.g. before an offline build.
/// </summary>
public class GoModDownload : GoToolTask
{
    /// <summary>Gets or sets the Go project directory (the one with go.mod).</summary>
    [Required]
    public string ProjectDirectory { get; set; } = string.Empty;

    /// <summary>Gets or sets the modules to download (<c>path@version</c> or <c>all</c>). Empty: those go.mod needs.</summary>
    public string[]? Modules { get; set; }

    /// <inheritdoc />
    protected override string EffectiveWorkingDirectory => System.IO.Path.GetFullPath(ProjectDirectory);

    /// <inheritdoc />
    protected override string CommandDisplayName => "go mod download";

    /// <inheritdoc />
    protected override string GenerateCommandLineCommands()
    {
        var builder = new CommandLineBuilder();
        builder.AppendSwitch("mod");
        builder.AppendSwitch("download");
        builder.AppendFileNamesIfNotNull(Modules, " ");
        return builder.ToString();
    }
}
