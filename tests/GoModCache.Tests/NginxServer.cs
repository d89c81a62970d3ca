using System;
using System.Diagnostics;
using System.IO;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using NUnit.Framework;

namespace GoModCache.Tests;

/// <summary>
/// Debian's nginx as a child process of the test (<c>nginx -c &lt;conf&gt; -p &lt;prefix&gt;</c> with <c>daemon off;</c>),
/// listening on 127.0.0.1; disposing kills it (master and workers) by its id.
/// </summary>
internal sealed class NginxServer : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _errors = new();
    private readonly string _prefix;

    private NginxServer(Process process, string prefix)
    {
        _process = process;
        _prefix = prefix;
    }

    public static NginxServer Start(string nginx, string config, string prefix, int port)
    {
        Directory.CreateDirectory(Path.Combine(prefix, "tmp"));
        var conf = Path.Combine(prefix, "nginx.conf");
        File.WriteAllText(conf, config);
        var psi = new ProcessStartInfo(nginx)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-c", conf, "-p", prefix + "/", "-e", "stderr" })
        {
            psi.ArgumentList.Add(arg);
        }

        var server = new NginxServer(Process.Start(psi)!, prefix);
        server._process.ErrorDataReceived += (_, e) =>
        {
            lock (server._errors)
            {
                server._errors.AppendLine(e.Data);
            }
        };
        server._process.OutputDataReceived += (_, _) => { };
        server._process.BeginErrorReadLine();
        server._process.BeginOutputReadLine();

        // Ready when it accepts a connection; a readiness wait, not a timing assertion.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (server._process.HasExited)
            {
                server._process.WaitForExit();
                Assert.Fail($"nginx exited with code {server._process.ExitCode}: {server.Errors}\nconfig:\n{config}");
            }

            try
            {
                using var client = new TcpClient();
                client.Connect("127.0.0.1", port);
                return server;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(100);
            }
            catch (SocketException ex)
            {
                server.Dispose();
                Assert.Fail($"nginx does not accept connections on 127.0.0.1:{port}: {ex.Message}; {server.Errors}");
            }
        }
    }

    public string Errors
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToString();
            }
        }
    }

    public string AccessLog()
    {
        var log = Path.Combine(_prefix, "access.log");
        return File.Exists(log) ? File.ReadAllText(log) : string.Empty;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }
        }
        finally
        {
            _process.Dispose();
        }
    }
}
