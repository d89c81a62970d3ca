using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace GoModCache.MSBuild;

/// <summary>
/// Runs <c>go build</c> in a Go project directory: <c>go build [-o Output] [-tags …] [-ldflags=…] [-trimpath]
/// [ExtraArguments] Packages…</c>, with <c>GOOS</c>, <c>GOARCH</c>, <c>CGO_ENABLED</c> and <c>GOFLAGS</c> set when
/// given. Go's <c>file.go:line:col: message</c> lines become MSBuild errors with the full path, line and column
/// (code <c>GO</c>), so IDEs and CI annotate the Go source.
/// </summary>
public class GoBuild : GoToolTask
{
    /// <summary>Gets or sets the Go project directory: go runs there, and relative package paths and Go's
    /// relative file names are relative to it.</summary>
    [Required]
    public string ProjectDirectory { get; set; } = string.Empty;

    /// <summary>Gets or sets the file to write (<c>-o</c>); relative to the MSBuild project. Empty: go's default.</summary>
    public string? Output { get; set; }

    /// <summary>Gets or sets the packages to build. Empty: <c>.</c>.</summary>
    public string[]? Packages { get; set; }

    /// <summary>Gets or sets build tags (<c>-tags</c>); each element may itself be a comma-separated list.</summary>
    public string[]? Tags { get; set; }

    /// <summary>Gets or sets linker flags (<c>-ldflags</c>), e.g. <c>-s -w -X main.version=1.2.3</c>.</summary>
    public string? LdFlags { get; set; }

    /// <summary>Gets or sets a value indicating whether to pass <c>-trimpath</c>.</summary>
    public bool TrimPath { get; set; }

    /// <summary>Gets or sets <c>GOOS</c>, the target operating system (unset: inherited).</summary>
    public string? GoOS { get; set; }

    /// <summary>Gets or sets <c>GOARCH</c>, the target architecture (unset: inherited).</summary>
    public string? GoArch { get; set; }

    /// <summary>Gets or sets whether cgo is enabled: true/false (or 1/0) becomes <c>CGO_ENABLED</c> (unset: inherited).</summary>
    public string? CgoEnabled { get; set; }

    /// <summary>Gets or sets more arguments, passed as written before the packages (e.g. <c>-race -v</c>).</summary>
    public string? ExtraArguments { get; set; }

    /// <summary>Gets a value indicating whether go build ran and succeeded. Never inferred: false for a target skipped as up to date.</summary>
    [Output]
    public bool Built { get; private set; }

    /// <summary>Gets the full path of <see cref="Output"/>, or null when none was given.</summary>
    internal string? OutputFullPath => string.IsNullOrWhiteSpace(Output) ? null : Path.GetFullPath(Output);

    /// <inheritdoc />
    protected override string EffectiveWorkingDirectory => System.IO.Path.GetFullPath(ProjectDirectory);

    /// <inheritdoc />
    protected override string CommandDisplayName => "go build";

    /// <inheritdoc />
    private protected override string? LeaseName => "MSBuild GoBuild";

    /// <inheritdoc />
    public override bool Execute()
    {
        var output = OutputFullPath;
        var outputDirectory = output == null ? null : Path.GetDirectoryName(output);
        if (!string.IsNullOrEmpty(outputDirectory))
        {
            Directory.CreateDirectory(outputDirectory);
        }

        Built = base.Execute();
        return Built;
    }

    /// <summary>Gets the command line (for tests).</summary>
    /// <returns>The arguments after the go command.</returns>
    internal string CommandLine() => GenerateCommandLineCommands();

    /// <summary>Gets the variables set for go besides EnvironmentVariables (for tests).</summary>
    /// <returns><c>NAME=value</c> pairs.</returns>
    internal IEnumerable<string> EnvironmentOverrides() => GoEnvironmentOverrides();

    /// <inheritdoc />
    protected override string GenerateCommandLineCommands()
    {
        var builder = new CommandLineBuilder();
        builder.AppendSwitch("build");
        builder.AppendSwitchIfNotNull("-o ", OutputFullPath);
        var tags = (Tags ?? []).SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        if (tags.Count > 0)
        {
            builder.AppendSwitchIfNotNull("-tags ", string.Join(',', tags));
        }

        if (!string.IsNullOrWhiteSpace(LdFlags))
        {
            builder.AppendSwitchIfNotNull("-ldflags=", LdFlags.Trim());
        }

        if (TrimPath)
        {
            builder.AppendSwitch("-trimpath");
        }

        if (!string.IsNullOrWhiteSpace(ExtraArguments))
        {
            builder.AppendTextUnquoted(" " + ExtraArguments.Trim());
        }

        var packages = (Packages ?? []).Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p.Trim()).ToArray();
        builder.AppendFileNamesIfNotNull(packages.Length == 0 ? ["."] : packages, " ");
        return builder.ToString();
    }

    /// <inheritdoc />
    protected override IEnumerable<string> GoEnvironmentOverrides()
    {
        foreach (var pair in base.GoEnvironmentOverrides())
        {
            yield return pair;
        }

        if (!string.IsNullOrWhiteSpace(GoOS))
        {
            yield return "GOOS=" + GoOS.Trim();
        }

        if (!string.IsNullOrWhiteSpace(GoArch))
        {
            yield return "GOARCH=" + GoArch.Trim();
        }

        var cgo = BooleanVariable("CGO_ENABLED", CgoEnabled);
        if (cgo != null)
        {
            yield return cgo;
        }
    }
}
