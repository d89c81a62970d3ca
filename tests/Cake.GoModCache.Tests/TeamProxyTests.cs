using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.NetworkInformation;
using System.Threading;
using System.Threading.Tasks;
using Cake.GoModCache.Export;
using GoModCache.TestSupport;
using NUnit.Framework;

namespace Cake.GoModCache.Tests;

/// <summary>
/// Many agents, one team module proxy: GoModExportProxy merges into an existing proxy folder while other
/// agents do the same, and that folder served by nginx (static files, 127.0.0.1) is a working GOPROXY.
/// </summary>
[NonParallelizable]
public class TeamProxyTests
{
    private GoSandbox _agentA = null!;
    private GoSandbox _agentB = null!;
    private string _projectA = null!;
    private string _projectB = null!;
    private string _team = null!;

    [SetUp]
    public void TwoAgentsAndAnExistingTeamProxy()
    {
        _agentA = new GoSandbox("agent-a");
        var lib100 = _agentA.Proxy.Add("example.com/Shared/lib", "v1.0.0");
        var lib110 = _agentA.Proxy.Add("example.com/Shared/lib", "v1.1.0");
        var onlyA = _agentA.Proxy.Add("example.com/aonly", "v0.1.0");
        var onlyB = _agentA.Proxy.Add("example.com/bonly", "v1.2.0", m => m.Require("example.com/Shared/lib", "v1.0.0"));
        _agentA.Proxy.Add("example.com/legacy", "v0.9.0");
        _agentA.PublishProxy();
        _projectA = _agentA.WriteProject("a", lib100, onlyA);
        _agentA.MustGo(_projectA, "mod", "tidy");

        // Agent B: its own caches, the same upstream proxy.
        _agentB = new GoSandbox("agent-b");
        _agentB.Environment["GOPROXY"] = _agentA.Environment["GOPROXY"];
        _projectB = _agentB.WriteProject("b", lib110, onlyB);
        _agentB.MustGo(_projectB, "mod", "tidy");

        // The team proxy already serves a module neither project uses.
        _team = _agentA.Dir("team-proxy");
        var legacy = Path.Combine(_agentA.ProxyDirectory, "example.com", "legacy");
        var target = Directory.CreateDirectory(Path.Combine(_team, "example.com", "legacy", "@v")).FullName;
        foreach (var file in Directory.EnumerateFiles(Path.Combine(legacy, "@v")))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }
    }

    [TearDown]
    public void Cleanup()
    {
        _agentA.Dispose();
        _agentB.Dispose();
    }

    [Test]
    public void Concurrent_exports_merge_into_one_folder_that_nginx_serves_as_a_working_goproxy()
    {
        // What readers see while two agents export at once, three rounds each: every listed version is
        // complete, and no file ever shows a size other than its final one (nothing half-written).
        var seenSizes = new ConcurrentDictionary<string, ConcurrentBag<long>>();
        var incomplete = new ConcurrentBag<string>();
        using var stop = new CancellationTokenSource();
        var reader = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                foreach (var list in Directory.EnumerateFiles(_team, "list", SearchOption.AllDirectories))
                {
                    var atV = Path.GetDirectoryName(list)!;
                    foreach (var version in SafeReadLines(list))
                    {
                        if (!File.Exists(Path.Combine(atV, version + ".mod")) || !File.Exists(Path.Combine(atV, version + ".info")))
                        {
                            incomplete.Add(list + ": " + version);
                        }
                    }
                }

                // 'list' grows by design (replaced whole, checked above); every other file is written once.
                foreach (var file in Directory.EnumerateFiles(_team, "*", SearchOption.AllDirectories).Where(f => !Path.GetFileName(f).StartsWith('.') && Path.GetFileName(f) != "list"))
                {
                    try
                    {
                        seenSizes.GetOrAdd(file, _ => []).Add(new FileInfo(file).Length);
                    }
                    catch (IOException)
                    {
                    }
                }
            }
        });

        var checksums = new List<TreeChecksum>();
        for (var round = 0; round < 3; round++)
        {
            Parallel.Invoke(
                () => Export(_agentA, _projectA),
                () => Export(_agentB, _projectB));
            checksums.Add(TreeChecksum.Of(_team));
        }

        stop.Cancel();
        reader.Wait();

        var lib = Path.Combine(_team, "example.com", "!shared", "lib", "@v");
        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(Path.Combine(lib, "list")), Is.EqualTo("v1.0.0\nv1.1.0\n"), "both agents' versions listed");
            Assert.That(File.ReadAllText(Path.Combine(_team, "example.com", "legacy", "@v", "list")), Is.EqualTo("v0.9.0\n"), "what was there stays");
            Assert.That(Directory.EnumerateFiles(_team, "*.tmp", SearchOption.AllDirectories), Is.Empty, "no temporary file left");
            Assert.That(checksums.Distinct(), Has.Exactly(1).Items, "exporting again changes nothing");
            Assert.That(incomplete, Is.Empty, "a listed version was incomplete while agents exported");
            foreach (var (file, sizes) in seenSizes)
            {
                Assert.That(sizes.Distinct(), Is.EquivalentTo(new[] { new FileInfo(file).Length }), file + " was seen half-written");
            }
        });

        // Served as static files by nginx on 127.0.0.1, the folder is each agent's GOPROXY: both projects build
        // from empty module and build caches with nothing else reachable.
        using var nginx = Nginx.Serve(_team, _agentA.Dir("nginx"));
        var buildCache = _agentA.Dir("fresh-gocache");
        foreach (var (agent, project) in new[] { (_agentA, _projectA), (_agentB, _projectB) })
        {
            GoSandbox.ForceDelete(agent.GoPath);
            agent.Environment["GOPROXY"] = nginx.Url;
            agent.Environment["GOCACHE"] = buildCache;
            agent.Environment["GOFLAGS"] = "-mod=mod";
            var binary = Path.Combine(agent.Root, "from-team-proxy");
            agent.MustGo(project, "build", "-o", binary, ".");
            Assert.That(Repository.Run(agent.Root, null, binary).Output, Does.StartWith("hello"));
        }

        Assert.That(nginx.AccessLog(), Does.Contain("/example.com/%21shared/lib/@v/v1.1.0.zip"), "Go fetched the modules over HTTP from nginx");
    }

    private static List<string> SafeReadLines(string path)
    {
        try
        {
            return File.ReadAllLines(path).Where(l => l.Length > 0).ToList();
        }
        catch (IOException)
        {
            return [];
        }
    }

    private void Export(GoSandbox agent, string project)
    {
        var fixture = new CakeFixture(realProcesses: true);
        fixture.Context.GoModExportProxy(new GoModExportProxySettings { OutputDirectory = _team }.For(agent, project));
    }

    /// <summary>Debian's nginx serving one folder on 127.0.0.1, in the foreground, stopped on dispose.</summary>
    internal sealed class Nginx : IDisposable
    {
        private readonly Process _process;
        private readonly string _prefix;

        private Nginx(Process process, string prefix, int port)
        {
            _process = process;
            _prefix = prefix;
            Url = "http://127.0.0.1:" + port;
        }

        public string Url { get; }

        public static Nginx Serve(string root, string prefix)
        {
            var nginx = new[] { "/usr/sbin/nginx", "/usr/bin/nginx" }.FirstOrDefault(File.Exists)
                ?? throw new AssertionException("nginx is not installed (.ci/run installs Debian's nginx).");

            var used = IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpListeners().Select(e => e.Port).ToHashSet();
            var port = Enumerable.Range(20000 + (Environment.ProcessId % 2000), 3000).First(p => !used.Contains(p));
            Directory.CreateDirectory(prefix);
            var conf = Path.Combine(prefix, "nginx.conf");
            File.WriteAllText(conf, $$"""
                daemon off;
                user root;
                worker_processes 1;
                pid {{prefix}}/nginx.pid;
                error_log {{prefix}}/error.log;
                events { worker_connections 64; }
                http {
                    access_log {{prefix}}/access.log;
                    client_body_temp_path {{prefix}}/body;
                    proxy_temp_path {{prefix}}/proxy;
                    fastcgi_temp_path {{prefix}}/fastcgi;
                    uwsgi_temp_path {{prefix}}/uwsgi;
                    scgi_temp_path {{prefix}}/scgi;
                    types { application/zip zip; application/json info; }
                    default_type text/plain;
                    server {
                        listen 127.0.0.1:{{port}};
                        root {{root}};
                    }
                }
                """);
            var psi = new ProcessStartInfo(nginx) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var a in new[] { "-p", prefix, "-c", conf })
            {
                psi.ArgumentList.Add(a);
            }

            var process = Process.Start(psi)!;
            var server = new Nginx(process, prefix, port);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (DateTime.UtcNow < deadline && !process.HasExited)
            {
                try
                {
                    http.GetAsync(new Uri(server.Url + "/")).GetAwaiter().GetResult().Dispose();
                    return server;
                }
                catch (HttpRequestException)
                {
                    Thread.Sleep(100);
                }
            }

            var error = process.HasExited ? process.StandardError.ReadToEnd() : "no answer in 30 s";
            server.Dispose();
            Assert.Fail("nginx did not start: " + error);
            return server;
        }

        public string AccessLog() => File.ReadAllText(Path.Combine(_prefix, "access.log"));

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.WaitForExit();
            _process.Dispose();
        }
    }
}
