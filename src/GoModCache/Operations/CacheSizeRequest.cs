namespace GoCaches.Operations;

/// <summary>Measure Go's caches: every cache whose root <see cref="OperationRequest.Roots"/> gives.</summary>
public sealed class CacheSizeRequest : OperationRequest
{
    /// <summary>Gets the usage record to read last-use times from; the module cache's default record when null.</summary>
    public string? UsageRecordPath { get; init; }

    /// <summary>Gets a value indicating whether each module version's last use is read (it reads every file's metadata). Default true.</summary>
    public bool IncludeLastUse { get; init; } = true;
}
