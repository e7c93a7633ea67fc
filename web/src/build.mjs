// Builds the notebook page into ../dist: the bundle (split so the editor,
// the graph and the map load only when first used), the style sheet,
// index.html pointing at their content-hashed names, and licenses.txt with
// the licence of every npm package the bundle contains. Run it through
// scripts/build-web.
import * as esbuild from "esbuild";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, "..", "dist");

await rm(dist, { recursive: true, force: true });
await mkdir(dist, { recursive: true });

const result = await esbuild.build({
  absWorkingDir: here,
  entryPoints: { main: "app/main.js" },
  bundle: true,
  splitting: true,
  format: "esm",
  minify: true,
  target: ["chrome111", "firefox115", "safari16.4"],
  outdir: path.join(dist, "assets"),
  entryNames: "[name]-[hash]",
  chunkNames: "chunk-[hash]",
  assetNames: "[name]-[hash]",
  legalComments: "none",
  metafile: true,
  logLevel: "warning",
});

// The entry's JS and CSS names go into index.html.
let mainJS, mainCSS;
for (const [file, out] of Object.entries(result.metafile.outputs)) {
  if (out.entryPoint === "app/main.js") mainJS = file;
  if (file.endsWith(".css") && out.inputs && Object.keys(out.inputs).some((i) => i.startsWith("app/"))) mainCSS = file;
}
if (!mainJS || !mainCSS) throw new Error("build: main bundle or style sheet missing from the metafile");
const url = (f) => "/assets/" + path.basename(f);
let html = await readFile(path.join(here, "index.html"), "utf8");
html = html.replace("%MAIN_JS%", url(mainJS)).replace("%MAIN_CSS%", url(mainCSS));
await writeFile(path.join(dist, "index.html"), html);

// Licences of the third-party packages in the bundle.
const pkgs = new Map();
for (const input of Object.keys(result.metafile.inputs)) {
  const m = input.match(/^node_modules\/((?:@[^/]+\/)?[^/]+)\//);
  if (m) pkgs.set(m[1], path.join(here, "node_modules", m[1]));
}
let licences = "Third-party packages in the newsgraph notebook page\n\n";
for (const [name, dir] of [...pkgs].sort()) {
  const pj = JSON.parse(await readFile(path.join(dir, "package.json"), "utf8"));
  licences += `== ${name} ${pj.version} (${pj.license})\n\n`;
  for (const f of ["LICENSE", "LICENSE.md", "LICENSE.txt", "license"]) {
    if (existsSync(path.join(dir, f))) {
      licences += (await readFile(path.join(dir, f), "utf8")).trim() + "\n\n";
      break;
    }
  }
}
await writeFile(path.join(dist, "licenses.txt"), licences);

// The digest of the sources this build came from; a Go test compares it
// with the sources, so a change to src/ without a rebuild fails the tests.
async function sourceFiles(dir, prefix = "") {
  const out = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    if (e.name === "node_modules") continue;
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await sourceFiles(path.join(dir, e.name), rel)));
    else out.push(rel);
  }
  return out;
}
const digest = createHash("sha256");
for (const f of (await sourceFiles(here)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
  digest.update(f + "\0");
  digest.update(await readFile(path.join(here, f)));
  digest.update("\0");
}
await writeFile(path.join(dist, "sources.sha256"), digest.digest("hex") + "\n");

let total = 0;
for (const [file, out] of Object.entries(result.metafile.outputs)) {
  total += out.bytes;
  console.log(`${path.relative(dist, path.resolve(here, file)).padEnd(40)} ${(out.bytes / 1024).toFixed(1).padStart(8)} KiB`);
}
console.log(`${"total".padEnd(40)} ${(total / 1024).toFixed(1).padStart(8)} KiB`);
