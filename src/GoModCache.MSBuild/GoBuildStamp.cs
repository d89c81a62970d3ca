using GoCaches;
using GoCaches.Go;
using Microsoft.Build.Framework;
using GoLocator = GoCaches.Go.GoToolLocator;

namespace GoModCache.MSBuild;

/// <summary>
/// Writes the stamp file of one Go build: a hash of everything <see cref="GoBuild"/> with the same parameters would
/// hand to go (command line, directory, variables), of the go-related environment go inherits and of the go command's
/// identity (<see cref="GoBuildInputs"/>), rewritten only when that hash changes. Listed among the Go build target's
/// inputs, it makes a changed setting rebuild while an unchanged build starts no process.
/// </summary>
public class GoBuildStamp : Microsoft.Build.Utilities.Task
{
    /// <summary>Gets or sets the stamp file to write.</summary>
    [Required]
    public string StampFile { get; set; } = string.Empty;

    /// <summary>Gets or sets <see cref="GoBuild.ProjectDirectory"/>.</summary>
    [Required]
    public string ProjectDirectory { get; set; } = string.Empty;

    /// <summary>Gets or sets <see cref="GoBuild.Output"/>.</summary>
    public string? Output { get; set; }

    /// <summary>Gets or sets <see cref="GoBuild.Packages"/>.</summary>
    public string[]? Packages { get; set; }

    /// <summary>Gets or sets <see cref="GoBuild.Tags"/>.</summary>
    public string[]? Tags { get; set; }

    /// <summary>Gets or sets <see cref="GoBuild.LdFlags"/>.</summary>
    public string? LdFlags { get; set; }

    /// <summary>Gets or sets a value indicating whether <see cref="GoBuild.TrimPath"/> is set.</summary>
    public bool TrimPath { get; set; }

    /// <summary>Gets or sets <see cref="GoBuild.GoOS"/>.</summary>
    public string? GoOS { get; set; }

    /// <summary>Gets or sets <see cref="GoBuild.GoArch"/>.</summary>
    public string? GoArch { get; set; }

    /// <summary>Gets or sets <see cref="GoBuild.CgoEnabled"/>.</summary>
    public string? CgoEnabled { get; set; }

    /// <summary>Gets or sets <see cref="GoBuild.ExtraArguments"/>.</summary>
    public string? ExtraArguments { get; set; }

    /// <summary>Gets or sets the go command (empty: <c>PATH</c>, then <c>$GOROOT/bin</c>, as <see cref="GoToolTask"/> finds it).</summary>
    public string? GoExecutable { get; set; }

    /// <summary>Gets or sets <c>GOFLAGS</c> for go.</summary>
    public string? GoFlags { get; set; }

    /// <summary>Gets or sets the <c>NAME=value</c> pairs handed to go.</summary>
    public string[]? EnvironmentVariables { get; set; }

    /// <summary>Gets a value indicating whether the stamp was written (it is new or what it stands for changed).</summary>
    [Output]
    public bool Changed { get; private set; }

    /// <inheritdoc />
    public override bool Execute()
    {
        // The same parameters on the task that runs go: the stamp covers exactly what that task would hand to go.
        var build = new GoBuild
        {
            ProjectDirectory = ProjectDirectory,
            Output = Output,
            Packages = Packages,
            Tags = Tags,
            LdFlags = LdFlags,
            TrimPath = TrimPath,
            GoOS = GoOS,
            GoArch = GoArch,
            CgoEnabled = CgoEnabled,
            ExtraArguments = ExtraArguments,
            GoFlags = GoFlags,
        };

        string go;
        try
        {
            go = GoLocator.Find(string.IsNullOrWhiteSpace(GoExecutable) ? null : GoExecutable);
        }
        catch (GoModCacheException)
        {
            // GoBuild reports it (GOMC010) when it runs; the stamp records that there was no go.
            go = string.IsNullOrWhiteSpace(GoExecutable) ? "(no go found)" : GoExecutable;
        }

        var description = GoBuildInputs.Describe(
            go,
            ProjectDirectory,
            build.CommandLine(),
            [.. EnvironmentVariables ?? [], .. build.EnvironmentOverrides()]);
        Changed = GoBuildInputs.WriteStamp(StampFile, description);
        if (Changed)
        {
            Log.LogMessage(MessageImportance.Low, $"GoModCache: the inputs of the Go build in '{ProjectDirectory}' changed; wrote '{StampFile}'.");
        }

        return true;
    }
}
