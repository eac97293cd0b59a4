import { constants } from 'node:fs';
import { access, mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { UsageError } from './usage-error.js';

/** Thrown for a report dir that cannot be used; its own exit code (README §Exit codes). */
export class UnwritableDirError extends UsageError {}

/**
 * Creates `dir` one level at a time. Hand-written because Node's `mkdir({ recursive: true })` never
 * returns for a path under a pseudo file system such as /proc (it retries ENOENT forever at ~75 % CPU,
 * and a signal cannot interrupt a thread-pool call), so a plain mkdir per missing level is used.
 */
async function makeDirs(dir: string): Promise<void> {
  const missing: string[] = [];
  for (let current = resolve(dir); ; current = dirname(current)) {
    const existing = await stat(current).catch(() => undefined);
    if (existing) {
      if (!existing.isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
      break;
    }
    missing.unshift(current);
    if (dirname(current) === current) break;
  }
  for (const level of missing) {
    try {
      await mkdir(level);
    } catch (error) {
      // Another process made it between our stat and mkdir (self-test children share a parent).
      const made = error instanceof Error && 'code' in error && error.code === 'EEXIST' && (await stat(level).catch(() => undefined))?.isDirectory();
      if (!made) throw error;
    }
  }
}

/** Makes sure `dir` exists (creating it) and can be written, or says in one line why not. */
export async function ensureWritableDir(dir: string): Promise<void> {
  const existing = await stat(dir).catch(() => undefined);
  if (existing && !existing.isDirectory()) throw new UnwritableDirError(`--report-dir "${dir}" is a file, not a folder`);
  try {
    await makeDirs(dir);
    await access(dir, constants.W_OK);
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : '';
    const why =
      code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : code === 'ENOTDIR'
          ? 'a part of the path is a file'
          : code === 'ENOENT'
            ? 'it cannot be created there'
            : code || 'it cannot be created';
    throw new UnwritableDirError(`--report-dir "${dir}" cannot be written: ${why}`);
  }
}
