using System.Collections;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Build.Framework;

namespace GoModCache.MSBuild.Tests;

/// <summary>A minimal MSBuild host for one task: records what the task logs.</summary>
public sealed class RecordingBuildEngine : IBuildEngine
{
    public List<BuildErrorEventArgs> Errors { get; } = [];

    public List<BuildWarningEventArgs> Warnings { get; } = [];

    public List<BuildMessageEventArgs> Messages { get; } = [];

    public bool ContinueOnError => false;

    public int LineNumberOfTaskNode => 0;

    public int ColumnNumberOfTaskNode => 0;

    public string ProjectFileOfTaskNode => "test.proj";

    /// <summary>Gets everything logged, one event a line, as a reader of the build log would see it.</summary>
    public string Log => string.Join("\n", Messages.Select(m => m.Message).Concat(Warnings.Select(w => "warning " + w.Code + ": " + w.Message)).Concat(Errors.Select(e => "error " + e.Code + ": " + e.Message)));

    public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) => false;

    public void LogCustomEvent(CustomBuildEventArgs e)
    {
    }

    public void LogErrorEvent(BuildErrorEventArgs e) => Errors.Add(e);

    /// <summary>Gets or sets what is told each message as it is logged (from the task's thread), for a test that acts on a message.</summary>
    public System.Action<string>? OnMessage { get; set; }

    public void LogMessageEvent(BuildMessageEventArgs e)
    {
        Messages.Add(e);
        OnMessage?.Invoke(e.Message ?? string.Empty);
    }

    public void LogWarningEvent(BuildWarningEventArgs e) => Warnings.Add(e);
}
