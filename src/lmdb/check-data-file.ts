/**
 * A look at an LMDB data file before LMDB maps it: the file's path in, a description of what is
 * wrong with it out (or `undefined`). LMDB trusts its file: opening one that is not a database, or
 * that was cut short, crashes the whole process (a segmentation fault or bus error, which no
 * `try` can catch), so the two meta pages are checked first.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** Every LMDB meta page holds this number. */
const MAGIC = 0xbeefc0de;
/** Offsets in a meta page, from its magic number: `MDB_meta` is laid out the same in every version. */
const PAGE_SIZE_AT = 0x18; // mm_dbs[FREE_DBI].md_pad holds the page size
const LAST_PAGE_AT = 0x78; // mm_last_pg
const TXN_AT = 0x80; // mm_txnid
/** Where the magic number sits: after a 16-byte page header (LMDB 0.9) or a 24-byte one (LMDB 1.x). */
const HEADER_SIZES = [24, 16] as const;
/** Bytes read from the start of each meta page. */
const META_BYTES = 0xa0;

interface Meta {
  readonly pageSize: number;
  readonly lastPage: bigint;
  readonly txn: bigint;
}

function readAt(fd: number, position: number): Buffer {
  const buffer = Buffer.alloc(META_BYTES);
  const read = readSync(fd, buffer, 0, META_BYTES, position);
  return buffer.subarray(0, read);
}

/** The meta page in `page`, or `undefined` when it holds none. */
function metaOf(page: Buffer): Meta | undefined {
  for (const header of HEADER_SIZES) {
    if (page.length < header + TXN_AT + 8 || page.readUInt32LE(header) !== MAGIC) continue;
    return {
      pageSize: page.readUInt32LE(header + PAGE_SIZE_AT),
      lastPage: page.readBigUInt64LE(header + LAST_PAGE_AT),
      txn: page.readBigUInt64LE(header + TXN_AT),
    };
  }
  return undefined;
}

const isPageSize = (size: number): boolean => size >= 512 && size <= 65_536 && (size & (size - 1)) === 0;

/**
 * What is wrong with the LMDB data file at `file`, or `undefined` when its meta pages look sound
 * (or it is empty, which LMDB initialises). Only the meta pages are read: damage deeper in the
 * file is not detected.
 * @throws the file system's error when the file cannot be opened or read.
 */
export function dataFileProblem(file: string): string | undefined {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size === 0) return undefined;
    const first = metaOf(readAt(fd, 0));
    if (first === undefined || !isPageSize(first.pageSize)) return 'it is not an LMDB data file';
    const second = size >= first.pageSize * 2 ? metaOf(readAt(fd, first.pageSize)) : undefined;
    if (second === undefined || second.pageSize !== first.pageSize) {
      return `its second meta page is missing or damaged (${size} bytes)`;
    }
    const newest = second.txn > first.txn ? second : first;
    const needed = (newest.lastPage + 1n) * BigInt(first.pageSize);
    if (BigInt(size) < needed) return `it was cut short: ${size} bytes of the ${needed} it needs`;
    return undefined;
  } finally {
    closeSync(fd);
  }
}
