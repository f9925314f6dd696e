import {
  chmod,
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  symlink,
  writeFile,
} from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writePrivateFile } from "../../packages/core/src/util/private-file.js";

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "mg-private-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("writePrivateFile", () => {
  it("replaces a world-readable file with a 0600 one", async () => {
    const file = join(dir, "open.json");
    await writeFile(file, "old", { mode: 0o666 });
    await chmod(file, 0o666);

    await writePrivateFile(file, "new");

    expect(await readFile(file, "utf8")).toBe("new");
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it("replaces a symlink instead of writing through it", async () => {
    const target = join(dir, "target.txt");
    await writeFile(target, "keep");
    const file = join(dir, "link.json");
    await symlink(target, file);

    await writePrivateFile(file, "new");

    expect(await readFile(target, "utf8")).toBe("keep");
    expect((await lstat(file)).isFile()).toBe(true);
  });

  it("fails with the system's error and leaves no temporary file when the path is a directory", async () => {
    const taken = join(dir, "taken");
    await mkdir(join(taken, "inside"), { recursive: true });

    await expect(writePrivateFile(taken, "new")).rejects.toMatchObject({ code: expect.stringMatching(/^E/) });
    expect((await readdir(dir)).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });
});
