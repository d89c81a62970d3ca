using GoCaches.Inventory;
using GoCaches.Modules;

namespace GoCaches.Pruning;

/// <summary>A module version a prune removes (or, in a dry run, would remove).</summary>
/// <param name="Module">The module version.</param>
/// <param name="Rule">The rule that removes it.</param>
/// <param name="Reason">Why, in words, e.g. <c>unused for 41 days (last use 2024-01-01 10:00 UTC (file access time))</c>.</param>
/// <param name="Bytes">Bytes it frees.</param>
/// <param name="Files">Files it frees.</param>
/// <param name="DirectoryOnly">Whether only the extracted directory goes (the download files stay).</param>
/// <param name="IsToolchain">Whether it is a Go toolchain.</param>
/// <param name="LastUse">Its last use, when a rule needed it (unknown otherwise).</param>
public sealed record PruneRemoval(ModuleVersion Module, PruneRule Rule, string Reason, long Bytes, long Files, bool DirectoryOnly, bool IsToolchain, LastUse LastUse);
