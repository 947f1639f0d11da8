/**
 * GET /scan/results as HTTP (ADR 0019): the query checked and normalised, an ETag from the scan sequence (the result
 * set changes only with it), so a conditional request that still matches costs a header comparison: no sorting, no
 * serialisation.
 */
import { BadRequestException } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);
import { decodeResultsCursor, SCAN_SORT_FIELDS, ScanRow, type ScanResultsQuery, type ScanSortField, type SpreadRowField } from '@ibsc/scanner';
import type { SpreadType } from '@ibsc/shared-dto';
import type { ScanResultsQueryDto } from './scan-query.dto';

/** Differs between processes: a seq restarts at 0 with the process, so an ETag of an earlier run never matches. */
const BOOT = randomBytes(4).toString('hex');

function bad(field: string, problem: string): BadRequestException {
  return new BadRequestException({ message: problem, details: [{ field, problems: [problem] }] });
}

export function resultsQuery(q: ScanResultsQueryDto): ScanResultsQuery {
  const [sortField, order] = (q.sort ?? 'score:desc').split(':') as [ScanSortField, 'asc' | 'desc' | undefined];
  const symbols = q.symbol?.map((s) => s.toUpperCase());
  const types = q.type as SpreadType[] | undefined;
  const query: ScanResultsQuery = {
    page: q.page ?? 0,
    pageSize: q.pageSize as number,
    sort: sortField,
    order: order ?? 'desc',
    ...(symbols?.length ? { symbols } : {}),
    ...(types?.length ? { types } : {}),
    ...(q.fields?.length ? { fields: q.fields as SpreadRowField[] } : {}),
  };
  if (q.cursor === undefined) return query;
  const cursor = decodeResultsCursor(q.cursor, SCAN_SORT_FIELDS);
  if (!cursor) throw bad('cursor', 'cursor must be the nextCursor of an earlier page');
  const same = (a: readonly string[] | undefined, b: readonly string[] | undefined) => (a ?? []).join(',') === (b ?? []).join(',');
  if (q.sort !== undefined && `${query.sort}:${query.order}` !== `${cursor.sort}:${cursor.order}`) {
    throw bad('sort', `sort must be left out or equal the cursor's (${cursor.sort}:${cursor.order})`);
  }
  if (symbols?.length && !same(symbols, cursor.symbols)) throw bad('symbol', `symbol must be left out or equal the cursor's (${cursor.symbols?.join(',') || 'all'})`);
  if (types?.length && !same(types, cursor.types)) throw bad('type', `type must be left out or equal the cursor's (${cursor.types?.join(',') || 'all'})`);
  return { ...query, cursor };
}

/** A weak validator (the bytes differ with the content coding): this process, the seq, and the query. */
export function resultsETag(seq: number, query: ScanResultsQuery, cursorText: string | undefined): string {
  const key = JSON.stringify([query.page, query.pageSize, query.sort, query.order, query.symbols, query.types, query.fields, cursorText]);
  return `W/"${BOOT}.${seq}.${createHash('sha1').update(key).digest('base64url').slice(0, 16)}"`;
}

/** Whether an If-None-Match header lists this ETag (or `*`); weak comparison, as RFC 9110 asks for GET. */
export function notModified(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const opaque = (t: string) => t.trim().replace(/^W\//, '');
  const mine = opaque(etag);
  return ifNoneMatch.split(',').some((t) => t.trim() === '*' || opaque(t) === mine);
}

/**
 * A page's JSON bytes, the same as JSON.stringify(page) in UTF-8, with each row's bytes kept per row object: the scan
 * replaces a row's object only when the row changed (ADR 0025), so after a new sequence most rows of a page are
 * encoded already and the page is one copy of them (a 100-row page is about 190 KB of JSON; serialising it whole and
 * converting the string took the API's thread 2–3 ms per page and sequence). A scan row carries its bytes as the
 * scoring thread wrote them (ADR 0027, 0028); other rows are encoded once and kept here. Rows projected to some
 * fields are new objects every time and simply miss.
 */
const ROW_BYTES = new WeakMap<object, Uint8Array>();
const COMMA = Buffer.from(',');

export function pageBody(page: unknown): Buffer {
  const rows = (page as { rows?: unknown } | null)?.rows;
  if (!Array.isArray(rows)) return Buffer.from(JSON.stringify(page), 'utf8');
  const head = JSON.stringify({ ...(page as object), rows: [] });
  const at = head.indexOf('"rows":[]') + '"rows":['.length;
  const parts: Uint8Array[] = [Buffer.from(head.slice(0, at), 'utf8')];
  rows.forEach((r: unknown, i) => {
    if (i > 0) parts.push(COMMA);
    if (typeof r !== 'object' || r === null) return void parts.push(Buffer.from(JSON.stringify(r), 'utf8'));
    if (r instanceof ScanRow) return void parts.push(r.bytes);
    let bytes = ROW_BYTES.get(r);
    if (bytes === undefined) {
      bytes = Buffer.from(JSON.stringify(r), 'utf8');
      ROW_BYTES.set(r, bytes);
    }
    parts.push(bytes);
  });
  parts.push(Buffer.from(head.slice(at), 'utf8'));
  return Buffer.concat(parts);
}

export type PageEncoding = 'br' | 'gzip' | 'identity';

/**
 * The fastest levels: a page is compressed again after every new sequence (up to 4 a second, for every page clients
 * read), so compression time counts more than the last bytes. Brotli quality 1 takes about a third of quality 4's time
 * for about 13 % more bytes (a 100-row page of 186 KB: 22.9 KB against 20.3 KB); a 256 KB window is enough for pages
 * of similar rows. Gzip (clients without brotli) at level 1, for the same reason.
 */
const PAGE_BROTLI = (size: number) => ({
  [zlibConstants.BROTLI_PARAM_QUALITY]: 1,
  [zlibConstants.BROTLI_PARAM_LGWIN]: 18,
  [zlibConstants.BROTLI_PARAM_SIZE_HINT]: size,
});

/** The coding of a page: brotli when the client accepts it (smaller at the same cost), else gzip, else none. */
export function pageEncoding(accepts: (codings: string[]) => string | false): PageEncoding {
  if (accepts(['br']) === 'br') return 'br';
  return accepts(['gzip']) === 'gzip' ? 'gzip' : 'identity';
}

/**
 * Encoded pages by ETag and coding (ADR 0019): while the scan sequence holds still, every client asking for the same
 * page gets the same bytes, so a page is sorted, serialised and compressed once per seq, not once per request. The
 * page is taken (and serialised) at once; compression runs on libuv's thread pool, off the event loop (a 190 KB page
 * costs a few milliseconds of brotli, which held every other request and the scan's pushes), and requests for a page
 * being compressed wait for that one compression. Least recently used first out, bounded in bytes; a page over 1 MB
 * is not kept.
 */
export class EncodedPageCache {
  private readonly pages = new Map<string, Buffer>();
  private readonly pending = new Map<string, Promise<Buffer>>();
  private bytes = 0;

  constructor(private readonly maxBytes = 16 << 20) {}

  get(etag: string, encoding: PageEncoding, make: () => unknown): Promise<Buffer> {
    const key = `${encoding} ${etag}`;
    const hit = this.pages.get(key);
    if (hit) {
      this.pages.delete(key);
      this.pages.set(key, hit);
      return Promise.resolve(hit);
    }
    const inFlight = this.pending.get(key);
    if (inFlight) return inFlight;
    let json: Buffer;
    try {
      json = pageBody(make());
    } catch (e) {
      return Promise.reject(e);
    }
    const encoded =
      encoding === 'br'
        ? brotliAsync(json, { params: PAGE_BROTLI(json.length) })
        : encoding === 'gzip'
          ? gzipAsync(json, { level: 1 })
          : Promise.resolve(json);
    const done = encoded.then(
      (body) => {
        this.pending.delete(key);
        this.keep(key, body);
        return body;
      },
      (e: unknown) => {
        this.pending.delete(key);
        throw e;
      },
    );
    this.pending.set(key, done);
    return done;
  }

  private keep(key: string, body: Buffer): void {
    if (body.length > 1 << 20) return;
    this.pages.set(key, body);
    this.bytes += body.length;
    for (const [k, v] of this.pages) {
      if (this.bytes <= this.maxBytes) break;
      this.pages.delete(k);
      this.bytes -= v.length;
    }
  }
}
