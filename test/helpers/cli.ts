import { vi } from "vitest";
import { main } from "../../src/cli/index.js";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `call-in <argv>` in this process, with what it printed to stdout and stderr. */
export async function runCli(...argv: string[]): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const out = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    const code = await main(argv);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}
