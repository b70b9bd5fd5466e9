/**
 * A function's answers kept per key, for answers that never change for their key (a time zone's
 * wall clock at an instant, a locale's date order, an HMAC key imported from a secret). Bounded
 * against callers that make keys up: when full it starts over, which costs one recomputation per
 * key and, unlike tracking use, nothing on the hot path, for caches whose working set is far below
 * the bound. An answer that throws is not kept, so it throws again next time.
 */
export class BoundedMemo<K, V> {
  readonly #answers = new Map<K, V>();
  readonly #capacity: number;
  readonly #compute: (key: K) => V;

  constructor(capacity: number, compute: (key: K) => V) {
    this.#capacity = capacity;
    this.#compute = compute;
  }

  /** The kept answer for `key`, or a new one, kept. */
  get(key: K): V {
    if (this.#answers.has(key)) return this.#answers.get(key) as V;
    const answer = this.#compute(key);
    if (this.#answers.size >= this.#capacity) this.#answers.clear();
    this.#answers.set(key, answer);
    return answer;
  }

  /** Forgets `key` if its kept answer is still `answer` (e.g. a promise that turned out to fail). */
  forget(key: K, answer: V): void {
    if (this.#answers.get(key) === answer) this.#answers.delete(key);
  }

  get size(): number {
    return this.#answers.size;
  }
}
