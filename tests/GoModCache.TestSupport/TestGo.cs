using System;
using System.Diagnostics;
using GoCaches;
using GoCaches.Go;

namespace GoModCache.TestSupport;

/// <summary>
/// The go command the integration tests run: the one named by <c>GOMODCACHE_TEST_GO</c> (CI runs the
/// engine's tests once per Go version this way), else the one on PATH.
/// </summary>
public static class TestGo
{
    public const string VariableName = "GOMODCACHE_TEST_GO";

    private static readonly Lazy<string> LazyExecutable = new(() =>
    {
        var named = Environment.GetEnvironmentVariable(VariableName);
        try
        {
            return GoToolLocator.Find(string.IsNullOrEmpty(named) ? null : named);
        }
        catch (GoModCacheException ex)
        {
            throw new InvalidOperationException(
                "These tests drive a real Go toolchain and none was found. " + ex.Message +
                " ./build.sh installs Go when run as root on Debian; or set " + VariableName + " to a go binary.",
                ex);
        }
    });

    private static readonly Lazy<string> LazyVersion = new(() =>
    {
        var psi = new ProcessStartInfo(Executable, "env GOVERSION") { RedirectStandardOutput = true };
        psi.Environment["GOTOOLCHAIN"] = "local";
        using var p = Process.Start(psi)!;
        var text = p.StandardOutput.ReadToEnd().Trim();
        p.WaitForExit();
        return text;
    });

    /// <summary>Gets the full path of the go command under test.</summary>
    public static string Executable => LazyExecutable.Value;

    /// <summary>Gets its version, e.g. <c>go1.23.5</c>.</summary>
    public static string Version => LazyVersion.Value;
}
