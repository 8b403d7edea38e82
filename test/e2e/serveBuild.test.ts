import {
  cpSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveMull, type ServedMull } from "./serveMull.js";

// `mull serve` as on a fresh clone: a copy of the project without out/ (this checkout's out/ is left alone), its
// node_modules and models linked. The URL it prints must open the app, not a JSON 404.
const root = join(import.meta.dirname, "../..");
const SOURCES = ["bin", "src-main", "src-renderer", "electron.config.ts", "package.json", "package-lock.json"];
let project: string;
const running: ServedMull[] = [];

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), "mull-fresh-"));
  for (const path of SOURCES) cpSync(join(root, path), join(project, path), { recursive: true });
  for (const path of ["node_modules", "models"]) symlinkSync(realpathSync(join(root, path)), join(project, path));
});
afterAll(async () => {
  for (const served of running) await served.stop();
  rmSync(project, { recursive: true, force: true }); // the links only: node_modules and models stay
});

async function serve(): Promise<ServedMull> {
  const served = await serveMull({}, project);
  running.push(served);
  return served;
}

/** The page at the printed URL, and the script it loads (fetched with the cookie the page set). */
async function openPrinted(served: ServedMull) {
  const page = await fetch(served.url);
  const html = await page.text();
  const cookie = page.headers.get("set-cookie")?.split(";")[0] ?? "";
  const src = /<script type="module" crossorigin src="\.?(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
  const script = src ? await fetch(served.origin + src, { headers: { cookie } }) : undefined;
  return { page, html, script };
}

describe("mull serve builds the app it serves", () => {
  it("on a checkout without out/: says it builds, then prints a URL whose page is the app", async () => {
    const served = await serve();
    const before = served.output().slice(0, served.output().indexOf(served.url));
    expect(before).toContain("mull: building the app (out/renderer/index.html is missing)");
    expect(before).toMatch(/mull: built the app in \d+\.\d s/);
    const { page, html, script } = await openPrinted(served);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(html).toContain("<title>Mull</title>");
    expect(html).toContain('<div id="app"></div>');
    expect(script?.status).toBe(200);
    expect(script?.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    await served.stop();
  });

  it("serves the build as it is when nothing changed since", async () => {
    const served = await serve();
    expect(served.output()).not.toContain("building the app");
    expect((await openPrinted(served)).page.status).toBe(200);
    await served.stop();
  });

  it("rebuilds when a source is newer than the build, naming it", async () => {
    const index = join(project, "out/renderer/index.html");
    const html = readFileSync(index, "utf8");
    const longAgo = new Date(2020, 0, 1);
    utimesSync(index, longAgo, longAgo);
    const served = await serve();
    expect(served.output()).toMatch(/mull: building the app \(\S+ changed since the last build\)/);
    expect(statSync(index).mtimeMs).toBeGreaterThan(longAgo.getTime());
    expect((await openPrinted(served)).html).toBe(html);
    await served.stop();
  });

  it("refuses in one line, without a URL, when the app does not build", async () => {
    const main = join(project, "src-renderer/src/main.ts");
    writeFileSync(main, readFileSync(main, "utf8") + "\nexport const broken = ;\n");
    const failed = await serve().then(
      () => "served",
      (e: Error) => e.message,
    );
    expect(failed).toMatch(/^mull serve exited with 1:\n/);
    const lines = failed.split("\n").slice(1).filter(Boolean);
    expect(lines[0]).toMatch(/^mull: building the app \(src-renderer\/src\/main\.ts changed since the last build\)/);
    expect(lines[1]).toMatch(
      /^mull: building the app failed \(electron-vite build --config electron\.config\.ts exited with code 1\): .*main\.ts/,
    );
    expect(lines).toHaveLength(2);
  });
});
