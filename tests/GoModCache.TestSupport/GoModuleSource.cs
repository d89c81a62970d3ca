using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace GoModCache.TestSupport;

/// <summary>The source of one module version, made in a test and served by a <see cref="GoProxyBuilder"/>.</summary>
public sealed class GoModuleSource
{
    private readonly Dictionary<string, string> _files = new(StringComparer.Ordinal);

    public GoModuleSource(string path, string version, string goVersion = "1.18")
    {
        Path = path;
        Version = version;
        GoVersion = goVersion;
        Time = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    }

    public string Path { get; }

    public string Version { get; }

    public string GoVersion { get; }

    public DateTimeOffset Time { get; set; }

    public List<(string Path, string Version)> Requires { get; } = [];

    public IReadOnlyDictionary<string, string> Files => _files;

    /// <summary>Gets the last element of the path that is not a major-version suffix: the package name.</summary>
    public string PackageName
    {
        get
        {
            var parts = Path.Split('/');
            var last = parts[^1];
            if (parts.Length > 1 && last.Length > 1 && last[0] == 'v' && last[1..].All(char.IsAsciiDigit))
            {
                last = parts[^2];
            }

            return last.ToLowerInvariant().Replace('-', '_').Replace('.', '_');
        }
    }

    public string GoMod
    {
        get
        {
            var sb = new StringBuilder().Append("module ").Append(Path).Append("\n\ngo ").Append(GoVersion).Append('\n');
            if (Requires.Count > 0)
            {
                sb.Append("\nrequire (\n");
                foreach (var (p, v) in Requires)
                {
                    sb.Append('\t').Append(p).Append(' ').Append(v).Append('\n');
                }

                sb.Append(")\n");
            }

            return sb.ToString();
        }
    }

    public GoModuleSource WithFile(string relativePath, string content)
    {
        _files[relativePath] = content;
        return this;
    }

    public GoModuleSource Require(string path, string version)
    {
        Requires.Add((path, version));
        return this;
    }

    /// <summary>Adds a Go file with a function <c>Name()</c> that returns this module's path and version, so builds can see which one they linked.</summary>
    public GoModuleSource WithNameFunc()
        => WithFile("name.go", $"package {PackageName}\n\n// Name says which module version this is.\nfunc Name() string {{ return \"{Path}@{Version}\" }}\n");

    /// <summary>Adds <paramref name="count"/> files of <paramref name="bytes"/> bytes each under <c>data/</c> to give the module bulk.</summary>
    public GoModuleSource WithBulk(int count, int bytes)
    {
        for (var i = 0; i < count; i++)
        {
            _files[$"data/d{i / 50}/f{i}.txt"] = new string((char)('a' + (i % 26)), bytes);
        }

        return this;
    }
}
