/**
 * Child process running one `ecg-tlc` command through the real composition root, for tests that kill or cancel a
 * command from outside while it works. Usage: node --import tsx cli-child.ts ARGS…
 */
import { main } from '../../../src-main/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
