import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { createServer } from "node:net";
import type { TestProject } from "vitest/node";

/**
 * Global setup: start moto (a third-party AWS emulator) on 127.0.0.1 for the integration tests,
 * installing it with pip when missing. Tests isolate their state by using their own 12-digit
 * access key id, which moto takes as the account id.
 */

declare module "vitest" {
  export interface ProvidedContext {
    motoEndpoint: string;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

function ensureMoto(): void {
  try {
    execFileSync("python3", ["-c", "import moto, flask, flask_cors"], { stdio: "ignore" });
  } catch {
    execFileSync("python3", ["-m", "pip", "install", "--quiet", "moto[server]"], { stdio: "inherit" });
  }
}

async function waitFor(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`moto exited with code ${child.exitCode}`);
    try {
      const response = await fetch(`${url}/moto-api/`);
      if (response.ok || response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`moto did not start within ${timeoutMs} ms`);
}

let child: ChildProcess | undefined;

export async function setup(project: TestProject): Promise<void> {
  ensureMoto();
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  child = spawn("python3", ["-m", "moto.server", "-H", "127.0.0.1", "-p", String(port)], {
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, MOTO_IAM_LOAD_MANAGED_POLICIES: "true" },
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  try {
    await waitFor(endpoint, child, 30_000);
  } catch (error) {
    child.kill();
    throw new Error(`${(error as Error).message}\n${stderr}`);
  }
  project.provide("motoEndpoint", endpoint);
}

export async function teardown(): Promise<void> {
  child?.kill("SIGTERM");
}
