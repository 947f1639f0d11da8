/** Growable typed columns: a buffer is replaced only when too small (doubling), so steady scans allocate nothing. */
function size(current: number, needed: number): number {
  return Math.max(needed, current * 2, 64);
}

export function growF64(a: Float64Array<ArrayBuffer>, needed: number): Float64Array<ArrayBuffer> {
  return a.length >= needed ? a : new Float64Array(size(a.length, needed));
}

export function growI32(a: Int32Array<ArrayBuffer>, needed: number): Int32Array<ArrayBuffer> {
  return a.length >= needed ? a : new Int32Array(size(a.length, needed));
}

/** Writes every typed column of `owner` once, so its pages are mapped before a scan touches them (reserve). */
export function touchColumns(owner: object): void {
  for (const v of Object.values(owner)) if (ArrayBuffer.isView(v) && !(v instanceof DataView)) (v as Uint8Array).fill(0);
}

export function growU8(a: Uint8Array<ArrayBuffer>, needed: number): Uint8Array<ArrayBuffer> {
  return a.length >= needed ? a : new Uint8Array(size(a.length, needed));
}
