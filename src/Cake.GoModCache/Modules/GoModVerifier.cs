using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using Cake.Core.Tooling;

namespace Cake.GoModCache.Modules;

/// <summary>Runs <c>go mod verify</c> and reads which modules were modified.</summary>
public sealed partial class GoModVerifier : GoTool<GoModVerifySettings>
{
    /// <summary>Initializes a new instance of the <see cref="GoModVerifier"/> class.</summary>
    /// <param name="fileSystem">The file system.</param>
    /// <param name="environment">The environment.</param>
    /// <param name="processRunner">The process runner.</param>
    /// <param name="tools">The tool locator.</param>
    /// <param name="log">The Cake log.</param>
    public GoModVerifier(IFileSystem fileSystem, ICakeEnvironment environment, IProcessRunner processRunner, IToolLocator tools, ICakeLog log)
        : base(fileSystem, environment, processRunner, tools, log)
    {
        DeferExitCode = true;
    }

    /// <summary>Verifies the cached modules of the main module's build list.</summary>
    /// <param name="settings">The settings.</param>
    /// <returns>Which verified and which were modified.</returns>
    /// <exception cref="CakeException">Go failed for another reason, or modules were modified and <see cref="GoModVerifySettings.FailOnModified"/> is set.</exception>
    public GoModVerifyResult Verify(GoModVerifySettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var verify = RunGo(settings, new ProcessArgumentBuilder().Append("mod").Append("verify"));
        var problems = ParseProblems(verify.StandardError.Concat(verify.Redactor.Redact(verify.StandardOutput)));
        var allVerified = verify.ExitCode == 0 && verify.StandardOutput.Any(l => l.Trim() == "all modules verified");
        if (verify.ExitCode != 0 && problems.Count == 0)
        {
            throw Fail(verify);
        }

        var list = RunGo(settings, new ProcessArgumentBuilder().Append("list").Append("-m").Append("all"), logStandardOutput: false);
        if (list.ExitCode != 0)
        {
            throw Fail(list);
        }

        var modified = problems.Select(p => p.Path + "@" + p.Version).ToHashSet(StringComparer.Ordinal);
        var verified = list.StandardOutput
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(parts => parts.Length >= 2 && parts[1] != "=>")
            .Select(parts => parts[0] + "@" + parts[1])
            .Where(m => !modified.Contains(m))
            .ToList();
        foreach (var p in problems)
        {
            Log.Warning("go mod verify: {0}@{1}: {2}", p.Path, p.Version, p.Problem);
        }

        var result = new GoModVerifyResult { AllVerified = allVerified, Modified = problems, Verified = verified };
        if (problems.Count > 0 && settings.FailOnModified)
        {
            throw Fail(verify, $"{problems.Count} module version(s) were modified in the module cache.");
        }

        return result;
    }

    internal static List<GoModVerifyProblem> ParseProblems(IEnumerable<string> lines) =>
        lines.Select(l => ProblemLine().Match(l))
            .Where(m => m.Success)
            .Select(m => new GoModVerifyProblem(m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value))
            .ToList();

    // "example.com/a v1.0.0: dir has been modified (/path)", "… zip has been modified (…)", "… missing ziphash: …"
    [GeneratedRegex(@"^(\S+) (v\S+): ((?:dir|zip) has been modified.*|missing ziphash.*)$")]
    private static partial Regex ProblemLine();
}
