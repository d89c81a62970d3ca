using System.IO;
using GoCaches.Inventory;
using GoModCache.TestSupport;
using NUnit.Framework;
using PublicApiGenerator;

namespace Cake.GoModCache.Tests;

/// <summary>
/// The addin's and the engine's public API, approved: a change shows up as a diff of the .approved.txt
/// files. To accept a change, copy the .received.txt the failing test writes over the .approved.txt.
/// </summary>
public class PublicApiTests
{
    [Test]
    public void The_addin_public_api_is_approved() => Approve(typeof(GoAliases).Assembly.GeneratePublicApi(), "Cake.GoModCache");

    [Test]
    public void The_engine_public_api_is_approved() => Approve(typeof(ModuleCacheInventory).Assembly.GeneratePublicApi(), "GoModCache");

    private static void Approve(string api, string name)
    {
        // Not [CallerFilePath]: deterministic CI builds map source paths to /_/.
        var dir = Path.Combine(Repository.Root, "tests", "Cake.GoModCache.Tests", "PublicApi");
        var approved = Path.Combine(dir, name + ".approved.txt");
        var received = Path.Combine(dir, name + ".received.txt");
        var expected = File.Exists(approved) ? File.ReadAllText(approved).ReplaceLineEndings("\n") : string.Empty;
        var actual = api.ReplaceLineEndings("\n");
        if (expected != actual)
        {
            File.WriteAllText(received, actual);
            Assert.Fail($"The public API of {name} changed. Review {received} and, if intended, copy it over {approved}.");
        }
        else if (File.Exists(received))
        {
            File.Delete(received);
        }
    }
}
