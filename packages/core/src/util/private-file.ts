import { constants } from "node:fs";
import { open, rename, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/**
 * Write a file only its owner can read (a `--capture` snapshot): the text goes to a new file
 * beside the target, created exclusively (O_CREAT | O_EXCL | O_NOFOLLOW: never an existing file,
 * never through a symlink) with mode 0600, then renamed over the target. Whatever was at the path
 * before (a file of another mode, a symlink) is replaced, never written through or widened.
 */
async function writePrivateFile(path: string, text: string): Promise<void> {
  const suffix = `${process.pid}.${Date.now().toString(36)}.${Math.random().toString(36).slice(2, 10)}`;
  const temporary = join(dirname(path), `.${basename(path)}.${suffix}.tmp`);
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);
  const handle = await open(temporary, flags, 0o600);
  try {
    try {
      await handle.writeFile(text, "utf8");
      // The umask can only narrow the mode; set it exactly.
      await handle.chmod(0o600);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}

export { writePrivateFile };
