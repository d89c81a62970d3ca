using GoModCache.TestSupport;

namespace Cake.GoModCache.Tests;

internal static class GoSandboxSettings
{
    /// <summary>Points a settings object at the sandbox's go and its private environment.</summary>
    public static T For<T>(this T settings, GoSandbox sandbox, string workingDirectory)
        where T : GoSettings
    {
        settings.ToolPath = TestGo.Executable;
        settings.WorkingDirectory = workingDirectory;
        foreach (var pair in sandbox.Environment)
        {
            // Go reads an empty variable as unset.
            settings.EnvironmentVariables[pair.Key] = pair.Value ?? string.Empty;
        }

        return settings;
    }
}
