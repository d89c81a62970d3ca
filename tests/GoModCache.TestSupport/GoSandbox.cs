using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using GoCaches.Go;

namespace GoModCache.TestSupport;

/// <summary>
/// A private Go world for one test: its own GOPATH, GOMODCACHE, GOCACHE and HOME under a temporary folder,
/// a hermetic <c>file://</c> proxy, and the variables that keep Go off the network and off the machine's caches.
/// </summary>
public sealed class GoSandbox : IDisposable
{
    public GoSandbox(string? name = null)
    {
        Root = Path.Combine(Path.GetTempPath(), "gomodcache-tests", (name ?? "t") + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Root);
        GoPath = Dir("gopath");
        GoModCache = Path.Combine(GoPath, "pkg", "mod");
        GoCache = Dir("gocache");
        Home = Dir("home");
        ProxyDirectory = Path.Combine(Root, "proxy");

        // Go 1.23 records telemetry under the user config dir and may start a child process to upload it,
        // which outlives the go command and races the sandbox's deletion: switch it off as 'go telemetry off' does.
        File.WriteAllText(Path.Combine(Dir("home/.config/go/telemetry"), "mode"), "off 2024-01-01\n");
        Environment = new Dictionary<string, string?>
        {
            ["GOPATH"] = GoPath,
            ["GOMODCACHE"] = GoModCache,
            ["GOCACHE"] = GoCache,
            ["HOME"] = Home,
            ["GOENV"] = "off",
            ["GOPROXY"] = GoProxyBuilder.FileUrl(ProxyDirectory),
            ["GOSUMDB"] = "off",
            ["GOFLAGS"] = "-mod=mod",
            ["GOTOOLCHAIN"] = "local",
            ["XDG_CONFIG_HOME"] = null,
            ["GOPRIVATE"] = null,
            ["GONOPROXY"] = null,
            ["GONOSUMDB"] = null,
            ["GOWORK"] = "off",
            ["CGO_ENABLED"] = "0",
        };
    }

    /// <summary>
    /// Gets a build cache shared by every sandbox made with <see cref="WithSharedBuildCache"/>, one per go binary:
    /// Go 1.23 compiles the standard library into a fresh build cache (about 20 s here), and for most tests the
    /// build cache has nothing to do with what is tested.
    /// </summary>
    public static string SharedBuildCache { get; } = Path.Combine(
        Path.GetTempPath(),
        "gomodcache-tests",
        "shared-gocache-" + string.Concat(TestGo.Executable.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_')));

    public string Root { get; }

    public string GoPath { get; }

    public string GoModCache { get; }

    public string GoCache { get; }

    public string Home { get; }

    public string ProxyDirectory { get; }

    public GoProxyBuilder Proxy { get; } = new();

    /// <summary>Gets the variables every go command of this sandbox runs with (null removes one).</summary>
    public Dictionary<string, string?> Environment { get; }

    /// <summary>A sandbox whose builds use <see cref="SharedBuildCache"/> (its own GOCACHE stays unused).</summary>
    public static GoSandbox WithSharedBuildCache(string? name = null)
    {
        var sandbox = new GoSandbox(name);
        Directory.CreateDirectory(SharedBuildCache);
        sandbox.Environment["GOCACHE"] = SharedBuildCache;
        return sandbox;
    }

    public string Dir(string relative)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Writes the proxy folder from <see cref="Proxy"/>.</summary>
    public void PublishProxy() => Proxy.Build(ProxyDirectory);

    public GoCommand Go(string? workingDirectory = null) => new(TestGo.Executable, Environment, workingDirectory);

    /// <summary>Runs go and fails the test with Go's output when it does not exit 0.</summary>
    public GoCommandResult MustGo(string workingDirectory, params string[] args)
    {
        var go = Go(workingDirectory);
        var result = go.Run(args);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(go.Describe(args, result));
        }

        return result;
    }

    /// <summary>
    /// Writes a main module at <c>projects/&lt;name&gt;</c> that imports the root package of each required
    /// module and prints its <c>Name()</c>.
    /// </summary>
    public string WriteProject(string name, params GoModuleSource[] requires)
    {
        var dir = Dir(Path.Combine("projects", name));
        var mod = new StringBuilder($"module example.com/app/{name}\n\ngo 1.18\n");
        if (requires.Length > 0)
        {
            mod.Append("\nrequire (\n");
            foreach (var r in requires)
            {
                mod.Append('\t').Append(r.Path).Append(' ').Append(r.Version).Append('\n');
            }

            mod.Append(")\n");
        }

        File.WriteAllText(Path.Combine(dir, "go.mod"), mod.ToString());
        var imports = string.Concat(requires.Select((r, i) => $"\tm{i} \"{r.Path}\"\n"));
        var prints = string.Concat(requires.Select((_, i) => $"\tfmt.Println(m{i}.Name())\n"));
        File.WriteAllText(Path.Combine(dir, "main.go"), $"package main\n\nimport (\n\t\"fmt\"\n{imports})\n\nfunc main() {{\n\tfmt.Println(\"hello\")\n{prints}}}\n");
        return dir;
    }

    /// <summary>
    /// Gives a child process (dotnet, Cake) this sandbox's Go environment, with the go under test first on
    /// PATH so that it is found as a user's would be. HOME stays the machine's (NuGet's and the SDK's settings
    /// live there); Go's own settings come from the sandbox's config folder.
    /// </summary>
    public void ApplyTo(System.Diagnostics.ProcessStartInfo psi)
    {
        foreach (var pair in Environment)
        {
            if (pair.Value == null)
            {
                psi.Environment.Remove(pair.Key);
            }
            else
            {
                psi.Environment[pair.Key] = pair.Value;
            }
        }

        psi.Environment["PATH"] = Path.GetDirectoryName(TestGo.Executable) + Path.PathSeparator + System.Environment.GetEnvironmentVariable("PATH");
        psi.Environment["HOME"] = System.Environment.GetEnvironmentVariable("HOME");
        psi.Environment["XDG_CONFIG_HOME"] = Path.Combine(Home, ".config");
    }

    public void Dispose() => ForceDelete(Root);

    /// <summary>Deletes a tree that Go made read-only (as a non-root user would have to).</summary>
    public static void ForceDelete(string path)
    {
        if (!Directory.Exists(path))
        {
            return;
        }

        MakeWritable(new DirectoryInfo(path));
        Directory.Delete(path, recursive: true);
    }

    private static void MakeWritable(DirectoryInfo dir)
    {
        if (!OperatingSystem.IsWindows())
        {
            dir.UnixFileMode |= UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        }

        foreach (var sub in dir.EnumerateDirectories("*", new EnumerationOptions { AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true }))
        {
            MakeWritable(sub);
        }
    }
}
