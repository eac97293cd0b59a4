import { constants } from 'node:fs';
import { access, mkdir, stat } from 'node:fs/promises';
import { UsageError } from './usage-error.js';

/** Makes sure `dir` exists (creating it) and can be written, or says in one line why not. */
export async function ensureWritableDir(dir: string): Promise<void> {
  const existing = await stat(dir).catch(() => undefined);
  if (existing && !existing.isDirectory()) throw new UsageError(`--report-dir "${dir}" is a file, not a folder`);
  try {
    await mkdir(dir, { recursive: true });
    await access(dir, constants.W_OK);
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : '';
    const why = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ENOTDIR' ? 'a part of the path is a file' : code || 'it cannot be created';
    throw new UsageError(`--report-dir "${dir}" cannot be written: ${why}`);
  }
}
