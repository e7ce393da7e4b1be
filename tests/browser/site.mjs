// Browser checks of the 专栏 site (`gkml site`), in Debian's headless Chromium
// over file:// — started by tests/it/site.rs:
//   node tests/browser/site.mjs SITE_DIR SHOTS_DIR
// Crawls from index.html (no request outside the site, no sideways scroll at
// 375 px; a pilot site: every item page within 3 clicks; a national site —
// one with table/ pages — every 二级事项 row within 3 clicks), runs axe-core
// on the home page, a domain page, an item or table page (and a unit page of
// a national site) and the search page (no serious or critical violation of
// WCAG 2.1 A/AA), searches a two-character fragment of a piece's or a
// 二级事项's name, checks the skip link, the focus ring and the print style,
// and takes screenshots at 1280 and 375 px. Prints "site checks passed" at
// the end.

import { chromium } from "playwright-core";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const [siteArg, shotsArg] = process.argv.slice(2);
if (!siteArg || !shotsArg) {
  console.error("usage: node site.mjs SITE_DIR SHOTS_DIR");
  process.exit(2);
}
const site = path.resolve(siteArg);
const shots = path.resolve(shotsArg);
fs.mkdirSync(shots, { recursive: true });
const base = pathToFileURL(site + path.sep).href;
const url = (rel) => new URL(rel, base).href;

// A national site (format national-2019) has a page per table, no item pages.
const national = fs.existsSync(path.join(site, "table"));

const failures = [];
const fail = (msg) => { failures.push(msg); console.log("FAIL " + msg); };

// The machine may have no Chinese font: give Chromium the booklet's Noto
// CJK fonts through a private fontconfig file, so screenshots show text.
const fontDir = path.resolve(here, "../../src/booklet/fonts");
const fcFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gkml-fc-")), "fonts.conf");
fs.writeFileSync(fcFile, `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>${fontDir}</dir>
</fontconfig>
`);

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  env: { ...process.env, FONTCONFIG_FILE: fcFile },
});
const deadline = setTimeout(() => { console.error("site checks timed out"); process.exit(1); }, 240_000);

try {
  const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
  const page = await context.newPage();
  // Nothing may be requested from outside the site.
  page.on("request", (req) => {
    const u = req.url();
    if (!u.startsWith(base) && !u.startsWith("data:") && u !== "about:blank") {
      fail(`request outside the site: ${u} (from ${page.url()})`);
    }
  });
  page.on("pageerror", (e) => fail(`script error on ${page.url()}: ${e.message}`));

  // Crawl breadth-first at 375 px: depth of every page, sideways scroll.
  const depth = new Map([[url("index.html"), 0]]);
  // Each link with its fragment → the fewest clicks that reach it.
  const clicks = new Map();
  const queue = [url("index.html")];
  let crawled = 0;
  while (queue.length > 0 && crawled < 5000) {
    const at = queue.shift();
    const resp = await page.goto(at);
    crawled++;
    if (!resp || !resp.ok()) { fail(`cannot open ${at}`); continue; }
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    if (width > 375) { fail(`${at}: ${width} px wide at a 375 px viewport`); }
    const lang = await page.evaluate(() => document.documentElement.lang);
    if (lang !== "zh-CN") { fail(`${at}: lang="${lang}"`); }
    const links = await page.$$eval("a[href]", (as) => as.map((a) => a.href));
    for (const l of links) {
      if (!clicks.has(l)) { clicks.set(l, depth.get(at) + 1); }
      const target = l.split("#")[0].split("?")[0];
      if (!target.startsWith(base)) {
        if (!target.startsWith("https://") && !target.startsWith("http://")) {
          fail(`${at}: link ${l} is outside the site`);
        }
        continue;
      }
      if (!fs.existsSync(fileURLToPath(target))) { fail(`${at}: dead link ${l}`); continue; }
      if (target.endsWith(".html") && !depth.has(target)) {
        depth.set(target, depth.get(at) + 1);
        queue.push(target);
      }
    }
  }
  const pagesIn = (dir) => fs.readdirSync(path.join(site, dir)).filter((f) => f.endsWith(".html")).sort();
  // The page searched and shown in detail: a pilot site's item page (one of
  // a 试点事项, which shows every field), a national site's table page.
  let detailPage;
  if (national) {
    // Every 二级事项 row: a link to it within 3 clicks.
    const tables = pagesIn("table");
    let rows = 0;
    const far = [];
    for (const f of tables) {
      const html = fs.readFileSync(path.join(site, "table", f), "utf8");
      for (const m of html.matchAll(/<tr id="([^"]+)">/g)) {
        rows++;
        const n = Math.min(clicks.get(url("table/" + f) + "#" + m[1]) ?? Infinity,
          (depth.get(url("table/" + f)) ?? Infinity));
        if (!(n <= 3)) { far.push(`table/${f}#${m[1]}`); }
      }
    }
    if (rows === 0) { fail("the table pages have no rows"); }
    if (far.length > 0) { fail(`rows not within 3 clicks of index.html: ${far.join(", ")}`); }
    console.log(`crawled ${crawled} pages; ${tables.length} tables, ${rows} rows, all within 3 clicks`);
    // The tables fit every width, not only a phone's: a table on a wide
    // screen, cards below 75rem.
    // One load of each table, laid out again at each width.
    for (const f of tables) {
      await page.goto(url("table/" + f));
      for (const w of [768, 1024, 1200, 1201, 1280, 1440]) {
        await page.setViewportSize({ width: w, height: 900 });
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        if (width > w) { fail(`table/${f}: ${width} px wide at a ${w} px viewport`); }
      }
    }
    await page.setViewportSize({ width: 375, height: 800 });
    detailPage = url("table/" + tables[0]);
  } else {
    const items = pagesIn("item");
    const far = items.filter((f) => !(depth.get(url("item/" + f)) <= 3));
    if (far.length > 0) { fail(`items not within 3 clicks of index.html: ${far.join(", ")}`); }
    console.log(`crawled ${crawled} pages; ${items.length} items, all within 3 clicks`);
    detailPage = url("item/" + items[0]);
    for (const f of items) {
      const html = fs.readFileSync(path.join(site, "item", f), "utf8");
      if (html.includes("公开途径")) { detailPage = url("item/" + f); break; }
    }
  }

  // What is searched: a piece's name (pilot) or a 二级事项's (national), a
  // long one, and the element it is shown in.
  await page.goto(detailPage);
  const piece = national
    ? await page.$$eval("tr[id] th.level2", (hs) => {
      const h = hs.find((x) => Array.from(x.textContent.trim()).length >= 4) || hs[0];
      return { name: h.textContent.trim(), id: h.parentElement.id };
    })
    : await page.$eval(".piece h4", (h) => ({ name: h.textContent.trim(), id: h.parentElement.id }));
  const nameSelector = national ? "th.level2" : "h4";
  const chars = Array.from(piece.name);
  const fragment = chars.slice(1, 3).join("");

  // axe-core: no serious or critical violation.
  const axePath = path.join(here, "node_modules/axe-core/axe.min.js");
  const domainPage = url("domain/" + pagesIn("domain")[0]);
  const unitPage = url("unit/" + pagesIn("unit")[0]);
  // Each page loaded once and checked at 1280 px, then laid out again at
  // 375 px and checked again.
  async function axe(at, setup) {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(at);
    if (setup) { await setup(); }
    await page.addScriptTag({ path: axePath });
    for (const w of [1280, 375]) {
      await page.setViewportSize({ width: w, height: 900 });
      const result = await page.evaluate(async () => await window.axe.run(document, {
        runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
      }));
      const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
      for (const v of bad) {
        fail(`axe ${v.id} (${v.impact}) on ${at} at ${w} px: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("; ")}`);
      }
      console.log(`axe on ${at.slice(base.length)} at ${w} px: ${result.violations.length} violation(s), ${bad.length} serious/critical`);
    }
  }
  await axe(url("index.html"));
  await axe(detailPage);
  await axe(domainPage);
  if (national) { await axe(unitPage); }
  await axe(url("search.html?q=" + encodeURIComponent(fragment)), () => page.waitForSelector("#search-results li"));

  // Search: a two-character fragment of the name finds it.
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(url("index.html"));
  await page.fill("#q", fragment);
  await page.press("#q", "Enter");
  await page.waitForURL(/search\.html\?q=/);
  await page.waitForSelector("#search-results li", { timeout: 10_000 }).catch(() => {});
  const results = await page.$$eval("#search-results a", (as) => as.map((a) => ({ text: a.textContent, href: a.href })));
  const detailPath = detailPage.slice(base.length);
  const hit = results.find((r) => r.text === piece.name && r.href.endsWith(detailPath + "#" + piece.id));
  if (!hit) {
    fail(`searching "${fragment}" did not find "${piece.name}" (${detailPath}#${piece.id}); got ${results.length} results`);
  } else {
    await page.click(`#search-results a[href$="${detailPath}#${piece.id}"]`);
    const heading = await page.$eval(`[id="${piece.id}"] ${nameSelector}`, (h) => h.textContent.trim());
    if (heading !== piece.name) { fail(`search result opened "${heading}", not "${piece.name}"`); }
    console.log(`search "${fragment}" found "${piece.name}" among ${results.length} results`);
  }
  // Typing updates the results without submitting.
  await page.goto(url("search.html"));
  await page.fill("#q", fragment);
  await page.waitForSelector("#search-results li", { timeout: 10_000 }).catch(() => fail("typing shows no results"));

  // Keyboard: the first Tab reaches the skip link, visibly, and it leads to the main content.
  await page.goto(url("index.html"));
  await page.keyboard.press("Tab");
  const skip = await page.evaluate(() => {
    const a = document.activeElement;
    const r = a.getBoundingClientRect();
    return { cls: a.className, top: r.top, outline: getComputedStyle(a).outlineStyle };
  });
  if (skip.cls !== "skip" || skip.top < 0 || skip.outline === "none") {
    fail(`first Tab: ${JSON.stringify(skip)} (expected the visible skip link with a focus ring)`);
  }
  await page.keyboard.press("Enter");
  if (!(await page.evaluate(() => location.hash === "#main"))) { fail("skip link does not lead to #main"); }

  // Print: navigation and search are not printed.
  await page.emulateMedia({ media: "print" });
  const printed = await page.$eval(".topnav", (n) => getComputedStyle(n).display);
  if (printed !== "none") { fail(`print style shows the navigation (${printed})`); }
  await page.emulateMedia({ media: "screen" });

  // Screenshots.
  for (const w of [1280, 375]) {
    await page.setViewportSize({ width: w, height: 900 });
    await page.goto(url("index.html"));
    await page.screenshot({ path: path.join(shots, `home-${w}.png`), fullPage: true });
    const kind = national ? "table" : "item";
    await page.goto(detailPage);
    await page.screenshot({ path: path.join(shots, `${kind}-${w}.png`), fullPage: true });
    await page.screenshot({ path: path.join(shots, `${kind}-${w}-top.png`) });
    if (national) {
      // A row as a search result opens it: highlighted, the card at 375 px.
      await page.goto(detailPage + "#" + piece.id);
      await page.screenshot({ path: path.join(shots, `${kind}-${w}-row.png`) });
      await page.goto(domainPage);
      await page.screenshot({ path: path.join(shots, `domain-${w}.png`), fullPage: true });
    }
  }
  console.log(`screenshots in ${shots}`);
} finally {
  clearTimeout(deadline);
  await browser.close();
}
if (failures.length > 0) {
  console.log(`${failures.length} failure(s)`);
  process.exit(1);
}
console.log("site checks passed");
