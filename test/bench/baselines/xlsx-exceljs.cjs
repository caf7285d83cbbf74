#!/usr/bin/env node
// The .xlsx bench's yardstick: exceljs alone reading a workbook whole and writing it again.
//   node test/bench/baselines/xlsx-exceljs.cjs IN.xlsx OUT.xlsx
const ExcelJS = require('exceljs');

const [input, output] = process.argv.slice(2);
(async () => {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(input);
  await workbook.xlsx.writeFile(output);
})().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exitCode = 1;
});
