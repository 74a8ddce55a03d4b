// Imports every entry of the installed package by name, as an application would, and prints as JSON
// what each exports and the file it resolved to, and the names two entries export as different objects
// (a class bundled into each entry: `instanceof` fails across them):
// {"entries": {"<subpath>": {"file": "...", "exports": [...]}}, "notShared": [...]}.
// Runs on Node, Bun and Deno. Usage: <runtime> entries.mjs <subpath>...
const subpaths = globalThis.Deno?.args ?? process.argv.slice(2);
const entries = {};
const values = new Map();
const notShared = new Set();
for (const subpath of subpaths) {
  const specifier = `rekognition-edge${subpath.slice(1)}`;
  const module = await import(specifier);
  entries[subpath] = { file: import.meta.resolve(specifier), exports: Object.keys(module).sort() };
  for (const [name, value] of Object.entries(module)) {
    if (values.has(name) && values.get(name) !== value) notShared.add(name);
    values.set(name, value);
  }
}
console.log(JSON.stringify({ entries, notShared: [...notShared].sort() }));
