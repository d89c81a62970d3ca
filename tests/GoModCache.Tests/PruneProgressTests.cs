using System;
using System.Collections.Generic;
using System.Threading;
using GoCaches.Pruning;
using NUnit.Framework;

namespace GoModCache.Tests;

public class PruneProgressTests
{
    [Test]
    public void Progress_comes_at_a_steady_interval_and_once_more_at_the_end()
    {
        var seen = new List<PruneProgress>();
        using (var ticker = new ProgressTicker(p => { lock (seen) { seen.Add(p); } }, TimeSpan.FromMilliseconds(50)))
        {
            ticker.Phase(PrunePhase.Removing, total: 3, bytesTotal: 3000);
            for (var i = 0; i < 3; i++)
            {
                ticker.Working("example.com/m@v1.0." + i);
                Thread.Sleep(150);
                ticker.Done(1000);
            }

            ticker.Finish();
        }

        Thread.Sleep(150);
        lock (seen)
        {
            Assert.That(seen, Has.Count.GreaterThanOrEqualTo(5), "about one every 50 ms over 450 ms");
            Assert.That(seen[^1].Phase, Is.EqualTo(PrunePhase.Done), "the last one is the end, and nothing comes after it");
            Assert.That(seen[^1].VersionsDone, Is.EqualTo(3));
            Assert.That(seen[^1].BytesRemoved, Is.EqualTo(3000));
            Assert.That(seen.Exists(p => p.Phase == PrunePhase.Removing && p.Current != null && p.ToString().Contains("Removing: ", StringComparison.Ordinal)), Is.True);
        }
    }

    [Test]
    public void An_exception_in_the_callback_surfaces_at_the_end_instead_of_killing_the_timer()
    {
        using var ticker = new ProgressTicker(_ => throw new InvalidOperationException("callback broke"), TimeSpan.FromMilliseconds(10));
        Thread.Sleep(100);
        Assert.That(ticker.Finish, Throws.InvalidOperationException.With.Message.EqualTo("callback broke"));
    }
}
