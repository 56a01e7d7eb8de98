/**
 * A real Redis for the replica tests: Debian's `redis-server` on a free
 * loopback port, in a temporary folder, with no persistence (like a Redis
 * that lost its memory when it restarted). `stop()` and `start()` again keep
 * the port, so clients reconnect to the same URL.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe } from "vitest";

export const REDIS_SERVER = process.env.REDIS_SERVER ?? "/usr/bin/redis-server";

/**
 * `describe` for tests that need a real Redis. Skipped, saying why, only on a
 * developer's machine without redis-server; in CI (`CI=true`) a missing server fails.
 */
export function describeWithRedis(name: string, body: () => void): void {
  if (existsSync(REDIS_SERVER) || process.env.CI === "true") {
    describe(name, body);
    return;
  }
  const reason = `${REDIS_SERVER} is not installed; apt-get install redis-server, as .ci/run does`;
  console.warn(`Skipping "${name}": ${reason}`);
  describe.skip(`${name} (skipped: ${reason})`, body);
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export class RedisServer {
  private process: ChildProcess | undefined;
  private readonly dir = mkdtempSync(join(tmpdir(), "call-in-redis-"));

  private constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts a server on a free port (another port if that one was taken meanwhile). */
  static async start(): Promise<RedisServer> {
    let lastError: unknown;
    for (let attempt = 0; attempt < 5; attempt++) {
      const server = new RedisServer(await freePort());
      try {
        await server.start();
        return server;
      } catch (error) {
        lastError = error;
      }
    }
    throw lastError;
  }

  /** (Re)starts the server on its port; resolves once it accepts connections. */
  async start(): Promise<void> {
    if (!existsSync(REDIS_SERVER)) throw new Error(`${REDIS_SERVER} is not installed (apt-get install redis-server)`);
    const args = [
      "--port",
      String(this.port),
      "--bind",
      "127.0.0.1",
      "--save",
      "",
      "--appendonly",
      "no",
      "--dir",
      this.dir,
      "--daemonize",
      "no",
      "--loglevel",
      "notice",
    ];
    const child = spawn(REDIS_SERVER, args, { stdio: ["ignore", "pipe", "pipe"] });
    const output: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const lines = createInterface({ input: child.stdout! });
      lines.on("line", (line) => {
        output.push(line);
        if (line.includes("Ready to accept connections")) resolve();
      });
      child.once("exit", (code) => reject(new Error(`redis-server exited (${code}) before it was ready:\n${output.join("\n")}`)));
      child.once("error", reject);
    });
    this.process = child;
  }

  /** Stops the server abruptly (SIGKILL: no goodbye to clients); resolves once it has exited. */
  async stop(): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once("exit", () => resolve());
      child.kill("SIGKILL");
    });
  }
}

/** The Redis of a suite: its address, and stopping and starting it again (a restart that forgets every key). */
export interface SuiteRedis {
  readonly url: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A real Redis shared by the tests of the enclosing `describe` (the replicas' one Redis):
 * started before its first test, stopped after its last.
 */
export function redisForSuite(): SuiteRedis {
  let server: RedisServer | undefined;
  beforeAll(async () => {
    server = await RedisServer.start();
  });
  afterAll(async () => {
    await server?.stop();
  });
  const running = (): RedisServer => {
    if (!server) throw new Error("the suite's Redis starts in beforeAll: use it inside a test or a hook");
    return server;
  };
  return {
    get url() {
      return running().url;
    },
    start: () => running().start(),
    stop: () => running().stop(),
  };
}
