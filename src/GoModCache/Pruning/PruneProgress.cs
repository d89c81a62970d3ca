using System;
using System.Runtime.ExceptionServices;
using System.Threading;
using GoCaches.Inventory;

namespace GoCaches.Pruning;

/// <summary>A snapshot of a running prune or clean, for a CI log line.</summary>
/// <param name="Phase">The phase.</param>
/// <param name="VersionsDone">Module versions removed (or failed) so far.</param>
/// <param name="VersionsTotal">Module versions to remove.</param>
/// <param name="BytesRemoved">Bytes removed so far.</param>
/// <param name="BytesTotal">Bytes planned for removal.</param>
/// <param name="Current">What is being worked on, or null.</param>
/// <param name="Elapsed">Time since the start.</param>
public sealed record PruneProgress(PrunePhase Phase, int VersionsDone, int VersionsTotal, long BytesRemoved, long BytesTotal, string? Current, TimeSpan Elapsed)
{
    /// <summary>Gets a one-line description, e.g. <c>Removing: 12/40 versions, 120 MiB of 300 MiB, 3.2 s (example.com/a@v1.0.0)</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        Phase is PrunePhase.Scanning or PrunePhase.Planning or PrunePhase.Measuring
            ? $"{Phase}: {Elapsed.TotalSeconds:0.0} s"
            : $"{Phase}: {VersionsDone}/{VersionsTotal} versions, {SizeParser.Format(BytesRemoved)} of {SizeParser.Format(BytesTotal)}, {Elapsed.TotalSeconds:0.0} s" +
              (Current == null ? string.Empty : $" ({Current})");
}

/// <summary>Holds the state of a run and reports it to a callback on a steady timer.</summary>
internal sealed class ProgressTicker : IDisposable
{
    private readonly Action<PruneProgress>? _callback;
    private readonly Timer? _timer;
    private readonly object _gate = new();
    private readonly System.Diagnostics.Stopwatch _stopwatch = System.Diagnostics.Stopwatch.StartNew();
    private PrunePhase _phase = PrunePhase.Scanning;
    private int _done;
    private int _total;
    private long _bytes;
    private long _bytesTotal;
    private string? _current;
    private ExceptionDispatchInfo? _callbackError;
    private bool _finished;

    public ProgressTicker(Action<PruneProgress>? callback, TimeSpan interval)
    {
        _callback = callback;
        if (callback != null && interval > TimeSpan.Zero)
        {
            _timer = new Timer(_ => Report(final: false), null, interval, interval);
        }
    }

    public TimeSpan Elapsed => _stopwatch.Elapsed;

    public void Phase(PrunePhase phase, int total = 0, long bytesTotal = 0)
    {
        lock (_gate)
        {
            _phase = phase;
            _total = total;
            _bytesTotal = bytesTotal;
            _current = null;
        }
    }

    public void Working(string? current)
    {
        lock (_gate)
        {
            _current = current;
        }
    }

    public void Done(long bytes)
    {
        lock (_gate)
        {
            _done++;
            _bytes += bytes;
        }
    }

    public void AllDone()
    {
        lock (_gate)
        {
            _done = _total;
        }
    }

    public void Removed(long bytes)
    {
        lock (_gate)
        {
            _bytes += bytes;
        }
    }

    /// <summary>Stops the timer, reports the end once, and rethrows what the callback threw, if anything.</summary>
    public void Finish()
    {
        _timer?.Dispose();
        Phase(PrunePhase.Done, _total, _bytesTotal);
        Report(final: true);
        _callbackError?.Throw();
    }

    public void Dispose() => _timer?.Dispose();

    private void Report(bool final)
    {
        if (_callback == null)
        {
            return;
        }

        // Ticks never queue up behind a slow callback; the final report waits for one in flight and comes last.
        if (final)
        {
            Monitor.Enter(_callback);
        }
        else if (!Monitor.TryEnter(_callback))
        {
            return;
        }

        try
        {
            PruneProgress snapshot;
            lock (_gate)
            {
                snapshot = new PruneProgress(_phase, _done, _total, _bytes, _bytesTotal, _current, _stopwatch.Elapsed);
            }

            if (_callbackError == null && !_finished)
            {
                _finished = final;
                _callback(snapshot);
            }
        }
#pragma warning disable CA1031 // A callback's exception must not kill the timer thread; it is rethrown by Finish.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _callbackError ??= ExceptionDispatchInfo.Capture(ex);
        }
        finally
        {
            Monitor.Exit(_callback);
        }
    }
}
