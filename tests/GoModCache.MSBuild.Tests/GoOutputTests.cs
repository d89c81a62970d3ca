using System.IO;
using System.Linq;
using Microsoft.Build.Framework;
using NUnit.Framework;

namespace GoModCache.MSBuild.Tests;

/// <summary>Go's diagnostics (as go build, go vet and go mod print them) into MSBuild errors with full paths.</summary>
public class GoOutputTests
{
    private static readonly string Svc = Path.Combine(Path.GetTempPath(), "w", "svc");

    [Test]
    public void A_file_in_the_package_directory_is_prefixed_dot_slash()
    {
        Assert.That(GoOutputParser.Classify("./main.go:7:2: undefined: x", Svc, out var d), Is.EqualTo(GoLineKind.Diagnostic));
        Assert.That(d, Is.EqualTo(new GoDiagnostic(Path.Combine(Svc, "main.go"), 7, 2, "undefined: x", GoDiagnosticSeverity.Error)));
    }

    [Test]
    public void Files_of_other_packages_are_relative_to_the_working_directory()
    {
        GoOutputParser.Classify("cmd/server/main.go:4:17: cannot use 1 (untyped int constant) as string value in variable declaration", Svc, out var sub);
        GoOutputParser.Classify("../../lib/lib.go:3:23: cannot use \"a\"", Path.Combine(Svc, "cmd", "server"), out var up);
        Assert.Multiple(() =>
        {
            Assert.That(sub!.File, Is.EqualTo(Path.Combine(Svc, "cmd", "server", "main.go")));
            Assert.That((sub.Line, sub.Column), Is.EqualTo((4, 17)));
            Assert.That(up!.File, Is.EqualTo(Path.Combine(Svc, "lib", "lib.go")));
        });
    }

    [Test]
    public void Absolute_paths_line_only_positions_and_vet_prefixes()
    {
        var goMod = Path.Combine(Svc, "go.mod");
        GoOutputParser.Classify(goMod + ":4: unknown directive: foo", "/elsewhere", out var mod);
        GoOutputParser.Classify("vet: ./main.go:6:2: declared and not used: x", Svc, out var vet);
        GoOutputParser.Classify("./x.c:3:5: warning: unused variable 'y' [-Wunused-variable]", Svc, out var cgo);
        Assert.Multiple(() =>
        {
            Assert.That(mod, Is.EqualTo(new GoDiagnostic(goMod, 4, 0, "unknown directive: foo", GoDiagnosticSeverity.Error)));
            Assert.That(vet, Is.EqualTo(new GoDiagnostic(Path.Combine(Svc, "main.go"), 6, 2, "declared and not used: x", GoDiagnosticSeverity.Error)));
            Assert.That(cgo!.Severity, Is.EqualTo(GoDiagnosticSeverity.Warning));
            Assert.That(cgo.Message, Is.EqualTo("unused variable 'y' [-Wunused-variable]"));
        });
    }

    [TestCase("# example.com/app/svc", "PackageHeader")]
    [TestCase("\thave (number)", "Continuation")]
    [TestCase("go: downloading example.com/Greeter v1.0.0", "Text")]
    [TestCase("go: example.com/x@v1.0.0: missing go.sum entry; to add it:", "Text")]
    [TestCase("go: example.com/x@v1.0.0: reading file:///tmp/proxy/example.com/x/@v/v1.0.0.mod: no such file or directory", "Text")]
    [TestCase("", "Text")]
    public void Other_lines(string line, string kind)
    {
        Assert.Multiple(() =>
        {
            Assert.That(GoOutputParser.Classify(line, Svc, out var d).ToString(), Is.EqualTo(kind));
            Assert.That(d, Is.Null);
        });
    }

    [Test]
    public void GoBuild_logs_errors_with_file_line_column_and_folds_continuation_lines_into_them()
    {
        var engine = new RecordingBuildEngine();
        var task = new GoBuild { BuildEngine = engine, ProjectDirectory = Svc };
        foreach (var line in new[]
        {
            "go: downloading example.com/Greeter v1.0.0",
            "# example.com/app/svc",
            "./main.go:9:28: cannot use \"text\" (untyped string constant) as int value in return statement",
            "./main.go:12:14: not enough arguments in call to f",
            "\thave (number)",
            "\twant (int, int)",
            "./main.go:13:1: too many errors",
        })
        {
            task.ProcessLine(line);
        }

        task.FlushPending();
        var main = Path.Combine(Svc, "main.go");
        Assert.Multiple(() =>
        {
            Assert.That(engine.Errors.Select(e => (e.File, e.LineNumber, e.ColumnNumber, e.Code, e.Message)), Is.EqualTo(new[]
            {
                (main, 9, 28, "GO", "cannot use \"text\" (untyped string constant) as int value in return statement"),
                (main, 12, 14, "GO", "not enough arguments in call to f; have (number); want (int, int)"),
            }));
            Assert.That(task.DiagnosticErrors, Is.EqualTo(2));
            Assert.That(engine.Warnings, Is.Empty);
            Assert.That(engine.Messages.Where(m => m.Importance == MessageImportance.High).Select(m => m.Message), Does.Contain("# example.com/app/svc").And.Contain("too many errors"));
            Assert.That(engine.Messages.Select(m => m.Message), Does.Contain("go: downloading example.com/Greeter v1.0.0"));
        });
    }

    [Test]
    public void GoBuild_command_line_and_environment()
    {
        var output = Path.Combine(Svc, "bin", "my app");
        var task = new GoBuild
        {
            BuildEngine = new RecordingBuildEngine(),
            ProjectDirectory = Svc,
            Output = output,
            Packages = ["./cmd/a", "./cmd/b"],
            Tags = ["netgo", "osusergo, static"],
            LdFlags = "-s -w -X main.version=1.2.3",
            TrimPath = true,
            ExtraArguments = "-race -v",
            GoOS = "linux",
            GoArch = "arm64",
            CgoEnabled = "false",
            GoFlags = "-mod=mod",
        };
        Assert.Multiple(() =>
        {
            Assert.That(task.CommandLine(), Is.EqualTo($"build -o \"{output}\" -tags \"netgo,osusergo,static\" -ldflags=\"-s -w -X main.version=1.2.3\" -trimpath -race -v ./cmd/a ./cmd/b"));
            Assert.That(task.EnvironmentOverrides(), Is.EqualTo(new[] { "GOFLAGS=-mod=mod", "GOOS=linux", "GOARCH=arm64", "CGO_ENABLED=0" }));
            Assert.That(new GoBuild { ProjectDirectory = Svc }.CommandLine(), Is.EqualTo("build ."));
            Assert.That(new GoBuild { ProjectDirectory = Svc, CgoEnabled = "1" }.EnvironmentOverrides(), Is.EqualTo(new[] { "CGO_ENABLED=1" }));
        });
    }
}
