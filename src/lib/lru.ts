/**
 * A map of versioned values bounded by the bytes its entries hold: when the total passes the
 * bound, the least recently used entries go first (never the one just stored, however big). A
 * value is served only under the version it was stored with.
 */
export class VersionedLru<V> {
  readonly #entries = new Map<string, { version: string; value: V; bytes: number }>();
  #bytes = 0;

  constructor(readonly maxBytes: number) {}

  /** Bytes held by the entries now. */
  get bytes(): number {
    return this.#bytes;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The entry stored under `key` for `version`, marked as the most recently used; else undefined. */
  get(key: string, version: string): { value: V } | undefined {
    const hit = this.#entries.get(key);
    if (!hit || hit.version !== version) return undefined;
    this.#entries.delete(key);
    this.#entries.set(key, hit);
    return hit;
  }

  set(key: string, version: string, value: V, bytes: number): void {
    this.delete(key);
    this.#entries.set(key, { version, value, bytes });
    this.#bytes += bytes;
    for (const old of this.#entries.keys()) {
      if (this.#bytes <= this.maxBytes || old === key) break;
      this.delete(old);
    }
  }

  delete(key: string): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#entries.delete(key);
    this.#bytes -= entry.bytes;
  }
}
