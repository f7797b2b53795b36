// Prints vitest's JSON report as the plain line CI reads: "N passed, N failed[, N skipped]".
import { readFileSync } from 'node:fs';
const file = process.argv[2] ?? '.vitest-report.json';
let r;
try {
  r = JSON.parse(readFileSync(file, 'utf8'));
} catch {
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed` + (skipped ? `, ${skipped} skipped` : ''));
process.exit(r.success && r.numTotalTests > 0 ? 0 : 1);
