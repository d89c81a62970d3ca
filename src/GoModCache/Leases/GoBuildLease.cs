using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;

namespace GoCaches.Leases;

/// <summary>
/// The shared leases one go build holds on the caches it uses (module cache and build cache) while its go process
/// runs; front ends take it around every go build they start and set <see cref="EnvironmentVariables"/> on the go
/// process. Releasing it performs a clean that was deferred to the last build out (<see cref="CacheLease.Release"/>).
/// </summary>
public sealed class GoBuildLease : IDisposable
{
    private readonly List<CacheLease> _leases;
    private bool _released;

    private GoBuildLease(List<CacheLease> leases)
    {
        _leases = leases;
    }

    /// <summary>Gets the module cache lease, or null when the module cache is unknown.</summary>
    public CacheLease? ModuleCache => _leases.Find(l => l.Kind == CacheKind.ModuleCache);

    /// <summary>Gets the build cache lease, or null when the build cache is off or unknown.</summary>
    public CacheLease? BuildCache => _leases.Find(l => l.Kind == CacheKind.BuildCache);

    /// <summary>Gets the variables to set on the go process: it is covered by this lease, so the <c>/proc</c> scan of other removals does not count it twice.</summary>
    public IReadOnlyDictionary<string, string> EnvironmentVariables { get; } =
        new Dictionary<string, string>(StringComparer.Ordinal) { [CacheLease.HolderVariable] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture) };

    /// <summary>Gets how long taking the leases waited (for a clean in progress).</summary>
    public TimeSpan Waited
    {
        get
        {
            var total = TimeSpan.Zero;
            foreach (var lease in _leases)
            {
                total += lease.Waited;
            }

            return total;
        }
    }

    /// <summary>Takes shared leases on the caches a go build uses.</summary>
    /// <param name="moduleCache">The module cache root (<c>GOMODCACHE</c>), or null.</param>
    /// <param name="buildCache">The build cache root (<c>GOCACHE</c>), or null when off.</param>
    /// <param name="what">What runs, e.g. <c>GoBuild</c>, for others' messages.</param>
    /// <param name="workingDirectory">Where go runs: the project (nearest go.mod/go.work) is recorded, so a prune can keep what it needs.</param>
    /// <param name="log">Receives lines about waiting for a clean and about deferred cleans performed on release.</param>
    /// <param name="timeout">How long to wait for a clean in progress; default <see cref="CacheLease.DefaultBuildWait"/>.</param>
    /// <param name="cancellationToken">Stops the wait.</param>
    /// <returns>The leases; release them when the go process has exited.</returns>
    /// <exception cref="GoModCacheException">A wait timed out.</exception>
    public static GoBuildLease Acquire(string? moduleCache, string? buildCache, string what, string? workingDirectory, Action<string>? log = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var project = GoProcessScanner.ProjectOf(workingDirectory);
        var description = CacheLease.Describe(what, project ?? workingDirectory);
        var leases = new List<CacheLease>();
        try
        {
            // Always in this order (module cache, then build cache): removals take one cache at a time.
            if (GoCacheLocations.Normalize(moduleCache) is { } mod)
            {
                leases.Add(CacheLease.AcquireShared(mod, CacheKind.ModuleCache, description, project, log, timeout, cancellationToken));
            }

            if (GoCacheLocations.Normalize(buildCache) is { } build && !string.Equals(build, GoCacheLocations.Normalize(moduleCache), StringComparison.Ordinal))
            {
                leases.Add(CacheLease.AcquireShared(build, CacheKind.BuildCache, description, project, log, timeout, cancellationToken));
            }
        }
        catch
        {
            foreach (var lease in leases)
            {
                lease.Release();
            }

            throw;
        }

        return new GoBuildLease(leases);
    }

    /// <summary>
    /// Takes shared leases on the caches a go process with these variables uses, working out where they are as Go
    /// does (<c>GOMODCACHE</c>, <c>GOPATH</c>, <c>GOCACHE</c>, the go env file, the defaults) without running go.
    /// </summary>
    /// <param name="getenv">The go process's variables (the caller's overrides, then this process's).</param>
    /// <param name="what">What runs.</param>
    /// <param name="workingDirectory">Where go runs.</param>
    /// <param name="log">Receives lines about waiting and deferred cleans.</param>
    /// <param name="timeout">How long to wait for a clean in progress.</param>
    /// <param name="cancellationToken">Stops the wait.</param>
    /// <returns>The leases.</returns>
    public static GoBuildLease AcquireFor(Func<string, string?> getenv, string what, string? workingDirectory, Action<string>? log = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(getenv);
        var (mod, build) = GoCacheLocations.Resolve(getenv);
        return Acquire(mod, build, what, workingDirectory, log, timeout, cancellationToken);
    }

    /// <summary>Releases the leases; the last build out performs a clean that was deferred to it.</summary>
    /// <returns>One line per deferred clean performed (empty when none).</returns>
    public IReadOnlyList<string> Release()
    {
        var performed = new List<string>();
        if (_released)
        {
            return performed;
        }

        _released = true;
        for (var i = _leases.Count - 1; i >= 0; i--)
        {
            if (_leases[i].Release() is { } line)
            {
                performed.Add(line);
            }
        }

        return performed;
    }

    /// <summary>Releases the leases (see <see cref="Release"/>).</summary>
    public void Dispose() => Release();
}
