// Builds the vendored bundle and its licence file from the pinned packages
// (`npm ci && npm run build`); both outputs are committed, nothing runs npm at run time.
import { readFileSync, writeFileSync } from "node:fs";
import { build } from "esbuild";

const out = "../../../src/daihoi/core/static/vendor/";
const libs = ["curves", "hashes", "ciphers"].map((name) => {
  const pkg = JSON.parse(readFileSync(`node_modules/@noble/${name}/package.json`, "utf8"));
  return { name: `@noble/${name}`, pkg, licence: readFileSync(`node_modules/@noble/${name}/LICENSE`, "utf8").trim() };
});
const pins = libs.map((l) => `${l.name} ${l.pkg.version}`).join(", ");

await build({
  entryPoints: ["entry.js"],
  bundle: true,
  format: "esm",
  minify: true,
  target: "es2020",
  legalComments: "eof",
  banner: { js: `// noble-evote.js: ${pins} (MIT), built by scripts/vendor/noble (npm run build).` },
  outfile: `${out}noble-evote.js`,
});
writeFileSync(`${out}noble-evote.LICENSE.txt`,
  "noble-evote.js bundles the following libraries.\n\n" +
  libs.map((l) => `${l.name} ${l.pkg.version} (${l.pkg.license})\n\n${l.licence}`).join("\n\n----\n\n") + "\n");
