// Open each HTML page in Debian's Chromium (through playwright-core, no browser download), run axe-core
// on it at a desktop and a phone width, measure how it renders, and save a full-page screenshot.
//
//   node check_pages.js OUT_DIR PAGE.html...
//
// Prints one JSON object: {"pages": [{"page", "width", "violations": [...], "layout": {...}, "screenshot"}]}.
// Used by tests/test_web_browser.py; the screenshots are for people to look at.
"use strict";

const path = require("path");
const { pathToFileURL } = require("url");
const { chromium } = require("playwright-core");

const WIDTHS = { desktop: { width: 1280, height: 900 }, telefon: { width: 390, height: 844 } };
// Without these Chromium hangs on this machine's closed network (and must not phone home anyway).
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

async function main() {
  const [outDir, ...pages] = process.argv.slice(2);
  const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
  // launchPersistentContext with a fresh directory: Chromium starts with an empty profile every time.
  const fs = require("fs");
  const os = require("os");
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "planbygg-chromium-"));
  const context = await chromium.launchPersistentContext(profile, { executablePath, args: ARGS, headless: true });
  const results = [];
  try {
    for (const file of pages) {
      for (const [name, viewport] of Object.entries(WIDTHS)) {
        const page = await context.newPage();
        await page.setViewportSize(viewport);
        const failed = [];
        page.on("requestfailed", (request) => failed.push(`${request.url()} ${request.failure() ? request.failure().errorText : ""}`));
        await page.goto(pathToFileURL(path.resolve(file)).href, { waitUntil: "load" });
        const layout = await page.evaluate(() => {
          const h1 = document.querySelector("h1");
          const main = document.querySelector("main");
          const images = Array.from(document.images);
          return {
            title: document.title,
            lang: document.documentElement.lang,
            scrollWidth: document.documentElement.scrollWidth,
            innerWidth: window.innerWidth,
            height: document.documentElement.scrollHeight,
            h1Visible: !!h1 && h1.getBoundingClientRect().height > 0,
            mainText: main ? main.innerText.length : 0,
            brokenImages: images.filter((img) => !img.complete || img.naturalWidth === 0).map((img) => img.src),
            // stil.css applied: the banner has its colour and the body lost the browser's 8px margin.
            stylesheetApplied: getComputedStyle(document.body).marginTop === "0px" &&
              getComputedStyle(document.querySelector(".topp")).backgroundColor !== "rgba(0, 0, 0, 0)",
          };
        });
        await page.addScriptTag({ path: require.resolve("axe-core/axe.min.js") });
        const axe = await page.evaluate(async () => {
          const r = await window.axe.run(document, { resultTypes: ["violations"] });
          return r.violations.map((v) => ({
            id: v.id,
            impact: v.impact,
            help: v.help,
            nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5),
          }));
        });
        const folder = path.basename(path.resolve(file, "../../.."));  // KOMMUNE/build/nett/PAGE.html
        const stem = path.basename(file, ".html");
        const shot = path.join(outDir, `${stem.startsWith(folder) ? stem : `${folder}-${stem}`}-${name}.png`);
        await page.screenshot({ path: shot, fullPage: true });
        results.push({ page: file, width: name, violations: axe, layout, failed, screenshot: shot });
        await page.close();
      }
    }
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  process.stdout.write(JSON.stringify({ pages: results }) + "\n");
}

main().catch((err) => {
  process.stderr.write(String((err && err.stack) || err) + "\n");
  process.exit(1);
});
