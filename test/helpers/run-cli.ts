import { main } from '../../engine/cli/main';

/** Runs `cosell …` in-process and captures what it prints. */
export async function runCli(...argv: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const status = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { status, stdout: out.join('\n'), stderr: err.join('\n') };
}
