using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace GoCaches.Go;

/// <summary>
/// What a <c>go build</c> depends on besides the files of its project: the go command itself, the arguments, and
/// the environment variables that change what Go writes. Build tools fold them into a stamp file that is rewritten
/// only when its content changes (as the .NET SDK's <c>CoreCompileInputs.cache</c>), so that the stamp's time can
/// stand among a build's input files. Nothing here starts a process: the go command is identified by its file.
/// </summary>
public static class GoBuildInputs
{
    /// <summary>
    /// Gets the environment variables that can change the binary <c>go build</c> writes (or which toolchain writes
    /// it): target platform and its variants, flags, cgo's compilers and flags, the toolchain selection, and where
    /// sources come from (module cache, workspace; they are also file paths in a binary built without
    /// <c>-trimpath</c>). Proxy, checksum and authentication settings are not among them: go.sum pins what they fetch.
    /// </summary>
    public static IReadOnlyList<string> EnvironmentVariableNames { get; } =
    [
        "GOOS", "GOARCH", "GO386", "GOAMD64", "GOARM", "GOARM64", "GOMIPS", "GOMIPS64", "GOPPC64", "GORISCV64", "GOWASM",
        "GOEXPERIMENT", "GOFIPS140", "GOFLAGS", "GOTOOLCHAIN", "GOROOT", "GOPATH", "GOMODCACHE", "GOWORK", "GOENV",
        "CGO_ENABLED", "CGO_CFLAGS", "CGO_CPPFLAGS", "CGO_CXXFLAGS", "CGO_FFLAGS", "CGO_LDFLAGS", "CC", "CXX", "FC",
        "AR", "PKG_CONFIG", "GCCGO",
    ];

    /// <summary>
    /// Describes a go build: the go command (<see cref="DescribeToolchain"/>), the directory, the arguments, the
    /// variables set for go, the <see cref="EnvironmentVariableNames"/> it inherits, and Go's own settings file
    /// (<c>go env -w</c>). Equal descriptions mean the same build.
    /// </summary>
    /// <param name="goPath">The go command that will run.</param>
    /// <param name="workingDirectory">Where go runs.</param>
    /// <param name="arguments">The arguments after the go command.</param>
    /// <param name="assignments"><c>NAME=value</c> pairs set for go, in the order they are applied (later wins).</param>
    /// <param name="environment">The environment go inherits; the process environment when null.</param>
    /// <returns>The description, one setting a line.</returns>
    public static string Describe(
        string goPath,
        string workingDirectory,
        string arguments,
        IEnumerable<string> assignments,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(assignments);
        var set = assignments.Where(a => !string.IsNullOrWhiteSpace(a)).ToList();
        var effective = new Dictionary<string, string?>(Comparer);
        foreach (var name in EnvironmentVariableNames)
        {
            effective[name] = Lookup(environment, name);
        }

        foreach (var pair in set)
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                effective[pair[..eq]] = pair[(eq + 1)..];
            }
        }

        var text = new StringBuilder();
        text.Append("go: ").Append(DescribeToolchain(goPath, effective)).Append('\n');
        text.Append("directory: ").Append(Path.GetFullPath(workingDirectory)).Append('\n');
        text.Append("arguments: ").Append(arguments).Append('\n');
        foreach (var pair in set)
        {
            text.Append("set: ").Append(pair).Append('\n');
        }

        foreach (var name in EnvironmentVariableNames)
        {
            text.Append("env: ").Append(name).Append('=').Append(effective[name] ?? "(unset)").Append('\n');
        }

        var settings = UserSettingsFile(effective, environment);
        text.Append("go env file: ").Append(settings ?? "(none)").Append(' ').Append(settings == null ? string.Empty : ContentOf(settings)).Append('\n');
        return text.ToString();
    }

    /// <summary>
    /// Identifies a go command without running it: its path, the file it resolves to through symbolic links, that
    /// file's size and modification time, and its GOROOT's <c>VERSION</c> and <c>go.env</c> (GOROOT as given, else
    /// the directory above the command's <c>bin</c>). A go command that picks a toolchain itself (a wrapper script,
    /// a version manager's shim) is seen as its own file only.
    /// </summary>
    /// <param name="goPath">The go command.</param>
    /// <param name="environment">Variables that override the process environment (<c>GOROOT</c>); may be null.</param>
    /// <returns>One line.</returns>
    public static string DescribeToolchain(string goPath, IReadOnlyDictionary<string, string?>? environment = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(goPath);
        var full = Path.GetFullPath(goPath);
        var file = new FileInfo(full);
        if (!file.Exists)
        {
            return full + " (missing)";
        }

        var target = file.LinkTarget == null ? file : file.ResolveLinkTarget(returnFinalTarget: true) as FileInfo ?? file;
        var goroot = environment != null && environment.TryGetValue("GOROOT", out var g) && !string.IsNullOrEmpty(g)
            ? g
            : Path.GetDirectoryName(Path.GetDirectoryName(target.FullName));
        var text = new StringBuilder(full);
        if (target.FullName != full)
        {
            text.Append(" -> ").Append(target.FullName);
        }

        text.Append(" size ").Append(target.Length).Append(" modified ").Append(target.LastWriteTimeUtc.Ticks);
        if (!string.IsNullOrEmpty(goroot))
        {
            text.Append(" GOROOT ").Append(goroot)
                .Append(" VERSION ").Append(ContentOf(Path.Combine(goroot, "VERSION")))
                .Append(" go.env ").Append(ContentOf(Path.Combine(goroot, "go.env")));
        }

        return text.ToString();
    }

    /// <summary>
    /// Writes the hash of <paramref name="description"/> to <paramref name="stampFile"/> unless the file already holds
    /// it, so that the file's modification time is the last time the description changed.
    /// </summary>
    /// <param name="stampFile">The stamp file; its directory is created.</param>
    /// <param name="description">What the build depends on (<see cref="Describe"/>).</param>
    /// <returns>True when the file was written (new or changed).</returns>
    public static bool WriteStamp(string stampFile, string description)
    {
        ArgumentException.ThrowIfNullOrEmpty(stampFile);
        ArgumentNullException.ThrowIfNull(description);

        // A hash, not the text: the variables handed to go may hold secrets, and obj/ is not a place for them.
        var content = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(description))) + "\n";
        try
        {
            if (File.ReadAllText(stampFile) == content)
            {
                return false;
            }
        }
        catch (IOException)
        {
            // Missing or unreadable: write it.
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(stampFile));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllText(stampFile, content);
        return true;
    }

    private static StringComparer Comparer => RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    // Go's per-user settings ('go env -w'): $GOENV, else <user config dir>/go/env; GOENV=off: none.
    private static string? UserSettingsFile(Dictionary<string, string?> effective, IReadOnlyDictionary<string, string?>? environment)
    {
        var goenv = effective.TryGetValue("GOENV", out var e) ? e : null;
        if (goenv == "off")
        {
            return null;
        }

        if (!string.IsNullOrEmpty(goenv))
        {
            return goenv;
        }

        string? config;
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            config = Lookup(environment, "AppData");
        }
        else if (RuntimeInformation.IsOSPlatform(OSPlatform.OSX))
        {
            var home = Lookup(environment, "HOME");
            config = string.IsNullOrEmpty(home) ? null : Path.Combine(home, "Library", "Application Support");
        }
        else
        {
            config = Lookup(environment, "XDG_CONFIG_HOME");
            if (string.IsNullOrEmpty(config))
            {
                var home = Lookup(environment, "HOME");
                config = string.IsNullOrEmpty(home) ? null : Path.Combine(home, ".config");
            }
        }

        return string.IsNullOrEmpty(config) ? null : Path.Combine(config, "go", "env");
    }

    private static string ContentOf(string file)
    {
        try
        {
            return File.Exists(file) ? "[" + File.ReadAllText(file).Trim() + "]" : "(none)";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "(unreadable)";
        }
    }

    private static string? Lookup(IReadOnlyDictionary<string, string?>? environment, string name)
    {
        if (environment == null)
        {
            return Environment.GetEnvironmentVariable(name);
        }

        foreach (var pair in environment)
        {
            if (Comparer.Equals(pair.Key, name))
            {
                return pair.Value;
            }
        }

        return null;
    }
}
