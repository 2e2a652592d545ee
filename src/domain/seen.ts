// Platform request keys already handled (retries, replays), each with when it may be forgotten. They are
// hashed into 256 buckets, so remembering one key copies a 256th of them, however many there are.
export type Seen = Record<string, Record<string, string>>;

/** The bucket of a key: two hex digits of its FNV-1a hash. */
export function seenBucketOf(key: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return ((h >>> 0) & 0xff).toString(16).padStart(2, '0');
}

/** Until when the key is remembered, or undefined when it was never seen (or was forgotten). */
export const seenUntil = (seen: Readonly<Seen>, key: string): string | undefined =>
  seen[seenBucketOf(key)]?.[key];

export function markSeen(seen: Seen, key: string, until: string): void {
  const b = seenBucketOf(key);
  seen[b] ??= {};
  (seen[b] as Record<string, string>)[key] = until;
}

export function forgetSeen(seen: Seen, key: string): void {
  const b = seenBucketOf(key);
  const bucket = seen[b];
  if (!bucket) return;
  delete bucket[key];
  if (Object.keys(bucket).length === 0) delete seen[b];
}

/** Every key with its time, bucket by bucket. */
export function* seenEntries(seen: Readonly<Seen>): Iterable<[key: string, until: string]> {
  for (const bucket of Object.values(seen)) yield* Object.entries(bucket);
}

/** Every key remembered, sorted. */
export const seenKeys = (seen: Readonly<Seen>): string[] => [...seenEntries(seen)].map(([k]) => k).sort();

/** A flat record of keys, as schema 1 kept them, in buckets. */
export function seenFrom(flat: Readonly<Record<string, string>>): Seen {
  const seen: Seen = {};
  for (const [k, until] of Object.entries(flat)) markSeen(seen, k, until);
  return seen;
}
