using System.IO;
using System.Linq;
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

    [Test]
    public void Every_alias_takes_an_action_or_settings_and_all_but_the_five_readme_names_take_none()
    {
        var aliases = typeof(GoAliases).GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Where(m => m.GetCustomAttributes(typeof(Cake.Core.Annotations.CakeMethodAliasAttribute), false).Length > 0)
            .GroupBy(m => m.Name)
            .ToList();
        bool Takes(IGrouping<string, System.Reflection.MethodInfo> overloads, System.Func<System.Type, bool> second) =>
            overloads.Any(m => m.GetParameters().Length == 2 && second(m.GetParameters()[1].ParameterType));
        Assert.Multiple(() =>
        {
            Assert.That(aliases, Has.Count.GreaterThan(15));
            foreach (var alias in aliases)
            {
                Assert.That(Takes(alias, t => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(System.Action<>)), Is.True, alias.Key + "(Action<TSettings>)");
                Assert.That(Takes(alias, t => typeof(GoSettings).IsAssignableFrom(t)), Is.True, alias.Key + "(TSettings)");
            }

            // README, "The Cake addin": the aliases that take no settings are all but these five.
            Assert.That(aliases.Where(a => !a.Any(m => m.GetParameters().Length == 1)).Select(a => a.Key), Is.EquivalentTo(new[] { "GoModCacheCheck", "GoModCachePrune", "GoCachePrepareForSave", "GoContainerBuild", "GoModExportProxy" }));
            Assert.That(File.ReadAllText(Path.Combine(Repository.Root, "README.md")).ReplaceLineEndings(" "), Does.Contain("all but five also take none: `GoModCacheCheck`, `GoModCachePrune` and `GoCachePrepareForSave` need limits or a policy, `GoContainerBuild` an output, and `GoModExportProxy` takes just its output folder instead."));
        });
    }

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
