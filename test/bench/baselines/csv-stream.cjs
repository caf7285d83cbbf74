#!/usr/bin/env node
// The CLI bench's yardstick: a CSV read and written again as a stream, with nothing in between, by the
// off-the-shelf parts a streaming tool would use. csv-parse is not installed here; papaparse's Node stream
// (a devDependency) stands in for it, and csv-stringify (a devDependency) writes.
//   node test/bench/baselines/csv-stream.cjs IN.csv OUT.csv
const fs = require('node:fs');
const { pipeline } = require('node:stream/promises');
const Papa = require('papaparse');
const { stringify } = require('csv-stringify');

const [input, output] = process.argv.slice(2);
pipeline(fs.createReadStream(input, 'utf8'), Papa.parse(Papa.NODE_STREAM_INPUT, {}), stringify({ record_delimiter: 'windows' }), fs.createWriteStream(output)).catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exitCode = 1;
});
