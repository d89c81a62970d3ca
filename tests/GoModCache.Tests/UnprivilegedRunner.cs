using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using GoCaches.Go;
using GoModCache.TestSupport;
using NUnit.Framework;

namespace GoModCache.Tests;

/// <summary>
/// Runs commands as an unprivileged user: when the tests run as root, as the system user <c>gomodcache-test</c>
/// (created if missing) through <c>setpriv</c>; otherwise as the current user, who is unprivileged already.
/// Shared by the tests that need Go's read-only module cache to really be read-only.
/// </summary>
internal sealed class UnprivilegedRunner
{
    public const string UserName = "gomodcache-test";

    private readonly string? _gid;

    private UnprivilegedRunner(string uid, string? gid)
    {
        Uid = uid;
        _gid = gid;
    }

    public static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    public static string EvictTool => Path.Combine(TestContext.CurrentContext.TestDirectory, "GoModCache.Evict.dll");

    public string Uid { get; }

    private bool SwitchesUser => _gid != null;

    public static UnprivilegedRunner Create()
    {
        var uid = CurrentUid();
        if (uid != "0")
        {
            return new UnprivilegedRunner(uid, null);
        }

        foreach (var tool in new[] { "setpriv", "useradd" })
        {
            if (!new[] { "/usr/bin", "/usr/sbin", "/bin", "/sbin" }.Any(d => File.Exists(Path.Combine(d, tool))))
            {
                Assert.Fail($"These tests run as root and need '{tool}' (util-linux / passwd) to run go and the engine as the unprivileged user '{UserName}'. Install it, or run the tests as a non-root user.");
            }
        }

        if (Exec("id", "-u", UserName).ExitCode != 0)
        {
            var add = Exec("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", UserName);
            if (add.ExitCode != 0 && add.ExitCode != 9)
            {
                Assert.Fail($"Could not create the unprivileged user '{UserName}' (useradd exited {add.ExitCode}: {add.StandardError}).");
            }
        }

        return new UnprivilegedRunner(Exec("id", "-u", UserName).StandardOutput.Trim(), Exec("id", "-g", UserName).StandardOutput.Trim());
    }

    /// <summary>Gives the tree to the unprivileged user (when switching users).</summary>
    public void Own(string path)
    {
        if (SwitchesUser)
        {
            DiskOracle.Run("chown", "-R", $"{Uid}:{_gid}", path);
        }
    }

    public GoCommandResult Run(GoSandbox sandbox, string workingDirectory, string file, params string[] args) =>
        Run(sandbox.Environment, workingDirectory, file, args);

    public GoCommandResult Run(IReadOnlyDictionary<string, string?> environment, string workingDirectory, string file, params string[] args)
    {
        var psi = new ProcessStartInfo(SwitchesUser ? "setpriv" : file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        if (SwitchesUser)
        {
            foreach (var a in new[] { $"--reuid={Uid}", $"--regid={_gid}", "--clear-groups", "--", file })
            {
                psi.ArgumentList.Add(a);
            }
        }

        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (key, value) in environment)
        {
            if (value == null)
            {
                psi.Environment.Remove(key);
            }
            else
            {
                psi.Environment[key] = value;
            }
        }

        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return Wait(psi);
    }

    public GoCommandResult Must(GoSandbox sandbox, string workingDirectory, string file, params string[] args)
    {
        var result = Run(sandbox, workingDirectory, file, args);
        if (result.ExitCode != 0)
        {
            Assert.Fail($"'{file} {string.Join(' ', args)}' as uid {Uid} exited {result.ExitCode}: {result.StandardError}{result.StandardOutput}");
        }

        return result;
    }

    private static GoCommandResult Exec(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        return Wait(psi);
    }

    private static GoCommandResult Wait(ProcessStartInfo psi)
    {
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return new GoCommandResult(p.ExitCode, stdout.Result, stderr);
    }

    public static string CurrentUid() => DiskOracle.Run("id", "-u").Trim();
}
