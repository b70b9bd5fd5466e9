/** Test support: throwaway project folders made of a few files, removed after each test. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export interface ScratchProjects {
  /** A new folder holding `files` (repository-relative path → text). */
  create(files: Record<string, string>): string;
  removeAll(): void;
}

export function scratchProjects(prefix: string): ScratchProjects {
  const roots: string[] = [];
  return {
    create(files) {
      const root = mkdtempSync(path.join(tmpdir(), prefix));
      roots.push(root);
      for (const [file, text] of Object.entries(files)) {
        mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
        writeFileSync(path.join(root, file), text);
      }
      return root;
    },
    removeAll() {
      for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
    },
  };
}
