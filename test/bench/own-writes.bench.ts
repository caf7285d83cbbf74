/**
 * The register of the gateway's own writes at the pane's scale: an Apply on 5,000 deals notes ~6,300 written
 * ranges, and Excel echoes each back as a change event the register must recognise. Run it with
 * `npx tsx test/bench/own-writes.bench.ts` (BENCH_WRITES overrides the count): both must stay linear.
 */
import { OwnWrites } from '../../addin/excel/own-writes';

const WRITES = Number(process.env.BENCH_WRITES ?? 6256);

function round(): { note: number; echo: number } {
  const own = new OwnWrites(3000);
  const start = performance.now();
  for (let i = 0; i < WRITES; i++) own.note('sheet-1', 2 + (i % 5000), 3 + Math.floor(i / 5000), 1, 1);
  const noted = performance.now();
  let echoes = 0;
  for (let i = 0; i < WRITES; i++) if (own.isEcho('sheet-1', `Deals!$${String.fromCharCode(68 + Math.floor(i / 5000))}$${2 + (i % 5000)}`)) echoes++;
  const done = performance.now();
  if (echoes !== WRITES) throw new Error(`only ${echoes} of ${WRITES} echoes recognised`);
  return { note: noted - start, echo: done - noted };
}

const rounds = Array.from({ length: 5 }, round);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`${WRITES.toLocaleString('en-US')} own writes: note ${median(rounds.map((r) => r.note)).toFixed(1)} ms, recognise their echoes ${median(rounds.map((r) => r.echo)).toFixed(1)} ms (median of ${rounds.length})`);
