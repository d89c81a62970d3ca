using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Threading;
using GoCaches.Export;
using GoModCache.TestSupport;
using NUnit.Framework;

namespace GoModCache.Tests;

/// <summary>
/// Issue 11, item 5: exports merge into an existing proxy folder, idempotently and safely while several agents
/// (separate processes) export at once, and the merged folder served by nginx is a working GOPROXY.
/// </summary>
public class ProxyExportTests
{
    private GoSandbox _sandbox = null!;
    private string _alpha = null!;
    private string _beta = null!;

    [SetUp]
    public void CreateProjects()
    {
        _sandbox = new GoSandbox("export");
        var random = new Random(11);
        string Blob(int bytes)
        {
            var data = new byte[bytes];
            random.NextBytes(data);
            return Convert.ToBase64String(data);
        }

        // Both projects need example.com/common; each its own version of example.com/shared (v1.2.0 and v1.10.0,
        // which an ordinal sort would put the wrong way round), and one module of its own.
        var common = _sandbox.Proxy.Add("example.com/common", "v1.0.0", m => m.WithFile("blob.txt", Blob(3 << 20)));
        var shared12 = _sandbox.Proxy.Add("example.com/shared", "v1.2.0", m => m.WithFile("blob.txt", Blob(2 << 20)));
        var shared110 = _sandbox.Proxy.Add("example.com/shared", "v1.10.0", m => m.WithFile("blob.txt", Blob(2 << 20)));
        var onlyA = _sandbox.Proxy.Add("example.com/onlya", "v0.1.0", m => m.Require("example.com/graphonly", "v0.3.0"));
        _sandbox.Proxy.Add("example.com/graphonly", "v0.3.0");
        var onlyB = _sandbox.Proxy.Add("example.com/OnlyB", "v1.1.0-beta.1");
        _sandbox.PublishProxy();
        _alpha = _sandbox.WriteProject("alpha", common, shared12, onlyA);
        _beta = _sandbox.WriteProject("beta", common, shared110, onlyB);
        _sandbox.MustGo(_alpha, "mod", "tidy");
        _sandbox.MustGo(_beta, "mod", "tidy");
    }

    [TearDown]
    public void Cleanup() => _sandbox.Dispose();

    [Test]
    public void Exporting_the_same_projects_again_changes_nothing()
    {
        var dir = Path.Combine(_sandbox.Root, "team");
        var first = ProxyExporter.Export(_sandbox.Go(), new ProxyExportRequest(dir, [_alpha, _beta]));
        var before = Snapshot(dir);
        var again = ProxyExporter.Export(_sandbox.Go(), new ProxyExportRequest(dir, [_alpha, _beta]));
        var alone = ProxyExporter.Export(_sandbox.Go(), new ProxyExportRequest(dir, [_beta]));

        Assert.Multiple(() =>
        {
            Assert.That(first.FilesWritten, Is.GreaterThan(0));
            Assert.That(again.FilesWritten, Is.Zero, "nothing is written the second time");
            Assert.That(alone.FilesWritten, Is.Zero);
            Assert.That(again.FilesUnchanged, Is.EqualTo(first.FilesWritten + first.FilesUnchanged));
            Assert.That(again.FilesDiffering, Is.Empty);
            Assert.That(again.Modules, Is.EqualTo(first.Modules));
            Assert.That(Snapshot(dir), Is.EqualTo(before), "every file keeps its time and bytes");
            Assert.That(again.Projects.Select(p => p.Directory), Is.EqualTo(new[] { _alpha, _beta }));
            Assert.That(again.Projects[0].Modules, Does.Contain("example.com/shared@v1.2.0").And.Not.Contain("example.com/shared@v1.10.0"));
            Assert.That(again.Projects[1].Modules, Does.Contain("example.com/OnlyB@v1.1.0-beta.1"));
        });
    }

    [Test]
    public void The_version_list_is_merged_in_Gos_order_with_what_the_folder_had()
    {
        var dir = Path.Combine(_sandbox.Root, "team");
        var atV = Path.Combine(dir, "example.com", "shared", "@v");
        Directory.CreateDirectory(atV);

        // Another agent listed a version this one never saw, and a version twice.
        File.WriteAllText(Path.Combine(atV, "list"), "v1.9.0\nv1.10.0\nv1.9.0\n");
        ProxyExporter.Export(_sandbox.Go(), new ProxyExportRequest(dir, [_alpha]));
        ProxyExporter.Export(_sandbox.Go(), new ProxyExportRequest(dir, [_beta]));

        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(Path.Combine(atV, "list")), Is.EqualTo("v1.2.0\nv1.9.0\nv1.10.0\n"));
            Assert.That(File.ReadAllText(Path.Combine(dir, "example.com", "!only!b", "@v", "list")), Is.EqualTo("v1.1.0-beta.1\n"));
            Assert.That(Directory.EnumerateFiles(dir, "*.tmp", SearchOption.AllDirectories), Is.Empty, "no temporary file is left");
        });
    }

    [Test]
    public void A_file_already_there_with_other_bytes_is_left_alone_and_reported()
    {
        var dir = Path.Combine(_sandbox.Root, "team");
        var mod = Path.Combine(dir, "example.com", "common", "@v", "v1.0.0.mod");
        Directory.CreateDirectory(Path.GetDirectoryName(mod)!);
        File.WriteAllText(mod, "module example.com/common // written by someone else\n");
        var export = ProxyExporter.Export(_sandbox.Go(), new ProxyExportRequest(dir, [_alpha]));
        Assert.Multiple(() =>
        {
            Assert.That(export.FilesDiffering, Is.EqualTo(new[] { mod }));
            Assert.That(File.ReadAllText(mod), Does.Contain("someone else"));
        });
    }

    [Test]
    public void Two_agents_exporting_at_once_merge_and_a_reader_never_sees_a_partial_file()
    {
        var parent = _sandbox.Dir("teams");
        var failures = new ConcurrentQueue<string>();
        var reads = new ConcurrentDictionary<string, int>();
        using var stop = new CancellationTokenSource();
        var reader = new Thread(() => ReadLoop(parent, failures, reads, stop.Token)) { IsBackground = true };
        reader.Start();

        // Two agents: two processes of the engine's export, on two projects that share modules, into one folder;
        // three rounds, each into a fresh folder, while the reader reads whatever is there as a web server would.
        var dirs = Enumerable.Range(1, 3).Select(i => Path.Combine(parent, "team" + i)).ToList();
        var outputs = dirs.Select(ExportConcurrently).ToList();
        stop.Cancel();
        reader.Join();
        TestContext.Out.WriteLine($"reader: {string.Join(", ", reads.OrderBy(r => r.Key).Select(r => $"{r.Value} {r.Key}"))}");

        Assert.That(failures, Is.Empty, "every file a reader saw was whole");
        foreach (var (dir, (alpha, beta)) in dirs.Zip(outputs))
        {
            Assert.Multiple(() =>
            {
                Assert.That(alpha, Does.StartWith("exported ").And.Contain(", 0 differing"), "the agents' caches hold the same bytes");
                Assert.That(beta, Does.StartWith("exported ").And.Contain(", 0 differing"));
                Assert.That(File.ReadAllText(Path.Combine(dir, "example.com", "shared", "@v", "list")), Is.EqualTo("v1.2.0\nv1.10.0\n"));
                Assert.That(File.ReadAllText(Path.Combine(dir, "example.com", "common", "@v", "list")), Is.EqualTo("v1.0.0\n"));
                Assert.That(File.ReadAllText(Path.Combine(dir, "example.com", "graphonly", "@v", "list")), Is.EqualTo("v0.3.0\n"));
                Assert.That(Directory.EnumerateFiles(dir, "*.tmp", SearchOption.AllDirectories), Is.Empty, "no temporary file is left");
            });
        }

        // After the race, the folder is exactly what one export of both projects writes.
        var replay = ProxyExporter.Export(_sandbox.Go(), new ProxyExportRequest(dirs[0], [_alpha, _beta]));
        Assert.That(replay.FilesWritten, Is.Zero);
    }

    [Test]
    public void The_merged_folder_served_by_nginx_as_README_shows_builds_both_projects_with_empty_caches()
    {
        var nginx = RequireNginx();
        var root = _sandbox.Dir("srv");
        var dir = Path.Combine(root, "goproxy");
        ExportConcurrently(dir);

        var port = FreePort();
        var config = NginxConfig(ReadmeNginxBlock(), port, root);
        using var server = NginxServer.Start(nginx, config, _sandbox.Dir("nginx"), port);
        foreach (var project in new[] { _alpha, _beta })
        {
            // A fresh agent: empty module and build caches, nothing reachable but the team proxy.
            var name = Path.GetFileName(project);
            var agent = _sandbox.Dir("agent-" + name);
            var env = new Dictionary<string, string?>(_sandbox.Environment)
            {
                ["GOPATH"] = Path.Combine(agent, "gopath"),
                ["GOMODCACHE"] = Path.Combine(agent, "gopath", "pkg", "mod"),
                ["GOCACHE"] = Path.Combine(agent, "gocache"),
                ["GOPROXY"] = $"http://127.0.0.1:{port}/goproxy",
                ["GOSUMDB"] = "off",
                ["GOFLAGS"] = "-mod=mod",
                ["GOTOOLCHAIN"] = "local",
            };
            var go = new GoCaches.Go.GoCommand(TestGo.Executable, env, project);
            var binary = Path.Combine(agent, name);
            string[] args = ["build", "-o", binary, "."];
            var result = go.Run(args);
            Assert.That(result.Succeeded, Is.True, go.Describe(args, result));
            Assert.That(DiskOracle.Run(binary), Does.Contain("example.com/common@v1.0.0"));
        }

        var log = server.AccessLog();
        Assert.Multiple(() =>
        {
            Assert.That(log, Does.Contain("GET /goproxy/example.com/shared/@v/v1.2.0.zip HTTP/1.1\" 200"));
            Assert.That(log, Does.Contain("GET /goproxy/example.com/shared/@v/v1.10.0.zip HTTP/1.1\" 200"));
            Assert.That(log, Does.Contain("GET /goproxy/example.com/%21only%21b/@v/v1.1.0-beta.1.zip HTTP/1.1\" 200"));
        });
    }

    /// <summary>The nginx block README shows under "A team module proxy", exactly as written there.</summary>
    internal static string ReadmeNginxBlock()
    {
        var readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md"));
        const string Begin = "<!-- team-proxy-nginx: begin -->\n```nginx\n";
        const string End = "```\n<!-- team-proxy-nginx: end -->";
        var start = readme.IndexOf(Begin, StringComparison.Ordinal);
        var end = readme.IndexOf(End, StringComparison.Ordinal);
        Assert.That(start, Is.GreaterThan(0).And.LessThan(end), "README.md marks its nginx block");
        return readme[(start + Begin.Length)..end];
    }

    /// <summary>
    /// README's server block with only its port and folder replaced, inside the top-level settings that a
    /// distribution's nginx.conf has and a test run needs (no daemon, files under the test's prefix).
    /// </summary>
    internal static string NginxConfig(string block, int port, string root)
    {
        Assert.That(block, Does.Contain("    listen 80;\n").And.Contain("    root /srv;\n"));
        var server = block.Replace("    listen 80;\n", $"    listen 127.0.0.1:{port};\n", StringComparison.Ordinal)
            .Replace("    root /srv;\n", $"    root {root};\n", StringComparison.Ordinal);
        return $$"""
            daemon off;
            worker_processes 1;
            pid nginx.pid;
            error_log stderr;
            events {
                worker_connections 64;
            }
            http {
                access_log access.log;
                client_body_temp_path tmp/body;
                proxy_temp_path tmp/proxy;
                fastcgi_temp_path tmp/fastcgi;
                uwsgi_temp_path tmp/uwsgi;
                scgi_temp_path tmp/scgi;
            {{server}}
            }

            """;
    }

    internal static string RequireNginx()
    {
        var nginx = new[] { "/usr/sbin/nginx", "/usr/bin/nginx" }.FirstOrDefault(File.Exists);
        if (nginx == null)
        {
            const string Why = "nginx is not installed (Debian: apt-get install nginx, or .ci/install-nginx.sh)";
            if (Environment.GetEnvironmentVariable("GOMODCACHE_CONTAINER_TESTS") == "1")
            {
                Assert.Fail(Why + ", and GOMODCACHE_CONTAINER_TESTS=1 says this machine must run the server tests.");
            }

            Assert.Ignore(Why + ".");
        }

        return nginx!;
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private (string Alpha, string Beta) ExportConcurrently(string dir)
    {
        var alpha = StartExport(dir, _alpha);
        var beta = StartExport(dir, _beta);
        return (Finish(alpha), Finish(beta));
    }

    private Process StartExport(string dir, string project)
    {
        var psi = new ProcessStartInfo(UnprivilegedRunner.Dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { UnprivilegedRunner.EvictTool, "export", dir, project })
        {
            psi.ArgumentList.Add(arg);
        }

        // Each agent has its own module cache, filled from the test proxy by the export's own 'go mod download'.
        _sandbox.ApplyTo(psi);
        psi.Environment["HOME"] = _sandbox.Home;
        var agent = _sandbox.Dir(Path.Combine("agents", Path.GetFileName(dir) + "-" + Path.GetFileName(project)));
        psi.Environment["GOPATH"] = agent;
        psi.Environment["GOMODCACHE"] = Path.Combine(agent, "pkg", "mod");
        return Process.Start(psi)!;
    }

    private static string Finish(Process process)
    {
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.That(process.ExitCode, Is.Zero, $"export: {stdout.Result}{stderr}");
            return stdout.Result;
        }
    }

    // What a web server or Go would read, over and over: every list parses, every .mod / .info / .zip is whole.
    private static void ReadLoop(string dir, ConcurrentQueue<string> failures, ConcurrentDictionary<string, int> reads, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            foreach (var file in SafeEnumerate(dir))
            {
                var name = Path.GetFileName(file);
                if (name.StartsWith('.'))
                {
                    continue;
                }

                try
                {
                    var kind = Path.GetExtension(name) is { Length: > 0 } ext ? ext : name;
                    Check(file, kind);
                    reads.AddOrUpdate(kind, 1, (_, n) => n + 1);
                }
                catch (FileNotFoundException)
                {
                    failures.Enqueue($"{file}: listed, then gone (files are never removed)");
                }
                catch (Exception ex) when (ex is InvalidDataException or JsonException or FormatException or IOException)
                {
                    failures.Enqueue($"{file}: {ex.GetType().Name}: {ex.Message}");
                }
            }
        }
    }

    private static void Check(string file, string kind)
    {
        switch (kind)
        {
            case "list":
                var text = File.ReadAllText(file);
                if (text.Length == 0 || !text.EndsWith('\n') || text.TrimEnd('\n').Split('\n').Any(v => !GoCaches.Modules.SemanticVersion.IsValid(v)))
                {
                    throw new FormatException($"not a version list: '{text}'");
                }

                break;
            case ".mod":
                if (!File.ReadAllText(file).StartsWith("module ", StringComparison.Ordinal))
                {
                    throw new FormatException("not a go.mod");
                }

                break;
            case ".info":
                using (var doc = JsonDocument.Parse(File.ReadAllText(file)))
                {
                    _ = doc.RootElement.GetProperty("Version").GetString();
                }

                break;
            case ".zip":
                // As a web server reads it (no lock); a zip without its central directory at the end does not open.
                using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
                using (var zip = new ZipArchive(stream, ZipArchiveMode.Read))
                {
                    if (zip.Entries.Count == 0)
                    {
                        throw new InvalidDataException("an empty zip");
                    }
                }

                break;
            default:
                throw new FormatException("unexpected file in a proxy folder");
        }
    }

    private static List<string> SafeEnumerate(string dir)
    {
        var files = new List<string>();
        var pending = new Stack<string>([dir]);
        while (pending.Count > 0)
        {
            var d = pending.Pop();
            try
            {
                files.AddRange(Directory.EnumerateFiles(d));
                foreach (var sub in Directory.EnumerateDirectories(d))
                {
                    pending.Push(sub);
                }
            }
            catch (DirectoryNotFoundException)
            {
            }
        }

        return files;
    }

    private static Dictionary<string, string> Snapshot(string dir) =>
        Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).ToDictionary(
            f => Path.GetRelativePath(dir, f),
            f =>
            {
                var info = new FileInfo(f);
                return $"{info.Length} {info.LastWriteTimeUtc.Ticks} {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)))}";
            });
}
