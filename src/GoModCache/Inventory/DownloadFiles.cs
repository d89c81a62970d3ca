using System;

namespace GoCaches.Inventory;

/// <summary>The files Go keeps for one module version in <c>cache/download/&lt;escaped path&gt;/@v/</c>.</summary>
[Flags]
public enum DownloadFiles
{
    /// <summary>No download files.</summary>
    None = 0,

    /// <summary><c>&lt;v&gt;.info</c>: version and time.</summary>
    Info = 1,

    /// <summary><c>&lt;v&gt;.mod</c>: the module's go.mod.</summary>
    Mod = 2,

    /// <summary><c>&lt;v&gt;.zip</c>: the module zip.</summary>
    Zip = 4,

    /// <summary><c>&lt;v&gt;.ziphash</c>: the zip's hash; Go trusts an extracted directory only when it exists.</summary>
    ZipHash = 8,

    /// <summary><c>&lt;v&gt;.lock</c>: the file Go flocks while downloading or extracting.</summary>
    Lock = 16,

    /// <summary><c>&lt;v&gt;.partial</c>: Go is (or was, when it died) extracting; the directory is not to be trusted.</summary>
    Partial = 32,

    /// <summary>A temporary file (<c>&lt;v&gt;.zip12345.tmp</c>) Go writes before renaming into place.</summary>
    Temporary = 64,
}
