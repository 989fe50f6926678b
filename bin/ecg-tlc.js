#!/usr/bin/env node
// Entry point declared in package.json `bin`. The TypeScript is compiled to dist/ by `npm run setup` / `npm run build`.
import { existsSync } from 'node:fs';
const entry = new URL('../dist/src-main/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  console.error('ecg-tlc: the program is not built yet. Run `npm run setup` (or `npm run build`) in the project folder.');
  process.exit(1);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
