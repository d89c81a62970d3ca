using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace GoCaches.Modules;

/// <summary>
/// The module versions a set of Go projects mention, read from their <c>go.mod</c>, <c>go.sum</c>,
/// <c>go.work</c> and <c>go.work.sum</c> files, so that pruning keeps what they need.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>go.sum</c> / <c>go.work.sum</c>: every <c>path version[/go.mod] hash</c> line; a version listed
/// only for its go.mod is kept too.</item>
/// <item><c>go.mod</c>: <c>require</c> lines and the module side of <c>replace</c> lines (a replacement by a
/// local directory needs nothing from the cache); <c>exclude</c> and <c>retract</c> name versions that are
/// not used and are not kept; a <c>toolchain</c> line names a toolchain in use.</item>
/// <item><c>go.work</c>: its <c>replace</c> and <c>toolchain</c> lines, and the <c>go.mod</c> and <c>go.sum</c>
/// of every module it <c>use</c>s.</item>
/// <item>A directory stands for the <c>go.mod</c>, <c>go.sum</c>, <c>go.work</c> and <c>go.work.sum</c> in it
/// (not in subdirectories); at least one must exist.</item>
/// <item>A vendored module (a directory with <c>vendor/modules.txt</c> and a go.mod whose <c>go</c> line is 1.14 or
/// later, outside a workspace) builds from its <c>vendor</c> folder, as Go defaults to <c>-mod=vendor</c> there: it
/// needs nothing from the module cache, so its go.mod and go.sum add no module versions; it is listed in
/// <see cref="Vendored"/>. (A build that overrides this with <c>GOFLAGS=-mod=mod</c> downloads what it needs again.)</item>
/// </list>
/// Any file that does not parse is an error naming the file and line, so that nothing is pruned on the strength
/// of a misread project.
/// </remarks>
public sealed class ProjectRequirements
{
    private readonly HashSet<ModuleVersion> _modules = [];
    private readonly SortedSet<string> _toolchains = new(StringComparer.Ordinal);
    private readonly List<string> _files = [];
    private readonly SortedSet<string> _goVersions = new(StringComparer.Ordinal);
    private readonly List<string> _vendored = [];
    private bool _skipModules;

    private ProjectRequirements()
    {
    }

    /// <summary>Gets every module version the files mention.</summary>
    public IReadOnlyCollection<ModuleVersion> Modules => _modules;

    /// <summary>Gets the toolchains named by <c>toolchain</c> lines, e.g. <c>go1.23.5</c>.</summary>
    public IReadOnlyCollection<string> Toolchains => _toolchains;

    /// <summary>Gets the Go versions named by <c>go</c> lines, e.g. <c>1.21</c> or <c>1.23.5</c>.</summary>
    public IReadOnlyCollection<string> GoVersions => _goVersions;

    /// <summary>Gets the directories of vendored modules, which need nothing from the module cache.</summary>
    public IReadOnlyList<string> Vendored => _vendored;

    /// <summary>Gets the files that were read, in order.</summary>
    public IReadOnlyList<string> Files => _files;

    /// <summary>Reads the given files and directories.</summary>
    /// <param name="paths">Paths of go.mod, go.sum, go.work or go.work.sum files, or of directories holding them.</param>
    /// <returns>What they mention.</returns>
    /// <exception cref="GoModCacheException">A path does not exist, a directory holds none of the files, or a file is malformed.</exception>
    public static ProjectRequirements Load(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var result = new ProjectRequirements();
        foreach (var path in paths)
        {
            if (string.IsNullOrWhiteSpace(path))
            {
                throw new GoModCacheException("A project path to keep is empty.");
            }

            var full = Path.GetFullPath(path);
            var directory = Directory.Exists(full) ? full : Path.GetDirectoryName(full)!;
            result._skipModules = IsVendored(directory);
            if (result._skipModules && !result._vendored.Contains(directory, StringComparer.Ordinal))
            {
                result._vendored.Add(directory);
            }

            if (Directory.Exists(full))
            {
                var found = false;
                foreach (var name in new[] { "go.work", "go.mod", "go.sum", "go.work.sum" })
                {
                    var file = Path.Combine(full, name);
                    if (File.Exists(file))
                    {
                        result.ReadFile(file);
                        found = true;
                    }
                }

                if (!found)
                {
                    throw new GoModCacheException($"The project directory '{path}' has no go.mod, go.sum, go.work or go.work.sum, so there is nothing to keep for it.");
                }
            }
            else if (File.Exists(full))
            {
                result.ReadFile(full);
            }
            else
            {
                throw new GoModCacheException($"The project path '{path}' does not exist.");
            }

            result._skipModules = false;
        }

        return result;
    }

    /// <summary>Reads the given files and directories.</summary>
    /// <param name="paths">Paths of go.mod, go.sum, go.work or go.work.sum files, or of directories holding them.</param>
    /// <returns>What they mention.</returns>
    /// <exception cref="GoModCacheException">A path does not exist, a directory holds none of the files, or a file is malformed.</exception>
    public static ProjectRequirements Load(params string[] paths) => Load((IEnumerable<string>)paths);

    /// <summary>
    /// The <c>go list -deps</c> format that prints, one a line, the module version (<c>path@version</c>) of every
    /// package a build compiles that is not in the main module(s).
    /// </summary>
    public const string BuildListFormat = "{{with .Module}}{{if not .Main}}{{.Path}}@{{.Version}}{{end}}{{end}}";

    /// <summary>
    /// The go arguments that list the module versions a build of these packages uses: <c>list -deps -f
    /// <see cref="BuildListFormat"/> [-tags a,b] packages…</c> (<c>.</c> when none). Its output is read by
    /// <see cref="FromBuildList"/>.
    /// </summary>
    /// <param name="tags">The build tags, or none.</param>
    /// <param name="packages">The packages built; <c>.</c> when none.</param>
    /// <returns>The arguments, in order; every argument after the first that does not start with '-' is a value.</returns>
    public static IReadOnlyList<string> BuildListArguments(IEnumerable<string>? tags, IEnumerable<string>? packages)
    {
        var args = new List<string> { "list", "-deps", "-f", BuildListFormat };
        var tagList = tags?.Where(t => !string.IsNullOrWhiteSpace(t)).ToList() ?? [];
        if (tagList.Count > 0)
        {
            args.Add("-tags");
            args.Add(string.Join(',', tagList));
        }

        args.AddRange((packages ?? []).DefaultIfEmpty("."));
        return args;
    }

    /// <summary>
    /// The module versions a build used, from the output of <see cref="BuildListArguments"/>: the same answer type as
    /// the files' (<see cref="Modules"/>), so that usage records, keep-sets and exports speak of one module set.
    /// </summary>
    /// <param name="lines">go's output lines; blank and unparsable lines are skipped.</param>
    /// <returns>The module versions, each once.</returns>
    public static ProjectRequirements FromBuildList(IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var result = new ProjectRequirements();
        foreach (var line in lines)
        {
            if (ModuleVersion.TryParse(line.Trim(), out var module))
            {
                result._modules.Add(module);
            }
        }

        return result;
    }

    /// <summary>
    /// Whether Go builds the module in a directory from its <c>vendor</c> folder by default: <c>vendor/modules.txt</c>
    /// exists, the directory is not a workspace root, and its go.mod's <c>go</c> line is 1.14 or later.
    /// </summary>
    /// <param name="directory">The module directory.</param>
    /// <returns>Whether it is vendored.</returns>
    public static bool IsVendored(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var goMod = Path.Combine(directory, "go.mod");
        if (!File.Exists(Path.Combine(directory, "vendor", "modules.txt")) || !File.Exists(goMod) || File.Exists(Path.Combine(directory, "go.work")))
        {
            return false;
        }

        var lineNumber = 0;
        foreach (var line in File.ReadLines(goMod))
        {
            var tokens = Tokenize(goMod, ++lineNumber, line);
            if (tokens.Count == 2 && tokens[0] == "go")
            {
                return CompareGoVersions(tokens[1], "1.14") >= 0;
            }
        }

        // No go line: Go assumes 1.16 for a main module (go.dev/ref/mod#go-mod-file-go).
        return true;
    }

    /// <summary>Compares Go versions as numbers, part by part (<c>1.9 &lt; 1.14 &lt; 1.21.0 &lt; 1.99.0</c>; a missing part is 0).</summary>
    /// <param name="a">A version without the <c>go</c> prefix.</param>
    /// <param name="b">Another.</param>
    /// <returns>Negative, zero or positive.</returns>
    internal static int CompareGoVersions(string a, string b)
    {
        static int[] Parts(string v) => v.Split('.').Select(p => int.TryParse(new string(p.TakeWhile(char.IsAsciiDigit).ToArray()), out var n) ? n : 0).ToArray();
        var x = Parts(a);
        var y = Parts(b);
        for (var i = 0; i < Math.Max(x.Length, y.Length); i++)
        {
            var c = (i < x.Length ? x[i] : 0).CompareTo(i < y.Length ? y[i] : 0);
            if (c != 0)
            {
                return c;
            }
        }

        return 0;
    }

    /// <summary>Whether the files mention a module version.</summary>
    /// <param name="path">The module path.</param>
    /// <param name="version">The version.</param>
    /// <returns>Whether it is mentioned.</returns>
    public bool Contains(string path, string version) => _modules.Contains(new ModuleVersion(path, version));

    private void ReadFile(string file)
    {
        if (_files.Contains(file, StringComparer.Ordinal))
        {
            return;
        }

        string text;
        try
        {
            text = File.ReadAllText(file, Encoding.UTF8);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new GoModCacheException($"Cannot read '{file}': {ex.Message}", ex);
        }

        _files.Add(file);
        var name = Path.GetFileName(file);
        if (name.EndsWith(".sum", StringComparison.OrdinalIgnoreCase))
        {
            ReadSum(file, text);
        }
        else if (name.EndsWith(".work", StringComparison.OrdinalIgnoreCase))
        {
            ReadModOrWork(file, text, isWork: true);
        }
        else if (name.EndsWith(".mod", StringComparison.OrdinalIgnoreCase))
        {
            ReadModOrWork(file, text, isWork: false);
        }
        else
        {
            throw new GoModCacheException($"'{file}' is not a go.mod, go.sum, go.work or go.work.sum file (its name says neither).");
        }
    }

    private void ReadSum(string file, string text)
    {
        var lineNumber = 0;
        foreach (var line in text.Split('\n'))
        {
            lineNumber++;
            var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0)
            {
                continue;
            }

            if (fields.Length != 3)
            {
                throw Malformed(file, lineNumber, $"expected 'module version hash', found {fields.Length} field(s)");
            }

            var version = fields[1].EndsWith("/go.mod", StringComparison.Ordinal) ? fields[1][..^"/go.mod".Length] : fields[1];
            AddModule(file, lineNumber, fields[0], version);
            var colon = fields[2].IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || colon == fields[2].Length - 1)
            {
                throw Malformed(file, lineNumber, $"'{fields[2]}' is not a hash (expected e.g. h1:...)");
            }
        }
    }

    private void ReadModOrWork(string file, string text, bool isWork)
    {
        var kind = isWork ? "go.work" : "go.mod";
        string? blockVerb = null;
        var lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var tokens = Tokenize(file, lineNumber, rawLine);
            if (tokens.Count == 0)
            {
                continue;
            }

            if (blockVerb != null)
            {
                if (tokens.Count == 1 && tokens[0] == ")")
                {
                    blockVerb = null;
                    continue;
                }

                if (tokens.Contains("(") || tokens.Contains(")"))
                {
                    throw Malformed(file, lineNumber, "unexpected parenthesis inside a block");
                }

                Directive(file, lineNumber, kind, blockVerb, tokens);
                continue;
            }

            var verb = tokens[0];
            if (!verb.All(char.IsAsciiLetterLower))
            {
                throw Malformed(file, lineNumber, $"unknown directive '{verb}' (is this a {kind} file?)");
            }

            var args = tokens.Skip(1).ToList();
            if (args.Count == 1 && args[0] == "(")
            {
                blockVerb = verb;
                continue;
            }

            if (args.Count == 2 && args[0] == "(" && args[1] == ")")
            {
                continue;
            }

            if (args.Contains("(") || args.Contains(")"))
            {
                throw Malformed(file, lineNumber, "unexpected parenthesis");
            }

            Directive(file, lineNumber, kind, verb, args);
        }

        if (blockVerb != null)
        {
            throw Malformed(file, lineNumber, $"the '{blockVerb} (' block is never closed");
        }
    }

    private void Directive(string file, int line, string kind, string verb, List<string> args)
    {
        switch (verb)
        {
            case "module":
                Expect(file, line, verb, args, 1, "one argument");
                break;
            case "go":
                Expect(file, line, verb, args, 1, "one argument");
                _goVersions.Add(args[0]);
                break;
            case "toolchain":
                Expect(file, line, verb, args, 1, "one argument, e.g. go1.23.5");
                if (args[0].StartsWith("go1", StringComparison.Ordinal))
                {
                    _toolchains.Add(args[0]);
                }

                break;
            case "require" when kind == "go.mod":
                Expect(file, line, verb, args, 2, "'module version'");
                AddModule(file, line, args[0], args[1]);
                break;
            case "exclude" when kind == "go.mod":
                Expect(file, line, verb, args, 2, "'module version'");
                CheckModule(file, line, args[0], args[1]);
                break;
            case "replace":
                Replace(file, line, args);
                break;
            case "use" when kind == "go.work":
                Expect(file, line, verb, args, 1, "one directory");
                Use(file, line, args[0]);
                break;
            default:
                // retract, godebug, tool, ignore and directives newer Go versions add: nothing to keep.
                break;
        }
    }

    private void Replace(string file, int line, List<string> args)
    {
        var arrow = args.IndexOf("=>");
        var left = arrow;
        var right = args.Count - arrow - 1;
        if (arrow < 0 || left is < 1 or > 2 || right is < 1 or > 2)
        {
            throw Malformed(file, line, "expected 'replace module [version] => module version' or '=> directory'");
        }

        if (left == 2)
        {
            CheckModule(file, line, args[0], args[1]);
        }

        if (right == 2)
        {
            AddModule(file, line, args[arrow + 1], args[arrow + 2]);
        }
    }

    private void Use(string file, int line, string directory)
    {
        var baseDirectory = Path.GetDirectoryName(file)!;
        var moduleDirectory = Path.GetFullPath(Path.Combine(baseDirectory, directory));
        var goMod = Path.Combine(moduleDirectory, "go.mod");
        if (!File.Exists(goMod))
        {
            throw Malformed(file, line, $"the workspace uses '{directory}', which has no go.mod ('{goMod}' does not exist)");
        }

        ReadFile(goMod);
        var goSum = Path.Combine(moduleDirectory, "go.sum");
        if (File.Exists(goSum))
        {
            ReadFile(goSum);
        }
    }

    private void AddModule(string file, int line, string path, string version)
    {
        CheckModule(file, line, path, version);
        if (!_skipModules)
        {
            _modules.Add(new ModuleVersion(path, version));
        }
    }

    private static void CheckModule(string file, int line, string path, string version)
    {
        if (ModuleVersion.CheckPath(path) is { } pathError)
        {
            throw Malformed(file, line, pathError);
        }

        if (!SemanticVersion.IsValid(version) || ModuleVersion.CheckVersion(version) is not null)
        {
            throw Malformed(file, line, $"'{version}' is not a module version (expected e.g. v1.2.3)");
        }
    }

    private static void Expect(string file, int line, string verb, List<string> args, int count, string what)
    {
        if (args.Count != count)
        {
            throw Malformed(file, line, $"'{verb}' takes {what}, found {args.Count} argument(s)");
        }
    }

    // Splits a go.mod / go.work line into tokens: words, quoted strings ("..." with escapes, `...` raw),
    // '(' / ')' and '=>'; a '//' comment ends the line.
    private static List<string> Tokenize(string file, int line, string text)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '/' && i + 1 < text.Length && text[i + 1] == '/')
            {
                break;
            }
            else if (c is '(' or ')')
            {
                tokens.Add(c.ToString());
                i++;
            }
            else if (c == '"' || c == '`')
            {
                var sb = new StringBuilder();
                var end = i + 1;
                while (end < text.Length && text[end] != c)
                {
                    if (c == '"' && text[end] == '\\' && end + 1 < text.Length)
                    {
                        end++;
                    }

                    sb.Append(text[end]);
                    end++;
                }

                if (end >= text.Length)
                {
                    throw Malformed(file, line, "unterminated quoted string");
                }

                tokens.Add(sb.ToString());
                i = end + 1;
            }
            else
            {
                var start = i;
                while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not '(' and not ')' and not '"' and not '`' &&
                       !(text[i] == '/' && i + 1 < text.Length && text[i + 1] == '/'))
                {
                    i++;
                }

                tokens.Add(text[start..i]);
            }
        }

        return tokens;
    }

    private static GoModCacheException Malformed(string file, int line, string problem) =>
        new($"{file}:{line}: malformed: {problem}.");
}
