using System.Collections.Generic;

namespace Cake.GoModCache.Modules;

/// <summary>Settings for <c>go mod download -json</c>.</summary>
public class GoModDownloadSettings : GoSettings
{
    /// <summary>Gets the modules to download (<c>path@version</c> or a query); the main module's needs when empty.</summary>
    public IList<string> Modules { get; } = new List<string>();
}

/// <summary>Settings for <c>go mod verify</c>.</summary>
public class GoModVerifySettings : GoSettings
{
    /// <summary>Gets or sets a value indicating whether modified modules throw (the default is to return them in the result and log warnings).</summary>
    public bool FailOnModified { get; set; }
}
