import Foundation

/// `inspect --sizes --html FILE`: one self-contained page (no network, no library) with a zoomable treemap,
/// packages and regions first, a package's functions on click. The layout is squarified (Bruls, Huizing and
/// van Wijk, 2000), written out below in a few lines of JavaScript over absolutely positioned divs.
///
/// Once laid out, each box carries `data-share` (its bytes over the file's) and `data-area` (its measured
/// area over the map's), and the root element `data-rendered`, so a headless browser can check the drawing.
public enum SizeReportHTML {
    public static func render(_ breakdown: SizeBreakdown, title: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = (try? encoder.encode(breakdown)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        // Inside <script>, `<` could open `</script>` or `<!--`; it only occurs inside JSON strings.
        let data = json.replacingOccurrences(of: "<", with: "\\u003c")
        return
            template
            .replacingOccurrences(of: "@TITLE@", with: escape(title))
            .replacingOccurrences(of: "@DATA@", with: data)
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    private static let template = #"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>@TITLE@ — sizes</title>
        <style>
        body { font: 13px/1.4 system-ui, sans-serif; margin: 12px; color: #222; }
        h1 { font-size: 16px; margin: 0 0 4px; }
        #crumbs { margin: 6px 0; } #crumbs a { cursor: pointer; color: #0645ad; text-decoration: underline; }
        #map { position: relative; width: 100%; height: 70vh; min-height: 320px; background: #eee; overflow: hidden; }
        .box { position: absolute; box-sizing: border-box; border: 1px solid #fff; overflow: hidden; padding: 2px 3px;
               font-size: 11px; color: #111; cursor: default; }
        .box.zoomable { cursor: zoom-in; }
        .box b { display: block; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
        .note { color: #555; font-size: 12px; }
        table { border-collapse: collapse; margin-top: 10px; } td, th { padding: 1px 8px; text-align: right; }
        td:first-child, th:first-child { text-align: left; }
        </style></head>
        <body>
        <h1>@TITLE@</h1>
        <div id="summary" class="note"></div>
        <div id="crumbs"></div>
        <div id="map"></div>
        <p class="note" id="method"></p>
        <table id="table"><thead><tr><th>package / region</th><th>bytes</th><th>%</th><th>br (est.)</th><th>%</th></tr></thead><tbody></tbody></table>
        <script type="application/json" id="sizes">@DATA@</script>
        <script>
        "use strict";
        const report = JSON.parse(document.getElementById("sizes").textContent);
        const map = document.getElementById("map");
        const fmt = n => n.toLocaleString("en-US");
        const pct = (a, b) => b > 0 ? (100 * a / b).toFixed(1) + "%" : "-";
        const colours = { package: 210, data: 30, section: 120, framing: 0, unattributed: 0 };
        function hue(name, kind) {
          if (kind !== "package") return colours[kind];
          let h = 0; for (const c of name) h = (h * 31 + c.charCodeAt(0)) % 360; return h;
        }
        // Squarified treemap: rows of boxes along the shorter side, each row closed when adding the next box
        // would make the row's worst aspect ratio worse.
        function squarify(items, x, y, w, h) {
          const total = items.reduce((s, i) => s + i.value, 0), out = [];
          if (total <= 0 || w <= 0 || h <= 0) return out;
          const scale = w * h / total, rest = items.map(i => ({ item: i, area: i.value * scale }));
          let row = [];
          const worst = (r, side) => {
            if (!r.length) return Infinity;
            const s = r.reduce((a, b) => a + b.area, 0), max = Math.max(...r.map(b => b.area)), min = Math.min(...r.map(b => b.area));
            return Math.max(side * side * max / (s * s), s * s / (side * side * min));
          };
          const place = r => {
            const s = r.reduce((a, b) => a + b.area, 0);
            if (w >= h) { const cw = s / h; let cy = y; for (const b of r) { const bh = b.area / cw; out.push({ item: b.item, x, y: cy, w: cw, h: bh }); cy += bh; } x += cw; w -= cw; }
            else { const rh = s / w; let cx = x; for (const b of r) { const bw = b.area / rh; out.push({ item: b.item, x: cx, y, w: bw, h: rh }); cx += bw; } y += rh; h -= rh; }
          };
          while (rest.length) {
            const side = Math.min(w, h);
            if (!row.length || worst(row.concat([rest[0]]), side) <= worst(row, side)) row.push(rest.shift());
            else { place(row); row = []; }
          }
          if (row.length) place(row);
          return out;
        }
        function draw(zoom) {
          map.textContent = "";
          const entry = zoom ? report.entries.find(e => e.name === zoom && e.kind === "package") : null;
          const whole = entry ? entry.size : report.fileSize;
          const items = (entry ? entry.functions.map(f => ({ name: f.name, value: f.size, kind: "package", note: "function #" + f.index }))
                               : report.entries.map(e => ({ name: e.name, value: e.size, kind: e.kind, entry: e })))
                        .filter(i => i.value > 0).sort((a, b) => b.value - a.value);
          const W = map.clientWidth, H = map.clientHeight;
          for (const r of squarify(items, 0, 0, W, H)) {
            const d = document.createElement("div"), i = r.item;
            d.className = "box" + (!entry && i.kind === "package" ? " zoomable" : "");
            Object.assign(d.style, { left: r.x + "px", top: r.y + "px", width: r.w + "px", height: r.h + "px",
              background: i.kind === "unattributed" ? "#ccc" : "hsl(" + hue(entry ? entry.name : i.name, i.kind) + ",55%," + (i.kind === "framing" ? 80 : 72) + "%)" });
            d.dataset.name = i.name; d.dataset.kind = i.kind; d.dataset.share = String(i.value / whole);
            const br = i.entry ? ", ~" + fmt(i.entry.compressed) + " B br (" + pct(i.entry.compressed, report.compressedSize) + ")" : "";
            d.title = i.name + ": " + fmt(i.value) + " B (" + pct(i.value, whole) + ")" + br + (i.note ? ", " + i.note : "");
            const b = document.createElement("b"); b.textContent = i.name; d.appendChild(b);
            d.appendChild(document.createTextNode(fmt(i.value) + " B " + pct(i.value, whole)));
            if (!entry && i.kind === "package") d.onclick = () => { location.hash = "#" + encodeURIComponent(i.name); };
            map.appendChild(d);
          }
          const m = map.getBoundingClientRect();
          for (const d of map.children) { const r = d.getBoundingClientRect(); d.dataset.area = String(r.width * r.height / (m.width * m.height)); }
          const crumbs = document.getElementById("crumbs"); crumbs.textContent = "";
          const all = document.createElement("a"); all.textContent = "all"; all.onclick = () => { location.hash = ""; }; crumbs.appendChild(all);
          if (entry) crumbs.appendChild(document.createTextNode(" › " + entry.name + " (" + entry.functions.length + " functions, " + fmt(entry.size) + " B)"));
          document.documentElement.dataset.rendered = zoom || "all";
        }
        document.getElementById("summary").textContent = fmt(report.fileSize) + " bytes, " + fmt(report.compressedSize) + " bytes " + report.compression + ". Click a package to see its functions.";
        document.getElementById("method").textContent = "Compressed shares are estimates: " + report.method + ".";
        const tbody = document.querySelector("#table tbody");
        for (const e of report.entries.slice(0, 40)) {
          const tr = document.createElement("tr");
          for (const v of [e.name, fmt(e.size), pct(e.size, report.fileSize), fmt(e.compressed), pct(e.compressed, report.compressedSize)]) {
            const td = document.createElement("td"); td.textContent = v; tr.appendChild(td);
          }
          tbody.appendChild(tr);
        }
        const route = () => draw(decodeURIComponent(location.hash.slice(1)) || null);
        window.addEventListener("hashchange", route);
        window.addEventListener("resize", route);
        route();
        </script>
        </body></html>
        """#
}
