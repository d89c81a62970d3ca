using GoCaches.Inventory;

namespace GoCaches.Checks;

/// <summary>The free space of the volume holding the caches, as <see cref="CacheLimitCheck"/> measured it.</summary>
/// <param name="Path">The directory whose volume was measured (the module cache root, else the build cache root).</param>
/// <param name="FreeBytes">The bytes available to this user.</param>
/// <param name="VolumeBytes">The volume's size.</param>
/// <param name="MinFreeBytes">The least free space required in bytes (a percentage resolved against the volume), or null.</param>
public sealed record FreeSpaceStatus(string Path, long FreeBytes, long VolumeBytes, long? MinFreeBytes)
{
    /// <summary>Gets a value indicating whether free space is under its minimum.</summary>
    public bool BelowMinimum => MinFreeBytes is { } min && FreeBytes < min;

    /// <summary>Gets the bytes missing to the minimum (0 when not short).</summary>
    public long MissingBytes => MinFreeBytes is { } min && FreeBytes < min ? min - FreeBytes : 0;

    /// <summary>Gets the status in words.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        $"free space {SizeParser.Format(FreeBytes)} of {SizeParser.Format(VolumeBytes)}" +
        (MinFreeBytes is { } min ? $" (minimum {SizeParser.Format(min)}{(BelowMinimum ? ", below it" : string.Empty)})" : string.Empty);
}
