using System.Collections.Generic;

namespace GoCaches.Eviction;

/// <summary>What the go commands seen at a marking do now (<see cref="GoCommandWatch.Look"/>).</summary>
/// <param name="Reading">Whether one of them may still read a marked tree: it runs, has not been watched for the longest wait, and is not blocked on a lock this process holds.</param>
/// <param name="WaitedFor">When none is reading: the locks of this process the blocked ones wait for (<see cref="GoFileLock.Identity"/>); empty when none is blocked.</param>
internal readonly record struct GoCommandLook(bool Reading, IReadOnlySet<string> WaitedFor);
