using System;
using System.IO;
using NUnit.Framework;

namespace GoModCache.MSBuild.Tests;

/// <summary>
/// The stamp of a Go build changes with every setting that reaches go and with the go command's file, and is not
/// rewritten when nothing changed. A fake go file: the task must not run it.
/// </summary>
public class GoBuildStampTests
{
    private string _root = null!;
    private string _go = null!;
    private string _stamp = null!;

    [SetUp]
    public void CreateFolder()
    {
        _root = Directory.CreateTempSubdirectory("gomodcache-stamp-").FullName;
        _go = Path.Combine(_root, "goroot", "bin", "go");
        Directory.CreateDirectory(Path.GetDirectoryName(_go)!);
        File.WriteAllText(_go, "#!/bin/sh\nexit 99\n");
        File.WriteAllText(Path.Combine(_root, "goroot", "VERSION"), "go1.23.5\n");
        _stamp = Path.Combine(_root, "obj", "go", "svc.inputs.cache");
    }

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_root, recursive: true);

    [Test]
    public void An_unchanged_build_leaves_the_stamp_as_it_is()
    {
        Assert.That(Stamp().Changed, Is.True, "a new stamp");
        var written = File.GetLastWriteTimeUtc(_stamp);
        File.SetLastWriteTimeUtc(_stamp, written.AddMinutes(-5));
        Assert.Multiple(() =>
        {
            Assert.That(Stamp().Changed, Is.False);
            Assert.That(File.GetLastWriteTimeUtc(_stamp), Is.EqualTo(written.AddMinutes(-5)), "not rewritten");
        });
    }

    [TestCase("LdFlags", "-X main.version=2")]
    [TestCase("Tags", "blue")]
    [TestCase("Output", "/elsewhere/svc")]
    [TestCase("Packages", "./cmd/svc")]
    [TestCase("TrimPath", "true")]
    [TestCase("GoOS", "windows")]
    [TestCase("GoArch", "arm64")]
    [TestCase("CgoEnabled", "true")]
    [TestCase("ExtraArguments", "-race")]
    [TestCase("GoFlags", "-mod=vendor")]
    [TestCase("EnvironmentVariables", "CGO_CFLAGS=-O3")]
    [TestCase("ProjectDirectory", "other")]
    public void A_changed_setting_rewrites_the_stamp(string parameter, string value)
    {
        Stamp();
        var task = NewTask();
        switch (parameter)
        {
            case "LdFlags": task.LdFlags = value; break;
            case "Tags": task.Tags = [value]; break;
            case "Output": task.Output = value; break;
            case "Packages": task.Packages = [value]; break;
            case "TrimPath": task.TrimPath = true; break;
            case "GoOS": task.GoOS = value; break;
            case "GoArch": task.GoArch = value; break;
            case "CgoEnabled": task.CgoEnabled = value; break;
            case "ExtraArguments": task.ExtraArguments = value; break;
            case "GoFlags": task.GoFlags = value; break;
            case "EnvironmentVariables": task.EnvironmentVariables = ["GOFLAGS=-mod=mod", value]; break;
            case "ProjectDirectory": task.ProjectDirectory = Directory.CreateDirectory(Path.Combine(_root, value)).FullName; break;
            default: throw new ArgumentOutOfRangeException(nameof(parameter));
        }

        Assert.That(task.Execute(), Is.True);
        Assert.That(task.Changed, Is.True);
        Assert.That(Stamp().Changed, Is.True, "and back");
    }

    [Test]
    public void A_changed_go_command_rewrites_the_stamp()
    {
        Stamp();

        // The same file, modified (an upgrade in place).
        File.SetLastWriteTimeUtc(_go, DateTime.UtcNow.AddHours(-1));
        Assert.That(Stamp().Changed, Is.True, "the go file's time");

        // GOROOT's VERSION.
        File.WriteAllText(Path.Combine(_root, "goroot", "VERSION"), "go1.23.6\n");
        Assert.That(Stamp().Changed, Is.True, "GOROOT/VERSION");

        // A link to go that now points at another toolchain (update-alternatives, a version manager).
        var other = Path.Combine(_root, "goroot2", "bin", "go");
        Directory.CreateDirectory(Path.GetDirectoryName(other)!);
        File.Copy(_go, other);
        File.SetLastWriteTimeUtc(other, File.GetLastWriteTimeUtc(_go));
        var link = Path.Combine(_root, "links", "go");
        Directory.CreateDirectory(Path.GetDirectoryName(link)!);
        File.CreateSymbolicLink(link, _go);
        Assert.That(Stamp(link).Changed, Is.True, "another path");
        Assert.That(Stamp(link).Changed, Is.False);
        File.Delete(link);
        File.CreateSymbolicLink(link, other);
        Assert.That(Stamp(link).Changed, Is.True, "the link's target");
    }

    private GoBuildStamp NewTask(string? go = null) => new()
    {
        BuildEngine = new RecordingBuildEngine(),
        StampFile = _stamp,
        ProjectDirectory = _root,
        Output = Path.Combine(_root, "bin", "svc"),
        LdFlags = "-X main.version=1",
        GoExecutable = go ?? _go,
        EnvironmentVariables = ["GOFLAGS=-mod=mod"],
    };

    private GoBuildStamp Stamp(string? go = null)
    {
        var task = NewTask(go);
        Assert.That(task.Execute(), Is.True);
        return task;
    }
}
