import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** The files named, plus every `.eml` under the directories named (recursively), each directory's sorted. */
export async function listEmlFiles(paths: string[]): Promise<string[]> {
  const lists = await Promise.all(
    paths.map(async (path) => {
      const info = await stat(path).catch(() => {
        throw new Error(`no such file or directory: ${path}`);
      });
      if (!info.isDirectory()) return [path];
      const entries = await readdir(path, { recursive: true });
      return entries
        .filter((name) => name.toLowerCase().endsWith('.eml'))
        .sort()
        .map((name) => join(path, name));
    }),
  );
  return lists.flat();
}
