using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace GoModCache.MSBuild;

/// <summary>
/// Runs <c>go clean</c> on Go's caches: <c>-modcache</c> (the module cache; go makes it writable first, which a
/// plain delete cannot), <c>-cache</c> (the build cache), <c>-testcache</c>, <c>-fuzzcache</c>. With none set it
/// does nothing and does not start go. A plain <c>go clean</c>: the engine's cleaner, which also says what was freed, is
/// <see cref="GoModCacheClean"/>.
/// </summary>
public class GoClean : GoToolTask
{
    /// <summary>Gets or sets a value indicating whether to remove the module cache (<c>-modcache</c>).</summary>
    public bool ModCache { get; set; }

    /// <summary>Gets or sets a value indicating whether to remove the build cache (<c>-cache</c>).</summary>
    public bool Cache { get; set; }

    /// <summary>Gets or sets a value indicating whether to expire cached test results (<c>-testcache</c>).</summary>
    public bool TestCache { get; set; }

    /// <summary>Gets or sets a value indicating whether to remove the fuzz corpus cache (<c>-fuzzcache</c>).</summary>
    public bool FuzzCache { get; set; }

    /// <inheritdoc />
    protected override string CommandDisplayName => "go clean";

    /// <inheritdoc />
    protected override bool SkipTaskExecution()
    {
        if (ModCache || Cache || TestCache || FuzzCache)
        {
            return false;
        }

        Log.LogMessage(MessageImportance.Normal, "GoClean: nothing to clean (ModCache, Cache, TestCache and FuzzCache are all false).");
        return true;
    }

    /// <inheritdoc />
    protected override string GenerateCommandLineCommands()
    {
        var builder = new CommandLineBuilder();
        builder.AppendSwitch("clean");
        if (ModCache)
        {
            builder.AppendSwitch("-modcache");
        }

        if (Cache)
        {
            builder.AppendSwitch("-cache");
        }

        if (TestCache)
        {
            builder.AppendSwitch("-testcache");
        }

        if (FuzzCache)
        {
            builder.AppendSwitch("-fuzzcache");
        }

        return builder.ToString();
    }
}
