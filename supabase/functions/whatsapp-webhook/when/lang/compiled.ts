/** Memoizes what a module compiles from one language's words (patterns, lookup tables). */
import type { Words } from "./words.ts";

export function perWords<T>(build: (words: Words) => T): (words: Words) => T {
  const cache = new WeakMap<Words, T>();
  return (words) => {
    let built = cache.get(words);
    if (built === undefined) {
      built = build(words);
      cache.set(words, built);
    }
    return built;
  };
}
