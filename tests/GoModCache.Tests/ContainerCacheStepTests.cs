using System;
using System.IO;
using System.Linq;
using GoCaches;
using GoCaches.Containers;
using GoCaches.Inventory;
using GoModCache.TestSupport;
using NUnit.Framework;

namespace GoModCache.Tests;

/// <summary>The container step's cache modes: the plan each mode makes, and the prune mode run on caches real go filled.</summary>
public class ContainerCacheStepTests
{
    [Test]
    public void Clean_mode_plans_both_cleans_and_no_prune()
    {
        var plan = ContainerCacheStep.Plan(new ContainerCacheRequest { ModCacheRoot = "/m", BuildCacheRoot = "/b" });
        Assert.Multiple(() =>
        {
            Assert.That(plan.Mode, Is.EqualTo(ContainerCacheMode.Clean));
            Assert.That(plan.CleanModCache && plan.CleanBuildCache, Is.True);
            Assert.That(plan.Prune, Is.Null);
            Assert.That(plan.Trim, Is.Null);
            Assert.That(ContainerCacheStep.Plan(new ContainerCacheRequest { ModCacheRoot = "/m", BuildCacheRoot = "off" }).CleanBuildCache, Is.False);
        });
    }

    [Test]
    public void Prune_mode_needs_a_project_and_takes_the_default_build_cache_limit()
    {
        Assert.Throws<GoModCacheException>(() => ContainerCacheStep.Plan(new ContainerCacheRequest { Mode = ContainerCacheMode.Prune, ModCacheRoot = "/m" }));
        var plan = ContainerCacheStep.Plan(new ContainerCacheRequest { Mode = ContainerCacheMode.Prune, ModCacheRoot = "/m", BuildCacheRoot = "/b", KeepProjects = ["/src/app"] });
        Assert.Multiple(() =>
        {
            Assert.That(plan.CleanModCache || plan.CleanBuildCache, Is.False, "prune mode deletes neither cache");
            Assert.That(plan.Prune!.KeepProjects, Is.EqualTo(new[] { "/src/app" }));
            Assert.That(plan.Trim!.SizeLimit, Is.EqualTo(ContainerCacheRequest.DefaultBuildCacheSizeLimit));
            Assert.That(plan.Description, Does.Contain("512 MiB"));
        });
    }

    [Test]
    public void Prune_mode_keeps_what_the_project_needs_and_trims_the_build_cache_to_its_limit()
    {
        using var sandbox = new GoSandbox("container-prune");
        var used = sandbox.Proxy.Add("example.com/used", "v1.0.0");
        sandbox.Proxy.Add("example.com/stale", "v0.9.0");
        sandbox.PublishProxy();
        var app = sandbox.WriteProject("app", used);
        sandbox.MustGo(app, "mod", "tidy");
        sandbox.MustGo(app, "build", "-o", Path.Combine(sandbox.Root, "app.bin"), ".");
        sandbox.MustGo(sandbox.Dir("elsewhere"), "mod", "download", "example.com/stale@v0.9.0");
        var buildBefore = BuildCacheInventory.Scan(sandbox.GoCache).Total.Bytes;
        var limit = buildBefore / 2;

        var request = new ContainerCacheRequest
        {
            Mode = ContainerCacheMode.Prune,
            ModCacheRoot = sandbox.GoModCache,
            BuildCacheRoot = sandbox.GoCache,
            KeepProjects = [app],
            BuildCacheSizeLimit = SizeSpec.FromBytes(limit),
            GoPathEntries = [sandbox.GoPath],
        };
        var report = ContainerCacheStep.RunPrune(request, ContainerCacheStep.Plan(request));

        var left = ModuleCacheInventory.Scan(sandbox.GoModCache).Modules.Select(m => m.Path + "@" + m.Version).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(left, Is.EqualTo(new[] { "example.com/used@v1.0.0" }), "the version no project here needs went");
            Assert.That(report.Prune!.Removed.Select(r => r.Module.ToString()), Is.EqualTo(new[] { "example.com/stale@v0.9.0" }));
            Assert.That(report.Trim!.BytesAfter, Is.LessThanOrEqualTo(limit).And.GreaterThan(0), "trimmed to the limit, not emptied");
            Assert.That(BuildCacheInventory.Scan(sandbox.GoCache).Total.Bytes, Is.LessThanOrEqualTo(limit + 4096));
        });

        // The kept caches still build the project with no proxy at all.
        sandbox.Environment["GOPROXY"] = "off";
        sandbox.MustGo(app, "build", "-o", Path.Combine(sandbox.Root, "app2.bin"), ".");
    }
}
