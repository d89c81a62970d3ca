using System;
using System.IO;
using System.Text.RegularExpressions;

namespace GoModCache.MSBuild;

/// <summary>What a line of Go's output says it is.</summary>
internal enum GoLineKind
{
    /// <summary>Anything else (progress such as <c>go: downloading …</c>, or a failure without a position).</summary>
    Text,

    /// <summary>A <c># import/path</c> header that go build prints before a package's errors.</summary>
    PackageHeader,

    /// <summary>A <c>file:line[:col]: message</c> diagnostic.</summary>
    Diagnostic,

    /// <summary>A tab-indented line that continues the diagnostic above it (<c>\thave (int)</c>, <c>\twant (string)</c>).</summary>
    Continuation,
}

/// <summary>One diagnostic with its file made absolute.</summary>
/// <param name="File">The full path of the file.</param>
/// <param name="Line">The 1-based line.</param>
/// <param name="Column">The 1-based column, or 0 when Go gave none (<c>go.mod:4: unknown directive</c>).</param>
/// <param name="Message">Go's message.</param>
/// <param name="Severity">Error, warning (cgo's <c>warning:</c>) or note (cgo's <c>note:</c>, and Go's <c>too many errors</c>).</param>
internal sealed record GoDiagnostic(string File, int Line, int Column, string Message, GoDiagnosticSeverity Severity);

/// <summary>How serious a diagnostic is.</summary>
internal enum GoDiagnosticSeverity
{
    /// <summary>An error.</summary>
    Error,

    /// <summary>A warning (C compilers under cgo print them).</summary>
    Warning,

    /// <summary>Information only.</summary>
    Note,
}

/// <summary>
/// Reads Go's diagnostics. go build, go vet and go mod print <c>file.go:line:col: message</c> (or <c>file:line: message</c>
/// for go.mod), with the file relative to go's working directory (<c>./main.go</c> for the package in it,
/// <c>cmd/server/main.go</c>, <c>../lib/lib.go</c>) or absolute (module cache, <c>go.mod</c> under Go 1.19), after a
/// <c># import/path</c> line; vet prefixes <c>vet: </c>. Continuation lines start with a tab.
/// </summary>
internal static partial class GoOutputParser
{
    /// <summary>Classifies a line and, for a diagnostic, resolves its file against the working directory.</summary>
    /// <param name="line">The line, without its line break.</param>
    /// <param name="workingDirectory">The directory go ran in (absolute).</param>
    /// <param name="diagnostic">The diagnostic, when the line is one.</param>
    /// <returns>The kind of line.</returns>
    public static GoLineKind Classify(string line, string workingDirectory, out GoDiagnostic? diagnostic)
    {
        diagnostic = null;
        if (line.Length > 1 && line[0] == '\t')
        {
            return GoLineKind.Continuation;
        }

        if (line.StartsWith("# ", StringComparison.Ordinal))
        {
            return GoLineKind.PackageHeader;
        }

        var match = DiagnosticPattern().Match(line);
        if (!match.Success)
        {
            return GoLineKind.Text;
        }

        var file = match.Groups["file"].Value;
        var message = match.Groups["message"].Value.Trim();
        var severity = GoDiagnosticSeverity.Error;
        if (message.StartsWith("warning:", StringComparison.OrdinalIgnoreCase))
        {
            severity = GoDiagnosticSeverity.Warning;
            message = message["warning:".Length..].TrimStart();
        }
        else if (message.StartsWith("note:", StringComparison.OrdinalIgnoreCase) || message == "too many errors")
        {
            severity = GoDiagnosticSeverity.Note;
        }

        var full = Path.GetFullPath(Path.IsPathFullyQualified(file) ? file : Path.Combine(workingDirectory, file));
        var column = match.Groups["column"].Success ? int.Parse(match.Groups["column"].ValueSpan, provider: System.Globalization.CultureInfo.InvariantCulture) : 0;
        diagnostic = new GoDiagnostic(full, int.Parse(match.Groups["line"].ValueSpan, provider: System.Globalization.CultureInfo.InvariantCulture), column, message, severity);
        return GoLineKind.Diagnostic;
    }

    // A file name with an extension (no ':' in it but an optional drive letter), ':line', optional ':column', ': message'.
    [GeneratedRegex(@"^(?:vet: )?(?<file>(?:[A-Za-z]:[\\/])?[^:\s][^:]*?\.[A-Za-z0-9]+):(?<line>\d{1,9})(?::(?<column>\d{1,9}))?: (?<message>.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex DiagnosticPattern();
}
