using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using GoModCache.TestSupport;
using NUnit.Framework;

namespace GoModCache.Tests;

/// <summary>
/// Go leaves the module cache read-only (0555 directories, 0444 files). Root ignores that, so these tests run go
/// and the engine (through the small GoModCache.Evict front end) as an unprivileged user: when the tests run as
/// root, as the system user <c>gomodcache-test</c> (created if missing) through <c>setpriv</c>; otherwise as the
/// current user, who is unprivileged already.
/// </summary>
public class UnprivilegedEvictionTests
{
    private const string UserName = "gomodcache-test";

    private GoSandbox _sandbox = null!;
    private Runner _runner = null!;

    [SetUp]
    public void Setup()
    {
        _runner = Runner.Create();
        _sandbox = new GoSandbox("unprivileged");
        var a = _sandbox.Proxy.Add("example.com/a", "v1.0.0", m => m.WithBulk(30, 100));
        var b = _sandbox.Proxy.Add("example.com/b", "v1.0.0");
        _sandbox.PublishProxy();
        _sandbox.WriteProject("app-a", a);
        _sandbox.WriteProject("app-b", b);
        _runner.Own(_sandbox.Root);
    }

    [TearDown]
    public void Cleanup() => _sandbox?.Dispose();

    [Test]
    public void A_read_only_cache_is_evicted_from_and_cleaned_by_the_unprivileged_user_who_owns_it()
    {
        var appB = Path.Combine(_sandbox.Root, "projects", "app-b");
        _runner.Must(_sandbox, appB, TestGo.Executable, "mod", "download", "example.com/a@v1.0.0", "example.com/b@v1.0.0");
        var dir = _sandbox.VersionDir("example.com/a", "v1.0.0");
        Assert.Multiple(() =>
        {
            Assert.That(Directory.Exists(dir), Is.True);
            Assert.That(File.GetUnixFileMode(dir) & UnixFileMode.UserWrite, Is.EqualTo(UnixFileMode.None), "Go made the tree read-only");
            Assert.That(_runner.Uid, Is.Not.EqualTo("0"));
            Assert.That(DiskOracle.Run("stat", "-c", "%u", dir).Trim(), Is.EqualTo(_runner.Uid), "the tree belongs to the unprivileged user");
        });

        // What makes this test meaningful: the user cannot simply rm -rf the tree Go left.
        var listing = PruneTestKit.Listing(dir);
        var rm = _runner.Run(_sandbox, _sandbox.Root, "rm", "-rf", dir);
        Assert.That(rm.ExitCode, Is.Not.Zero, "rm -rf of a read-only module tree fails for a non-root user");
        Assert.That(rm.StandardError, Does.Contain("Permission denied"));
        Assert.That(PruneTestKit.Listing(dir), Is.EqualTo(listing));

        var evict = _runner.Must(_sandbox, _sandbox.Root, Runner.Dotnet, Runner.EvictTool, "evict", _sandbox.GoModCache, "example.com/a@v1.0.0");
        Assert.Multiple(() =>
        {
            Assert.That(evict.StandardOutput, Does.Contain("example.com/a@v1.0.0: directory removed True"));
            Assert.That(Directory.Exists(dir), Is.False);
            Assert.That(_sandbox.Holds("example.com/a", "v1.0.0"), Is.False);
            Assert.That(File.Exists(_sandbox.DownloadFile("example.com/a", "v1.0.0", ".lock")), Is.True);
            Assert.That(_sandbox.Holds("example.com/b", "v1.0.0"), Is.True);
        });

        // The user's go is content with what is left, with no network.
        var verify = _runner.Must(_sandbox, appB, TestGo.Executable, "mod", "verify");
        Assert.That(verify.StandardOutput, Does.Contain("all modules verified"));
        var env = new Dictionary<string, string?>(_sandbox.Environment) { ["GOPROXY"] = "off" };
        var offline = _runner.Run(env, appB, TestGo.Executable, "mod", "download", "example.com/a@v1.0.0");
        Assert.That(offline.ExitCode, Is.Not.Zero, "the evicted version is really gone");

        _runner.Must(_sandbox, _sandbox.Root, Runner.Dotnet, Runner.EvictTool, "clean", _sandbox.GoModCache);
        Assert.That(Directory.EnumerateFileSystemEntries(_sandbox.GoModCache), Is.Empty);
    }

    [Test]
    public void The_unprivileged_user_gets_a_clear_error_for_a_tree_they_do_not_own()
    {
        if (_runner.Uid == CurrentUid())
        {
            Assert.Ignore("Needs root to make a tree owned by someone else; running as the unprivileged user already.");
        }

        // A cache root's owner (root) extracts a version; the unprivileged user may not make it writable.
        var appB = Path.Combine(_sandbox.Root, "projects", "app-b");
        _runner.Must(_sandbox, appB, TestGo.Executable, "mod", "download", "example.com/b@v1.0.0");
        var dir = _sandbox.VersionDir("example.com/b", "v1.0.0");
        DiskOracle.Run("chown", "-R", "0:0", dir);

        var downloads = PruneTestKit.Listing(_sandbox.DownloadDir("example.com/b"));
        var evict = _runner.Run(_sandbox, _sandbox.Root, Runner.Dotnet, Runner.EvictTool, "evict", _sandbox.GoModCache, "example.com/b@v1.0.0");
        Assert.Multiple(() =>
        {
            Assert.That(evict.ExitCode, Is.EqualTo(1), evict.StandardError);
            Assert.That(evict.StandardError, Does.Contain("Cannot make").And.Contain("writable").And.Contain("only their owner (or root)"));
            Assert.That(Directory.Exists(dir), Is.True);
            Assert.That(PruneTestKit.Listing(_sandbox.DownloadDir("example.com/b")), Is.EqualTo(downloads), "nothing was touched: no marker, the zip is still there");
        });
    }

    private static string CurrentUid() => DiskOracle.Run("id", "-u").Trim();

    /// <summary>Runs commands as the unprivileged user.</summary>
    private sealed class Runner
    {
        private readonly string? _gid;

        private Runner(string uid, string? gid)
        {
            Uid = uid;
            _gid = gid;
        }

        public static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

        public static string EvictTool => Path.Combine(TestContext.CurrentContext.TestDirectory, "GoModCache.Evict.dll");

        public string Uid { get; }

        private bool SwitchesUser => _gid != null;

        public static Runner Create()
        {
            var uid = CurrentUid();
            if (uid != "0")
            {
                return new Runner(uid, null);
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

            return new Runner(Exec("id", "-u", UserName).StandardOutput.Trim(), Exec("id", "-g", UserName).StandardOutput.Trim());
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
    }
}
