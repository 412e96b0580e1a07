// Copies the built YASGUI files from node_modules into this folder (run by `npm run vendor:yasgui`).
// Only what the page loads is kept: the UMD bundle and its CSS, without source-map references
// (the browser would otherwise ask the server for .map files we do not ship), plus a licence file
// that lists the licence of every npm package bundled into yasgui.min.js.
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "../../../..");
const modules = path.join(root, "node_modules");
const pkgDir = path.join(modules, "@zazuko", "yasgui");
const out = __dirname;

function stripSourceMap(text) {
  return text.replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, "\n").replace(/\/\*# sourceMappingURL=\S+ \*\/\s*$/, "\n");
}

for (const name of ["yasgui.min.js", "yasgui.min.css"]) {
  const text = fs.readFileSync(path.join(pkgDir, "build", name), "utf8");
  fs.writeFileSync(path.join(out, name), stripSourceMap(text));
}

// Walk the dependency tree of @zazuko/yasgui and record each package's licence.
const seen = new Map();
function visit(name) {
  if (seen.has(name)) return;
  const manifest = JSON.parse(fs.readFileSync(path.join(modules, name, "package.json"), "utf8"));
  seen.set(name, manifest);
  for (const dep of Object.keys(manifest.dependencies || {})) visit(dep);
}
visit("@zazuko/yasgui");
const yasgui = seen.get("@zazuko/yasgui");
const lines = [
  `YASGUI ${yasgui.version} (npm package @zazuko/yasgui), licence: ${yasgui.license}.`,
  "Copyright (c) Triply B.V. and Zazuko GmbH. https://github.com/zazuko/Yasgui",
  "",
  "MIT License: Permission is hereby granted, free of charge, to any person obtaining a copy of this",
  "software and associated documentation files (the \"Software\"), to deal in the Software without",
  "restriction, including without limitation the rights to use, copy, modify, merge, publish,",
  "distribute, sublicense, and/or sell copies of the Software, and to permit persons to whom the",
  "Software is furnished to do so, subject to the following conditions: The above copyright notice",
  "and this permission notice shall be included in all copies or substantial portions of the Software.",
  "THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED.",
  "",
  "Packages bundled into yasgui.min.js / yasgui.min.css (name, version, licence):",
];
for (const [name, manifest] of [...seen.entries()].sort()) {
  const licence = typeof manifest.license === "string" ? manifest.license : JSON.stringify(manifest.license || manifest.licenses || "see package");
  lines.push(`  ${name} ${manifest.version}: ${licence}`);
}
fs.writeFileSync(path.join(out, "LICENSE.txt"), lines.join("\n") + "\n");
console.log(`vendored YASGUI ${yasgui.version} into ${out}`);
