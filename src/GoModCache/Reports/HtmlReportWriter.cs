using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;
using GoCaches.Inventory;

namespace GoCaches.Reports;

/// <summary>
/// Writes a <see cref="CacheReport"/> as one HTML page with its style inline and no script: a squarified treemap
/// computed here (absolutely positioned boxes in percent, with <c>data-*</c> attributes that tests read back),
/// tables, a histogram and the sources of the figures. It stays small for big caches by grouping the long tail.
/// </summary>
internal sealed class HtmlReportWriter(CacheReport report)
{
    // The treemap is laid out in a 1000 x 560 space and drawn in percent of its box, which keeps every area
    // proportional to its bytes at any width (a phone's taller box stretches all areas by the same factor).
    internal const double MapWidth = 1000;
    internal const double MapHeight = 560;

    // Most modules drawn on their own; a module below this share of the picture joins "other modules".
    internal const int MaxModules = 150;
    internal const double MinModuleShare = 0.0005;

    // Most versions drawn inside a module; smaller ones (and those past the count) join "more versions".
    internal const int MaxVersionsPerModule = 30;
    internal const double MinVersionShare = 0.0003;

    // Rows of the removed versions' table before the rest is summed up.
    internal const int MaxRemovedRows = 200;

    private const double ModuleLabelMinWidth = 70;
    private const double ModuleLabelMinHeight = 22;
    private const double VersionLabelMinWidth = 46;
    private const double VersionLabelMinHeight = 36;

    private readonly StringBuilder _sb = new();
    private readonly List<ReportModule> _modules = ReportModules.Group(report.Versions);
    private readonly DateTime _now = report.GeneratedUtc;

    private bool Removes => report.Versions.Any(v => v.Removed) || report.Totals.Any(t => t.After != null);

    // A clean removes every version: hatching them all would hide the picture, so the page says it once instead.
    private bool AllRemoved => report.Versions.Count > 0 && report.Versions.All(v => v.Removed);

    private string RemovedWord => report.DryRun ? "would be removed" : "removed";

    public string Write()
    {
        _sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        _sb.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        _sb.Append("<meta name=\"color-scheme\" content=\"light dark\">\n");
        _sb.Append("<title>").Append(H(Title())).Append("</title>\n<style>").Append(Style).Append("</style>\n</head>\n<body>\n<main>\n");
        WriteHeader();
        WriteCards();
        WriteMap();
        WriteTables();
        WriteHistogram();
        WriteTotals();
        WriteRemoved();
        WriteSources();
        WriteNotes();
        _sb.Append("<footer>Written by Cake.GoModCache at ").Append(H(Time(_now))).Append(". One self-contained page: no script, no external file.</footer>\n");
        _sb.Append("</main>\n</body>\n</html>\n");
        return _sb.ToString();
    }

    private string Title()
    {
        var op = report.Operation;
        return "Go caches: " + op + (report.DryRun ? " (dry run)" : string.Empty);
    }

    private void WriteHeader()
    {
        _sb.Append("<header>\n<h1>What fills Go's caches <span class=\"op\" data-operation=\"").Append(H(report.Operation)).Append("\">")
            .Append(H(report.Operation)).Append(report.DryRun ? " · dry run" : string.Empty).Append("</span></h1>\n<p class=\"meta\">");
        _sb.Append("Measured ").Append(H(Time(_now)));
        if (report.ModuleCacheRoot != null)
        {
            _sb.Append(" · module cache <code>").Append(H(report.ModuleCacheRoot)).Append("</code>");
        }

        if (report.BuildCacheRoot != null)
        {
            _sb.Append(" · build cache <code>").Append(H(report.BuildCacheRoot)).Append("</code>");
        }

        _sb.Append("</p>\n</header>\n");
    }

    private void WriteCards()
    {
        _sb.Append("<section class=\"cards\">\n");
        var mod = report.Totals.FirstOrDefault(t => t.Key == "moduleCacheBytes");
        var versions = report.Totals.FirstOrDefault(t => t.Key == "moduleVersions");
        if (mod != null)
        {
            var sub = versions == null ? string.Empty : $"{Count(versions.Before)} versions in {Count(_modules.Count)} modules";
            if (mod.After is { } after)
            {
                Card("Module cache", $"{Size(mod.Before)} → {Size(after)}", sub, "moduleCache");
                var freed = mod.Before - after;
                var share = mod.Before > 0 ? (double)freed / mod.Before : 0;
                var removedVersions = report.Versions.Count(v => v.Removed);
                var buildFreed = report.Totals.FirstOrDefault(t => t.Key == "buildCacheBytes" && t.After != null) is { } b ? b.Before - b.After!.Value : 0;
                var freedSub = buildFreed > 0
                    ? $"module cache {Size(freed)} ({Count(removedVersions)} versions), build cache {Size(buildFreed)}"
                    : $"{Percent(share)} of the module cache · {Count(removedVersions)} versions";
                Card(report.DryRun ? "Would free" : "Freed", Size(freed + buildFreed), freedSub, "freed", highlight: true);
            }
            else
            {
                Card("Module cache", Size(mod.Before), sub, "moduleCache");
            }
        }

        var build = report.Totals.FirstOrDefault(t => t.Key == "buildCacheBytes");
        if (build != null)
        {
            Card("Build cache", build.After is { } a ? $"{Size(build.Before)} → {Size(a)}" : Size(build.Before), "compiled packages, test results", "buildCache");
        }

        // After a real removal, what is still there; before it (a dry run, a size), everything.
        var realRemoval = Removes && !report.DryRun;
        var stale = report.Versions.Where(v => v.LastUse.TimeUtc is { } t && (_now - t).TotalDays >= 30 && !(realRemoval && v.Removed)).ToList();
        if (report.Versions.Count > 0)
        {
            var staleMarked = stale.Count(v => v.Removed);
            var staleSub = $"{Count(stale.Count)} versions" + (realRemoval ? " still there" : staleMarked > 0 ? $", {Count(staleMarked)} of them {RemovedWord}" : string.Empty);
            Card("Unused for 30 days or more", Size(stale.Sum(v => v.Bytes)), staleSub, "stale");
        }

        _sb.Append("</section>\n");
    }

    private void Card(string label, string value, string sub, string key, bool highlight = false)
    {
        _sb.Append("<div class=\"card").Append(highlight ? " hi" : string.Empty).Append("\" data-card=\"").Append(key).Append("\"><div class=\"cl\">").Append(H(label))
            .Append("</div><div class=\"cv\">").Append(H(value)).Append("</div><div class=\"cs\">").Append(H(sub)).Append("</div></div>\n");
    }

    private void WriteMap()
    {
        var total = report.ModuleCachePictureBytes;
        _sb.Append("<section class=\"mapsec\">\n<div class=\"sechead\"><h2>Module cache by module</h2><p class=\"hint\">Area = bytes on disk. Each box inside a module is one version; its colour is how long ago it was last used.")
            .Append(AllRemoved ? $" Every version here {RemovedWord}: the map shows the cache as it was." : Removes ? $" Hatched versions {RemovedWord}." : string.Empty)
            .Append(" Hover a box for its figures.</p></div>\n");
        WriteLegend();
        _sb.Append("<div class=\"mapgrid\">\n");
        _sb.Append("<div class=\"treemap").Append(AllRemoved ? " all" : string.Empty).Append("\" id=\"treemap\" data-bytes=\"").Append(Num(total)).Append("\" role=\"img\" aria-label=\"Treemap of the module cache by module, ").Append(H(Size(total))).Append("\">\n");
        if (total <= 0)
        {
            _sb.Append("<p class=\"empty\">The module cache is empty.</p>\n");
        }
        else
        {
            WriteTreemap(total);
        }

        _sb.Append("</div>\n");
        WriteScale(total);
        _sb.Append("</div>\n</section>\n");
    }

    private void WriteLegend()
    {
        _sb.Append("<div class=\"legend\"><span class=\"lt\">Last use</span>");
        for (var i = 0; i < AgeBins.Labels.Length; i++)
        {
            _sb.Append("<span class=\"li\"><i class=\"sw a").Append(i).Append("\"></i>").Append(H(AgeBins.Labels[i])).Append("</span>");
        }

        if (Removes && !AllRemoved)
        {
            _sb.Append("<span class=\"li\"><i class=\"sw a3 rm\"></i>").Append(report.DryRun ? "would be removed" : "removed").Append("</span>");
        }

        _sb.Append("<span class=\"li\"><i class=\"sw sg\"></i>small items grouped</span></div>\n");
    }

    private void WriteTreemap(long total)
    {
        // The items of the top level: modules on their own, the long tail as one box, the cache's other parts.
        var shown = new List<ReportModule>();
        foreach (var m in _modules)
        {
            var remaining = _modules.Count - shown.Count;
            if (shown.Count > 0 && remaining > 1 && (shown.Count >= MaxModules || m.Bytes < total * MinModuleShare))
            {
                break;
            }

            shown.Add(m);
        }

        var rest = _modules.Skip(shown.Count).ToList();
        var items = new List<(long Bytes, Action<TreemapRect> Write)>();
        foreach (var m in shown)
        {
            items.Add((m.Bytes, r => WriteModule(m, r, total)));
        }

        if (rest.Count > 0)
        {
            var bytes = rest.Sum(m => m.Bytes);
            var marked = rest.Sum(m => m.RemovedCount);
            var versions = rest.Sum(m => m.Versions.Count);
            items.Add((bytes, r => Group(r, null, "modules", $"{Count(rest.Count)} other modules", $"{Count(rest.Count)} smaller modules, {Count(versions)} versions, {Size(bytes)}", bytes, rest.Count, marked)));
        }

        void Part(string key, string label, string what, long bytes)
        {
            if (bytes > 0)
            {
                items.Add((bytes, r => WritePart(r, key, label, what, bytes)));
            }
        }

        Part("vcs", "cache/vcs", "repositories Go cloned for direct fetches", report.VcsBytes);
        Part("sumdb", "cache/download/sumdb", "checksum database tiles", report.SumDbBytes);
        Part("other", "other files", "@v/list files, locks and anything else", report.OtherBytes);

        var rects = TreemapLayout.Squarify(items.Select(i => (double)i.Bytes).ToList(), new TreemapRect(0, 0, MapWidth, MapHeight));
        for (var i = 0; i < items.Count; i++)
        {
            items[i].Write(rects[i]);
        }
    }

    private void WriteModule(ReportModule m, TreemapRect r, long total)
    {
        _sb.Append("<div class=\"mod").Append(m.IsToolchain ? " tc" : string.Empty).Append("\" style=\"").Append(Box(r, null)).Append("\" data-module=\"").Append(H(m.Path))
            .Append("\" data-bytes=\"").Append(Num(m.Bytes)).Append("\" data-versions=\"").Append(Num(m.Versions.Count)).Append('"');
        if (m.RemovedCount > 0)
        {
            _sb.Append(" data-marked=\"").Append(Num(m.RemovedCount)).Append('"');
        }

        _sb.Append(">\n");

        var shown = new List<ReportedVersion>();
        foreach (var v in m.Versions)
        {
            var remaining = m.Versions.Count - shown.Count;
            if (shown.Count > 0 && remaining > 1 && (shown.Count >= MaxVersionsPerModule || v.Bytes < total * MinVersionShare))
            {
                break;
            }

            shown.Add(v);
        }

        var rest = m.Versions.Skip(shown.Count).ToList();
        var values = shown.Select(v => (double)v.Bytes).ToList();
        if (rest.Count > 0)
        {
            values.Add(rest.Sum(v => v.Bytes));
        }

        var rects = TreemapLayout.Squarify(values, r);
        for (var i = 0; i < shown.Count; i++)
        {
            WriteVersion(m, shown[i], rects[i], r);
        }

        if (rest.Count > 0)
        {
            var bytes = rest.Sum(v => v.Bytes);
            Group(rects[^1], r, "versions", $"{Count(rest.Count)} more", $"{m.Path}: {Count(rest.Count)} smaller versions, {Size(bytes)}", bytes, rest.Count, rest.Count(v => v.Removed));
        }

        if (r.Width >= ModuleLabelMinWidth && r.Height >= ModuleLabelMinHeight)
        {
            _sb.Append("<span class=\"ml\">").Append(H(m.Path)).Append(" <b>").Append(H(Size(m.Bytes))).Append("</b></span>\n");
        }

        _sb.Append("</div>\n");
    }

    private void WriteVersion(ReportModule m, ReportedVersion v, TreemapRect r, TreemapRect parent)
    {
        var bin = AgeBins.Of(v.LastUse, _now);
        _sb.Append("<div class=\"v a").Append(bin).Append(v.Removed ? " rm" : string.Empty).Append("\" style=\"").Append(Box(r, parent))
            .Append("\" data-version=\"").Append(H(v.Version)).Append("\" data-bytes=\"").Append(Num(v.Bytes)).Append("\" data-age=\"").Append(bin)
            .Append("\" data-source=\"").Append(SourceKey(v.LastUse.Source)).Append('"');
        if (v.Removed)
        {
            _sb.Append(" data-marked=\"true\"");
        }

        var tip = new StringBuilder().Append(m.Path).Append('@').Append(v.Version).Append(" · ").Append(Size(v.Bytes)).Append(" · last use ").Append(LastUseText(v.LastUse));
        if (v.Removed)
        {
            tip.Append(" · ").Append(RemovedWord).Append(": ").Append(v.RemovalReason);
        }

        _sb.Append(" title=\"").Append(H(tip.ToString())).Append("\">");
        if (r.Width >= VersionLabelMinWidth && r.Height >= VersionLabelMinHeight)
        {
            _sb.Append("<span>").Append(H(v.Version)).Append("</span>");
        }

        _sb.Append("</div>\n");
    }

    private void Group(TreemapRect r, TreemapRect? parent, string kind, string label, string tip, long bytes, int count, int marked)
    {
        _sb.Append("<div class=\"grp").Append(marked > 0 ? " rm" : string.Empty).Append("\" style=\"").Append(Box(r, parent)).Append("\" data-group=\"").Append(kind)
            .Append("\" data-bytes=\"").Append(Num(bytes)).Append("\" data-count=\"").Append(Num(count)).Append('"');
        if (marked > 0)
        {
            _sb.Append(" data-marked=\"").Append(Num(marked)).Append('"');
            tip += $", {Count(marked)} {RemovedWord}";
        }

        _sb.Append(" title=\"").Append(H(tip)).Append("\">");
        if (r.Width >= VersionLabelMinWidth && r.Height >= 16)
        {
            _sb.Append("<span>").Append(H(label)).Append("</span>");
        }

        _sb.Append("</div>\n");
    }

    private void WritePart(TreemapRect r, string key, string label, string what, long bytes)
    {
        _sb.Append("<div class=\"part\" style=\"").Append(Box(r, null)).Append("\" data-part=\"").Append(key).Append("\" data-bytes=\"").Append(Num(bytes))
            .Append("\" title=\"").Append(H($"{label}: {what} · {Size(bytes)}")).Append("\">");
        if (r.Width >= ModuleLabelMinWidth && r.Height >= 16)
        {
            _sb.Append("<span>").Append(H(label)).Append(" <b>").Append(H(Size(bytes))).Append("</b></span>");
        }

        _sb.Append("</div>\n");
    }

    private void WriteScale(long moduleBytes)
    {
        if (report.BuildCacheRoot == null)
        {
            return;
        }

        // Beside the map of the module cache as it was, the build cache as it was too.
        var build = report.Totals.FirstOrDefault(t => t.Key == "buildCacheBytes")?.Before ?? report.BuildCacheBytes;
        var sum = Math.Max(1, moduleBytes + build);
        var modShare = (double)moduleBytes / sum;
        _sb.Append("<aside class=\"scale\" aria-label=\"The two caches to scale\">\n<div class=\"sl\">Both caches to scale</div>\n<div class=\"col\">");
        _sb.Append("<div class=\"seg mc\" style=\"flex-grow:").Append(F(modShare)).Append("\" data-cache=\"module\" data-bytes=\"").Append(Num(moduleBytes))
            .Append("\" title=\"").Append(H($"Module cache (the map): {Size(moduleBytes)}")).Append("\"></div>");
        _sb.Append("<div class=\"seg bc\" style=\"flex-grow:").Append(F(1 - modShare)).Append("\" data-cache=\"build\" data-bytes=\"").Append(Num(build))
            .Append("\" title=\"").Append(H($"Build cache: {Size(build)} (one block: Go's compiled packages and cached test results)")).Append("\"></div>");
        _sb.Append("</div>\n<div class=\"sk\"><span><i class=\"sw mc\"></i>Module cache<b>").Append(H(Size(moduleBytes))).Append("</b></span>");
        _sb.Append("<span><i class=\"sw bc\"></i>Build cache<b>").Append(H(Size(build))).Append("</b></span></div>\n</aside>\n");
    }

    private void WriteTables()
    {
        if (_modules.Count == 0)
        {
            return;
        }

        var total = Math.Max(1, _modules.Sum(m => m.Bytes));
        _sb.Append("<section class=\"two\">\n<div class=\"panel\">\n<h2>Largest modules</h2>\n<div class=\"scroll\"><table id=\"largest\">\n<thead><tr><th>Module</th><th class=\"n\">Versions</th><th class=\"n\">Size</th><th class=\"bar\">Share</th><th>Newest use</th></tr></thead>\n<tbody>\n");
        foreach (var m in _modules.Take(10))
        {
            var share = (double)m.Bytes / total;
            _sb.Append("<tr data-module=\"").Append(H(m.Path)).Append("\" data-bytes=\"").Append(Num(m.Bytes)).Append("\" data-versions=\"").Append(Num(m.Versions.Count)).Append("\"><td class=\"mp\">")
                .Append(H(m.Path)).Append(Marked(m)).Append("</td><td class=\"n\">").Append(Count(m.Versions.Count)).Append("</td><td class=\"n\">").Append(H(Size(m.Bytes)))
                .Append("</td><td class=\"bar\"><i style=\"width:").Append(F(share * 100)).Append("%\"></i><span>").Append(Percent(share)).Append("</span></td><td>")
                .Append(H(m.NewestUse is { } t ? Age(t) : "unknown")).Append("</td></tr>\n");
        }

        var top = _modules.Take(10).ToList();
        _sb.Append("</tbody>\n<tfoot><tr data-bytes=\"").Append(Num(top.Sum(m => m.Bytes))).Append("\"><td>").Append(top.Count == _modules.Count ? "All " : "These ")
            .Append(Count(top.Count)).Append(" of ").Append(Count(_modules.Count)).Append(" modules</td><td class=\"n\">").Append(Count(top.Sum(m => m.Versions.Count)))
            .Append("</td><td class=\"n\">").Append(H(Size(top.Sum(m => m.Bytes)))).Append("</td><td class=\"bar\">").Append(Percent((double)top.Sum(m => m.Bytes) / total))
            .Append("</td><td></td></tr></tfoot>\n</table></div>\n</div>\n");

        _sb.Append("<div class=\"panel\">\n<h2>Most versions</h2>\n<div class=\"scroll\"><table id=\"most-versions\">\n<thead><tr><th>Module</th><th class=\"n\">Versions</th><th class=\"n\">Size</th><th>Oldest use</th></tr></thead>\n<tbody>\n");
        foreach (var m in _modules.OrderByDescending(m => m.Versions.Count).ThenByDescending(m => m.Bytes).ThenBy(m => m.Path, StringComparer.Ordinal).Take(10))
        {
            var oldest = m.Versions.Select(v => v.LastUse.TimeUtc).Where(t => t != null).DefaultIfEmpty().Min();
            _sb.Append("<tr data-module=\"").Append(H(m.Path)).Append("\" data-bytes=\"").Append(Num(m.Bytes)).Append("\" data-versions=\"").Append(Num(m.Versions.Count)).Append("\"><td class=\"mp\">")
                .Append(H(m.Path)).Append(Marked(m)).Append("</td><td class=\"n\">").Append(Count(m.Versions.Count)).Append("</td><td class=\"n\">").Append(H(Size(m.Bytes)))
                .Append("</td><td>").Append(H(oldest is { } t ? Age(t) : "unknown")).Append("</td></tr>\n");
        }

        _sb.Append("</tbody>\n</table></div>\n</div>\n</section>\n");
    }

    private string Marked(ReportModule m) => m.RemovedCount == 0
        ? string.Empty
        : $" <em class=\"tag\" title=\"{H($"{Count(m.RemovedCount)} of its versions {RemovedWord}, {Size(m.RemovedBytes)}")}\">{Count(m.RemovedCount)} {(report.DryRun ? "would go" : "removed")}</em>";

    private void WriteHistogram()
    {
        if (report.Versions.Count == 0)
        {
            return;
        }

        var bins = new (int Count, long Bytes, int Removed, long RemovedBytes)[AgeBins.Labels.Length];
        foreach (var v in report.Versions)
        {
            var b = AgeBins.Of(v.LastUse, _now);
            bins[b].Count++;
            bins[b].Bytes += v.Bytes;
            if (v.Removed)
            {
                bins[b].Removed++;
                bins[b].RemovedBytes += v.Bytes;
            }
        }

        var max = Math.Max(1, bins.Max(b => b.Bytes));
        _sb.Append("<section class=\"panel\">\n<h2>Last use</h2>\n<p class=\"hint\">Bytes of module versions by how long ago they were last used")
            .Append(Removes && !AllRemoved ? $"; the hatched part {RemovedWord}" : string.Empty).Append(".</p>\n<div class=\"hist\" id=\"histogram\">\n");
        for (var i = 0; i < bins.Length; i++)
        {
            var b = bins[i];
            var height = (double)b.Bytes / max * 100;
            var removed = b.Bytes == 0 ? 0 : (double)b.RemovedBytes / b.Bytes * 100;
            _sb.Append("<div class=\"hc\" data-age=\"").Append(i).Append("\" data-bytes=\"").Append(Num(b.Bytes)).Append("\" data-versions=\"").Append(Num(b.Count)).Append("\" data-marked=\"").Append(Num(b.Removed))
                .Append("\" title=\"").Append(H($"{AgeBins.Labels[i]}: {Count(b.Count)} versions, {Size(b.Bytes)}" + (b.Removed > 0 ? $", {Count(b.Removed)} {RemovedWord} ({Size(b.RemovedBytes)})" : string.Empty))).Append("\">")
                .Append("<div class=\"hv\">").Append(b.Bytes > 0 ? H(Size(b.Bytes)) : "&nbsp;").Append("</div><div class=\"hb\"><div class=\"hf a").Append(i).Append("\" style=\"height:").Append(F(height)).Append("%\">");
            if (b.RemovedBytes > 0 && !AllRemoved)
            {
                _sb.Append("<div class=\"hr rm\" style=\"height:").Append(F(removed)).Append("%\"></div>");
            }

            _sb.Append("</div></div><div class=\"hl\">").Append(H(AgeBins.ShortLabels[i])).Append("</div><div class=\"hn\">").Append(Count(b.Count)).Append(b.Count == 1 ? " version" : " versions").Append("</div></div>\n");
        }

        _sb.Append("</div>\n</section>\n");
    }

    private void WriteTotals()
    {
        if (report.Totals.Count == 0)
        {
            return;
        }

        var changes = report.Totals.Any(t => t.After != null);
        _sb.Append("<section class=\"panel\">\n<h2>Totals</h2>\n<div class=\"scroll\"><table id=\"totals\">\n<thead><tr><th></th><th class=\"n\">").Append(changes ? "Before" : "Now").Append("</th>");
        if (changes)
        {
            _sb.Append("<th class=\"n\">").Append(report.DryRun ? "After (would be)" : "After").Append("</th><th class=\"n\">").Append(report.DryRun ? "Would go" : "Gone").Append("</th>");
        }

        _sb.Append("</tr></thead>\n<tbody>\n");
        foreach (var t in report.Totals)
        {
            string Fmt(long n) => t.IsBytes ? Size(n) : Count(n);
            _sb.Append("<tr data-key=\"").Append(t.Key).Append("\" data-before=\"").Append(Num(t.Before)).Append('"');
            if (t.After is { } after)
            {
                _sb.Append(" data-after=\"").Append(Num(after)).Append('"');
            }

            _sb.Append("><th>").Append(H(t.Label)).Append("</th><td class=\"n\">").Append(H(Fmt(t.Before))).Append("</td>");
            if (changes)
            {
                _sb.Append("<td class=\"n\">").Append(t.After is { } a ? H(Fmt(a)) : "unchanged").Append("</td><td class=\"n\">").Append(t.After is { } a2 ? H(Fmt(t.Before - a2)) : "–").Append("</td>");
            }

            _sb.Append("</tr>\n");
        }

        _sb.Append("</tbody>\n</table></div>\n</section>\n");
    }

    private void WriteRemoved()
    {
        var removed = report.Versions.Where(v => v.Removed).OrderByDescending(v => v.Bytes).ThenBy(v => v.Path, StringComparer.Ordinal).ThenBy(v => v.Version, StringComparer.Ordinal).ToList();
        if (removed.Count == 0)
        {
            return;
        }

        _sb.Append("<section class=\"panel\">\n<h2>").Append(report.DryRun ? "Would be removed" : "Removed").Append(" <span class=\"count\">").Append(Count(removed.Count)).Append(" versions, ")
            .Append(H(Size(removed.Sum(v => v.Bytes)))).Append("</span></h2>\n<div class=\"scroll\"><table id=\"removed\">\n<thead><tr><th>Module</th><th>Version</th><th class=\"n\">Size</th><th>Last use</th><th>Why</th></tr></thead>\n<tbody>\n");
        foreach (var v in removed.Take(MaxRemovedRows))
        {
            _sb.Append("<tr data-module=\"").Append(H(v.Path)).Append("\" data-version=\"").Append(H(v.Version)).Append("\" data-bytes=\"").Append(Num(v.Bytes)).Append("\"><td class=\"mp\">")
                .Append(H(v.Path)).Append("</td><td class=\"mp\">").Append(H(v.Version)).Append("</td><td class=\"n\">").Append(H(Size(v.Bytes))).Append("</td><td>")
                .Append(H(v.LastUse.TimeUtc is { } t ? Age(t) : "unknown")).Append("</td><td>").Append(H(v.RemovalReason ?? string.Empty)).Append("</td></tr>\n");
        }

        _sb.Append("</tbody>\n</table></div>\n");
        if (removed.Count > MaxRemovedRows)
        {
            var rest = removed.Skip(MaxRemovedRows).ToList();
            _sb.Append("<p class=\"hint\">…and ").Append(Count(rest.Count)).Append(" smaller versions (").Append(H(Size(rest.Sum(v => v.Bytes)))).Append("); the JSON report lists them all.</p>\n");
        }

        _sb.Append("</section>\n");
    }

    private void WriteSources()
    {
        _sb.Append("<section class=\"panel sources\">\n<h2>Where the numbers come from</h2>\n<ul>\n");
        _sb.Append("<li><b>Sizes</b> are the bytes of the files (as <code>du -sb</code> counts them), summed by walking the caches at ").Append(H(Time(_now)))
            .Append("; symbolic links are not followed. A version's size is its extracted directory plus its download files (<code>.zip</code>, <code>.mod</code>, <code>.info</code>, <code>.ziphash</code>).</li>\n");
        if (Removes && !report.DryRun)
        {
            _sb.Append("<li><b>Removed versions</b> are no longer on disk: the map draws them from the operation's own record, with the bytes their removal freed. The totals before and after are the operation's measurements.</li>\n");
        }
        else if (Removes)
        {
            _sb.Append("<li><b>Marked versions</b> are the ones the dry run lists: nothing was removed.</li>\n");
        }

        if (report.BuildCacheRoot != null)
        {
            _sb.Append("<li><b>The build cache</b> is shown as one block: Go names its entries by hash, so they cannot be traced back to modules. Go trims entries unused for five days on its own.</li>\n");
        }

        _sb.Append("<li><b>Last use</b>: Go records none, so each version's is the latest of what there is:</li>\n</ul>\n");
        var sources = new[] { LastUseSource.UsageRecord, LastUseSource.AccessTime, LastUseSource.ExtractionTime, LastUseSource.DownloadTime, LastUseSource.Unknown };
        _sb.Append("<div class=\"scroll\"><table id=\"sources\">\n<thead><tr><th>Source</th><th class=\"n\">Versions</th><th class=\"n\">Size</th><th>What it is</th></tr></thead>\n<tbody>\n");
        foreach (var s in sources)
        {
            var of = report.Versions.Where(v => v.LastUse.Source == s).ToList();
            _sb.Append("<tr data-source=\"").Append(SourceKey(s)).Append("\" data-versions=\"").Append(Num(of.Count)).Append("\" data-bytes=\"").Append(Num(of.Sum(v => v.Bytes))).Append("\"><th>")
                .Append(H(SourceName(s))).Append("</th><td class=\"n\">").Append(Count(of.Count)).Append("</td><td class=\"n\">").Append(H(Size(of.Sum(v => v.Bytes)))).Append("</td><td>")
                .Append(H(SourceMeaning(s))).Append("</td></tr>\n");
        }

        _sb.Append("</tbody>\n</table></div>\n</section>\n");
    }

    private void WriteNotes()
    {
        if (report.Notes.Count == 0)
        {
            return;
        }

        _sb.Append("<section class=\"panel notes\">\n<h2>Notes</h2>\n<ul>\n");
        foreach (var n in report.Notes)
        {
            _sb.Append("<li>").Append(H(n)).Append("</li>\n");
        }

        _sb.Append("</ul>\n</section>\n");
    }

    private static string SourceKey(LastUseSource s) => s switch
    {
        LastUseSource.UsageRecord => "usageRecord",
        LastUseSource.AccessTime => "accessTime",
        LastUseSource.ExtractionTime => "extractionTime",
        LastUseSource.DownloadTime => "downloadTime",
        _ => "unknown",
    };

    private static string SourceName(LastUseSource s) => s switch
    {
        LastUseSource.UsageRecord => "Usage record",
        LastUseSource.AccessTime => "File access time",
        LastUseSource.ExtractionTime => "Extraction time",
        LastUseSource.DownloadTime => "Download time",
        _ => "Unknown",
    };

    private static string SourceMeaning(LastUseSource s) => s switch
    {
        LastUseSource.UsageRecord => "The builds run through Cake.GoModCache wrote down the versions they used (gomodcache-usage.json).",
        LastUseSource.AccessTime => "The newest read of the version's files that the file system recorded (relatime: at most one a day).",
        LastUseSource.ExtractionTime => "When Go extracted the version (its directory's modification time): no later use was recorded.",
        LastUseSource.DownloadTime => "When Go downloaded the version: it was never extracted.",
        _ => "Nothing to go by.",
    };

    private string LastUseText(LastUse lastUse) => lastUse.TimeUtc is { } t
        ? $"{Age(t)} ({t.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC, {LastUse.Describe(lastUse.Source)})"
        : "unknown";

    private string Age(DateTime t)
    {
        var age = _now - t;
        if (age.TotalMinutes < 1)
        {
            return "just now";
        }

        if (age.TotalHours < 1)
        {
            return $"{(int)age.TotalMinutes} min ago";
        }

        if (age.TotalDays < 1)
        {
            return $"{(int)age.TotalHours} h ago";
        }

        if (age.TotalDays < 365)
        {
            var days = (int)age.TotalDays;
            return days == 1 ? "1 day ago" : $"{days} days ago";
        }

        return $"{age.TotalDays / 365.25:0.#} years ago";
    }

    // Left, top, width and height in percent of the parent box (the treemap, or the module a version sits in).
    private static string Box(TreemapRect r, TreemapRect? parent)
    {
        var p = parent ?? new TreemapRect(0, 0, MapWidth, MapHeight);
        var left = p.Width > 0 ? (r.X - p.X) / p.Width * 100 : 0;
        var top = p.Height > 0 ? (r.Y - p.Y) / p.Height * 100 : 0;
        var width = p.Width > 0 ? r.Width / p.Width * 100 : 0;
        var height = p.Height > 0 ? r.Height / p.Height * 100 : 0;
        return $"left:{F(left)}%;top:{F(top)}%;width:{F(width)}%;height:{F(height)}%";
    }

    private static string F(double value) => Math.Round(value, 4).ToString("0.####", CultureInfo.InvariantCulture);

    private static string Num(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Size(long bytes) => SizeParser.Format(bytes);

    private static string Percent(double share) => share >= 0.1 || share == 0
        ? (share * 100).ToString("0", CultureInfo.InvariantCulture) + "%"
        : (share * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    private static string Time(DateTime t) => t.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";

    private static string H(string text) => WebUtility.HtmlEncode(text);

    private const string Style = """

:root{--bg:#f5f6f8;--card:#fff;--fg:#1c2230;--muted:#5b6474;--line:#dde2e9;--gap:#f5f6f8;--accent:#2563c9;--hatch:rgba(20,24,32,.42);--mark:#141820;--grp:#c9ced6;--part:#e1e4e9;--mc:#4f86c6;--bc:#8e6cc0;
--a0:#2f7fb5;--a1:#3da59f;--a2:#8dbd68;--a3:#e8c04e;--a4:#ec8b43;--a5:#cf4558;--a6:#aab0b9;--t0:#fff;--t1:#0c1f1e;--t2:#132110;--t3:#2a2205;--t4:#2b1504;--t5:#fff;--t6:#1c2230}
@media (prefers-color-scheme:dark){:root{--bg:#0f1217;--card:#171b22;--fg:#e4e8ee;--muted:#98a2b3;--line:#2a313c;--gap:#0f1217;--accent:#6ea0ff;--hatch:rgba(0,0,0,.55);--mark:#f4f6fa;--grp:#3a414d;--part:#262c36;--mc:#3f73b0;--bc:#7a5bb0;
--a0:#2a6d9c;--a1:#2c8a85;--a2:#6a964c;--a3:#b4922d;--a4:#b8692c;--a5:#a63a4a;--a6:#565d69;--t0:#f2f5f9;--t1:#f2f5f9;--t2:#f2f5f9;--t3:#f2f5f9;--t4:#f2f5f9;--t5:#f2f5f9;--t6:#f2f5f9}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1240px;margin:0 auto;padding:16px 20px 28px}
code{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere}
h1{font-size:22px;margin:0 0 2px;font-weight:650;letter-spacing:-.01em}
h2{font-size:15px;margin:0 0 6px;font-weight:650}
.op{display:inline-block;vertical-align:middle;font-size:12px;font-weight:600;padding:2px 8px;border-radius:999px;background:var(--accent);color:#fff;margin-left:6px;letter-spacing:.02em}
.meta,.hint{color:var(--muted);margin:0;font-size:12.5px}
header{margin-bottom:12px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(190px,1fr));gap:10px;margin-bottom:14px}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:10px 14px}
.card.hi{border-color:var(--accent);box-shadow:inset 3px 0 0 var(--accent)}
.cl{font-size:12px;color:var(--muted)}
.cv{font-size:21px;font-weight:650;font-variant-numeric:tabular-nums;white-space:nowrap}
.cs{font-size:12px;color:var(--muted)}
.mapsec,.panel{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:12px 14px;margin-bottom:14px}
.sechead{display:flex;flex-wrap:wrap;align-items:baseline;gap:4px 12px}
.sechead h2{margin:0}
.legend{display:flex;flex-wrap:wrap;gap:4px 12px;align-items:center;font-size:12px;color:var(--muted);margin:8px 0}
.lt{font-weight:600;color:var(--fg)}
.li{display:inline-flex;align-items:center;gap:5px;white-space:nowrap}
.sw{display:inline-block;width:14px;height:12px;border-radius:3px;position:relative;overflow:hidden}
.mapgrid{display:flex;gap:12px;align-items:stretch}
.treemap{position:relative;flex:1 1 auto;min-width:0;height:clamp(340px,calc(100vh - 280px),680px);background:var(--gap);border-radius:6px;overflow:hidden}
.mod,.v,.grp,.part{position:absolute}
.mod::after{content:"";position:absolute;inset:0;border:2px solid var(--gap);pointer-events:none;z-index:2}
.v,.grp,.part{border:1px solid var(--gap);overflow:hidden}
.v span,.grp span{position:absolute;left:4px;bottom:2px;right:3px;font-size:11px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;opacity:.9}
.ml{position:absolute;left:3px;top:3px;max-width:calc(100% - 6px);z-index:3;font-size:12px;font-weight:600;padding:1px 5px;border-radius:4px;background:color-mix(in srgb,var(--card) 82%,transparent);color:var(--fg);white-space:nowrap;overflow:hidden;text-overflow:ellipsis;pointer-events:none}
.ml b,.part b{font-weight:500;color:var(--muted)}
.part{background:var(--part);color:var(--fg)}
.part span{position:absolute;left:5px;top:3px;right:3px;font-size:11.5px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.grp{background:var(--grp);color:var(--fg)}
.v:hover,.grp:hover,.part:hover{filter:brightness(1.12)}
.a0{background-color:var(--a0);color:var(--t0)}.a1{background-color:var(--a1);color:var(--t1)}.a2{background-color:var(--a2);color:var(--t2)}.a3{background-color:var(--a3);color:var(--t3)}
.a4{background-color:var(--a4);color:var(--t4)}.a5{background-color:var(--a5);color:var(--t5)}.a6{background-color:var(--a6);color:var(--t6)}
.rm{background-image:repeating-linear-gradient(135deg,var(--hatch) 0 2.5px,transparent 2.5px 7px)}
.v.rm,.grp.rm{box-shadow:inset 0 0 0 2px var(--mark)}
.all .rm{background-image:none;box-shadow:none}
.scale{flex:0 0 160px;display:flex;flex-direction:column;gap:6px;font-size:12px}
.sl{color:var(--muted);font-weight:600}
.col{flex:1;display:flex;flex-direction:column;border-radius:6px;overflow:hidden;min-height:120px;border:1px solid var(--line)}
.seg{min-height:3px}
.mc{background:var(--mc)}.bc{background:var(--bc)}.sw.sg{background:var(--grp)}
.sk{display:flex;flex-direction:column;gap:4px}
.sk span{display:grid;grid-template-columns:14px 1fr;column-gap:6px;align-items:center}
.sk b{grid-column:2;font-variant-numeric:tabular-nums;font-size:13px}
.two{display:grid;grid-template-columns:1fr 1fr;gap:14px}
.two .panel{margin-bottom:14px;min-width:0}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:13px}
#totals{width:auto;min-width:min(560px,100%)}
th,td{text-align:left;padding:5px 8px;border-bottom:1px solid var(--line);vertical-align:top}
thead th{font-size:12px;color:var(--muted);font-weight:600}
tbody th{font-weight:600}
tfoot td{font-weight:600;border-bottom:0}
.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.mp{font:12.5px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere}
.bar{min-width:90px;position:relative;white-space:nowrap}
.bar i{display:inline-block;height:8px;border-radius:4px;background:var(--mc);vertical-align:middle;max-width:60px;margin-right:6px}
.bar span{font-variant-numeric:tabular-nums}
.tag{font:600 11px system-ui,sans-serif;font-style:normal;padding:0 6px;border-radius:999px;border:1px dashed var(--mark);margin-left:4px;white-space:nowrap}
.count{font-weight:500;color:var(--muted);font-size:13px}
.hist{display:grid;grid-template-columns:repeat(7,minmax(0,1fr));gap:8px;align-items:end;margin-top:8px}
.hc{display:flex;flex-direction:column;align-items:stretch;text-align:center;min-width:0}
.hv{font-size:12px;font-weight:600;font-variant-numeric:tabular-nums;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.hb{height:150px;display:flex;align-items:flex-end;border-bottom:1px solid var(--line)}
.hf{width:100%;border-radius:5px 5px 0 0;min-height:1px;position:relative;overflow:hidden}
.hr{position:absolute;left:0;right:0;top:0}
.hl{font-size:12px;margin-top:4px;white-space:nowrap}
.hn{font-size:11.5px;color:var(--muted);white-space:nowrap}
.sources ul,.notes ul{margin:4px 0 8px;padding-left:18px}
.sources li{margin:3px 0}
.empty{padding:20px;color:var(--muted)}
footer{color:var(--muted);font-size:12px;text-align:center;margin-top:6px}
@media (max-width:760px){
main{padding:12px 10px 20px}
h1{font-size:19px}
.mapgrid{flex-direction:column}
.treemap{height:auto;aspect-ratio:1/1}
.scale{flex:none}
.col{flex-direction:row;min-height:22px;height:22px}
.sk{flex-direction:row;flex-wrap:wrap;gap:4px 18px}
.two{grid-template-columns:1fr;gap:0}
.cards{grid-template-columns:1fr 1fr;gap:8px}
.card{padding:8px 10px}
.cv{font-size:17px}
#removed,#sources{min-width:620px}
.ml{font-size:11px}
.hist{gap:4px}
.hb{height:110px}
.hv{font-size:10.5px}
.hl,.hn{font-size:10.5px;white-space:normal}
}

""";
}
