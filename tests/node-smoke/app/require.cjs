// CommonJS loading the ESM-only package with require(): works on Node ≥ 20.19 and ≥ 22.12 (require of
// ES modules without top-level await), fails with ERR_REQUIRE_ESM before. Prints what each entry
// exports, {"entries": {"<subpath>": {"file", "exports"}}}, or the error's code, {"error": "ERR_REQUIRE_ESM"}.
// Usage: node require.cjs <subpath>...
const entries = {};
try {
  for (const subpath of process.argv.slice(2)) {
    const specifier = `rekognition-edge${subpath.slice(1)}`;
    entries[subpath] = { file: require.resolve(specifier), exports: Object.keys(require(specifier)).sort() };
  }
  console.log(JSON.stringify({ entries }));
} catch (error) {
  console.log(JSON.stringify({ error: error.code ?? String(error) }));
}
