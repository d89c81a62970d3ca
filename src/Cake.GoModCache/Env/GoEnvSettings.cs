namespace Cake.GoModCache.Env;

/// <summary>Settings for <c>go env -json</c>: the Go environment to read (tool path, variables, working directory).</summary>
public class GoEnvSettings : GoSettings
{
}
