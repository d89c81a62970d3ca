using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;

namespace GoModCache.TestSupport;

/// <summary>
/// A real headless Chromium (Debian's <c>chromium</c>) driven over the DevTools protocol on 127.0.0.1: opens a
/// page at a given window size and colour scheme, records console errors, exceptions and every request the page
/// makes, evaluates script in it and takes screenshots. One browser per instance, with a fresh profile.
/// </summary>
public sealed partial class HeadlessChromium : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonNode>> _pending = new();
    private readonly List<string> _errors = [];
    private readonly List<string> _requests = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receiver;
    private TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _nextId;

    private HeadlessChromium(Process process, string profile, Uri page)
    {
        _process = process;
        _profile = profile;
        _socket.ConnectAsync(page, CancellationToken.None).Wait(Timeout);
        _receiver = Task.Run(ReceiveLoop);
        Send("Page.enable");
        Send("Runtime.enable");
        Send("Log.enable");
        Send("Network.enable");
    }

    /// <summary>Gets the browser: <c>GOMODCACHE_TEST_CHROMIUM</c>, else <c>/usr/bin/chromium</c>.</summary>
    public static string Executable =>
        Environment.GetEnvironmentVariable("GOMODCACHE_TEST_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>Gets the console errors, uncaught exceptions and error log entries of the pages opened so far.</summary>
    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_errors)
            {
                return [.. _errors];
            }
        }
    }

    /// <summary>Gets the URL of every request the pages made (the page itself included).</summary>
    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Starts a browser with a fresh profile and no network of its own (no sync, no component updates).</summary>
    /// <returns>The browser.</returns>
    public static HeadlessChromium Start()
    {
        var profile = Path.Combine(Path.GetTempPath(), "gomodcache-chromium-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(profile);
        var psi = new ProcessStartInfo(Executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-extensions", "--disable-default-apps",
            "--hide-scrollbars", "--mute-audio", "--user-data-dir=" + profile,
            "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "about:blank",
        })
        {
            psi.ArgumentList.Add(arg);
        }

        var process = Process.Start(psi) ?? throw new InvalidOperationException("chromium did not start");
        process.StandardOutput.ReadToEndAsync();
        var output = new StringBuilder();
        var endpoint = Task.Run(() =>
        {
            while (process.StandardError.ReadLine() is { } line)
            {
                output.AppendLine(line);
                var match = DevToolsLine().Match(line);
                if (match.Success)
                {
                    // Keep draining stderr so that chromium never blocks on a full pipe.
                    _ = process.StandardError.ReadToEndAsync();
                    return match.Groups[1].Value;
                }
            }

            return null;
        });
        if (!endpoint.Wait(Timeout) || endpoint.Result == null)
        {
            Kill(process);
            throw new InvalidOperationException($"chromium printed no DevTools address: {output}");
        }

        try
        {
            using var http = new HttpClient { Timeout = Timeout };
            var list = JsonNode.Parse(http.GetStringAsync($"http://127.0.0.1:{endpoint.Result}/json/list").Result)!.AsArray();
            foreach (var target in list)
            {
                if ((string?)target!["type"] == "page")
                {
                    return new HeadlessChromium(process, profile, new Uri((string)target["webSocketDebuggerUrl"]!));
                }
            }

            throw new InvalidOperationException("chromium has no page target");
        }
        catch
        {
            Kill(process);
            throw;
        }
    }

    /// <summary>Opens a page and waits for its load event.</summary>
    /// <param name="url">The address (a <c>file://</c> URL for a report).</param>
    /// <param name="width">Viewport width in CSS pixels.</param>
    /// <param name="height">Viewport height in CSS pixels.</param>
    /// <param name="dark">Whether the page sees <c>prefers-color-scheme: dark</c>.</param>
    /// <param name="mobile">Whether to emulate a phone (touch, mobile viewport, device scale 2).</param>
    public void Open(string url, int width, int height, bool dark = false, bool mobile = false)
    {
        Send("Emulation.setDeviceMetricsOverride", new JsonObject
        {
            ["width"] = width,
            ["height"] = height,
            ["deviceScaleFactor"] = mobile ? 2 : 1,
            ["mobile"] = mobile,
        });
        Send("Emulation.setEmulatedMedia", new JsonObject
        {
            ["features"] = new JsonArray(new JsonObject { ["name"] = "prefers-color-scheme", ["value"] = dark ? "dark" : "light" }),
        });
        _loaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var navigated = Send("Page.navigate", new JsonObject { ["url"] = url });
        if (navigated["errorText"] is { } error)
        {
            throw new InvalidOperationException($"chromium could not open {url}: {error}");
        }

        if (!_loaded.Task.Wait(Timeout))
        {
            throw new TimeoutException($"{url} did not finish loading");
        }
    }

    /// <summary>Evaluates a script expression in the page and returns its value (as JSON).</summary>
    /// <param name="expression">The expression; it may return a promise.</param>
    /// <returns>The value.</returns>
    public JsonElement Evaluate(string expression)
    {
        var result = Send("Runtime.evaluate", new JsonObject
        {
            ["expression"] = expression,
            ["returnByValue"] = true,
            ["awaitPromise"] = true,
        });
        if (result["exceptionDetails"] is { } exception)
        {
            throw new InvalidOperationException($"the script failed: {exception.ToJsonString()}");
        }

        var value = result["result"]?["value"];
        return JsonDocument.Parse(value?.ToJsonString() ?? "null").RootElement.Clone();
    }

    /// <summary>Takes a PNG screenshot of the viewport, or of the whole page.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="fullPage">Whether to capture the whole page rather than the viewport.</param>
    public void Screenshot(string path, bool fullPage = false)
    {
        var args = new JsonObject { ["format"] = "png" };
        if (fullPage)
        {
            var metrics = Send("Page.getLayoutMetrics");
            var size = metrics["cssContentSize"]!;
            args["captureBeyondViewport"] = true;
            args["clip"] = new JsonObject
            {
                ["x"] = 0,
                ["y"] = 0,
                ["width"] = (double)size["width"]!,
                ["height"] = (double)size["height"]!,
                ["scale"] = 1,
            };
        }

        var shot = Send("Page.captureScreenshot", args);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllBytes(path, Convert.FromBase64String((string)shot["data"]!));
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        try
        {
            Send("Browser.close");
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or WebSocketException or AggregateException)
        {
        }

        _stop.Cancel();
        if (!_process.WaitForExit(10_000))
        {
            Kill(_process);
        }

        _process.Dispose();
        _socket.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private JsonNode Send(string method, JsonObject? parameters = null)
    {
        var id = Interlocked.Increment(ref _nextId);
        var done = new TaskCompletionSource<JsonNode>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = done;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        var bytes = Encoding.UTF8.GetBytes(message.ToJsonString());
        lock (_socket)
        {
            _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None).Wait(Timeout);
        }

        if (!done.Task.Wait(Timeout))
        {
            throw new TimeoutException($"chromium did not answer {method}");
        }

        return done.Task.Result;
    }

    private async Task ReceiveLoop()
    {
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        try
        {
            while (!_stop.IsCancellationRequested && _socket.State == WebSocketState.Open)
            {
                var result = await _socket.ReceiveAsync(buffer, _stop.Token).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }

                var node = JsonNode.Parse(message.ToArray())!;
                message.SetLength(0);
                Handle(node);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
        }

        foreach (var pending in _pending.Values)
        {
            pending.TrySetException(new InvalidOperationException("chromium closed the connection"));
        }
    }

    private void Handle(JsonNode node)
    {
        if (node["id"] is { } idNode && _pending.TryRemove((int)idNode, out var done))
        {
            if (node["error"] is { } error)
            {
                done.TrySetException(new InvalidOperationException("DevTools error: " + error.ToJsonString()));
            }
            else
            {
                done.TrySetResult(node["result"] ?? new JsonObject());
            }

            return;
        }

        var p = node["params"];
        switch ((string?)node["method"])
        {
            case "Page.loadEventFired":
                _loaded.TrySetResult();
                break;
            case "Runtime.consoleAPICalled" when (string?)p!["type"] is "error" or "assert":
                AddError("console." + (string?)p["type"] + ": " + p["args"]?.ToJsonString());
                break;
            case "Runtime.exceptionThrown":
                AddError("exception: " + p!["exceptionDetails"]?.ToJsonString());
                break;
            case "Log.entryAdded" when (string?)p!["entry"]!["level"] == "error":
                AddError("log: " + (string?)p["entry"]!["text"] + " " + (string?)p["entry"]!["url"]);
                break;
            case "Network.requestWillBeSent":
                lock (_requests)
                {
                    _requests.Add((string?)p!["request"]!["url"] ?? string.Empty);
                }

                break;
        }
    }

    private void AddError(string text)
    {
        lock (_errors)
        {
            _errors.Add(text);
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
        }
    }

    [GeneratedRegex(@"DevTools listening on ws://127\.0\.0\.1:(\d+)/")]
    private static partial Regex DevToolsLine();
}
