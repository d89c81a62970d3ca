using System.Collections.Generic;

namespace GoCaches.Export;

/// <summary>What one project of an export needs from a module proxy.</summary>
/// <param name="Directory">The project directory (a main module's, or a workspace's holding go.work).</param>
/// <param name="Workspace">Whether the directory is a workspace root (its go.work is used), so that every module it uses was exported.</param>
/// <param name="Modules">The module versions exported for it (<c>path@version</c>), sorted.</param>
public sealed record ProxyExportProject(string Directory, bool Workspace, IReadOnlyList<string> Modules);
