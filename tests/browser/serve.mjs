// gkml serve in headless Chromium: a liaison uploads a faulty workbook
// through the form (JavaScript switched off: the core flow needs none), the
// result page names each faulty cell, and the annotated workbook downloads.
// Usage: node serve.mjs BASE_URL WORKBOOK SCREENSHOT_DIR CELLS_JSON
import { chromium } from "playwright-core";
import path from "node:path";

const [base, workbook, shots, cellsJson] = process.argv.slice(2);
const cells = JSON.parse(cellsJson);
const fail = (msg) => { console.error(`serve.mjs: ${msg}`); process.exitCode = 1; };

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  for (const width of [1280, 375]) {
    const context = await browser.newContext({
      javaScriptEnabled: false,
      acceptDownloads: true,
      viewport: { width, height: 900 },
    });
    const page = await context.newPage();
    const blocked = [];
    page.on("console", (m) => { if (/Content Security Policy/.test(m.text())) blocked.push(m.text()); });
    await page.goto(base);
    await page.screenshot({ path: path.join(shots, `serve-index-${width}.png`), fullPage: true });
    await page.setInputFiles("#file", workbook);
    await Promise.all([page.waitForURL(/\/check$/), page.getByRole("button", { name: "检查", exact: true }).click()]);
    const places = await page.locator("td.place").allTextContents();
    for (const cell of cells) {
      if (!places.includes(cell)) fail(`${width}px: the result page does not name ${cell} (has ${places.join(", ")})`);
    }
    const heading = await page.locator("h1").textContent();
    if (!heading.includes(path.basename(workbook))) fail(`${width}px: heading “${heading}” lacks the file name`);
    await page.screenshot({ path: path.join(shots, `serve-result-${width}.png`), fullPage: true });
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "下载批注工作簿" }).click(),
    ]);
    const name = download.suggestedFilename();
    if (!name.endsWith("-批注.xlsx")) fail(`${width}px: download is named ${name}`);
    if (blocked.length) fail(`${width}px: CSP blocked something: ${blocked.join(" | ")}`);
    console.log(`serve.mjs: ${width}px: ${places.length} findings shown, every faulty cell named; downloaded ${name}`);
    await context.close();
  }
} finally {
  await browser.close();
}
