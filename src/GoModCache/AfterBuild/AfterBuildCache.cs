namespace GoCaches.AfterBuild;

/// <summary>A cache that a build-then-clean workflow may clean after a successful build.</summary>
public enum AfterBuildCache
{
    /// <summary>The module cache (<c>GOMODCACHE</c>).</summary>
    ModuleCache,

    /// <summary>The build cache (<c>GOCACHE</c>).</summary>
    BuildCache,

    /// <summary>The cached test results (<c>go clean -testcache</c>).</summary>
    TestCache,

    /// <summary>The fuzz corpus cache (<c>go clean -fuzzcache</c>).</summary>
    FuzzCache,
}
