import * as fs from 'node:fs';
import * as path from 'node:path';
import { zipSync } from 'fflate';

/** The bytes of a zip of `files` (entry name → text), made with fflate at a fixed time. */
export function zipBytes(files: Readonly<Record<string, string>>): Uint8Array {
  const mtime = new Date(1980, 0, 1);
  return zipSync(Object.fromEntries(Object.entries(files).map(([name, text]) => [name, [Buffer.from(text), { mtime }]])), { mtime });
}

/** Writes a zip of `files` as `dir/name` (the directory made) and returns its absolute path. */
export function writeZip(dir: string, name: string, files: Readonly<Record<string, string>>): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, zipBytes(files));
  return file;
}
