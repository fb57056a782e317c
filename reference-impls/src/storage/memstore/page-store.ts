/** Bytes of one page: the unit of thin allocation. */
export const PAGE_BYTES = 64 * 1024;
const PAGE = BigInt(PAGE_BYTES);

/**
 * The page holding a byte, and the byte's place in it. Offsets are bigints
 * (the contract addresses all of uint64); a page number is below 2^48 and so
 * exact as a JS number, which keys the page map.
 */
function locate(offset: bigint): { page: number; within: number } {
  return { page: Number(offset / PAGE), within: Number(offset % PAGE) };
}

/**
 * A volume's bytes in memory, thin: a page is allocated on its first write,
 * and pages never written read as zeros.
 */
export class PageStore {
  private readonly pages = new Map<number, Buffer>();

  get allocatedPages(): number {
    return this.pages.size;
  }

  /** How many pages a write at [offset, offset + length) would newly allocate. */
  newPages(offset: bigint, length: number): number {
    return this.pagesOf(offset, length).filter((page) => length > 0 && !this.pages.has(page)).length;
  }

  read(offset: bigint, length: number): Buffer {
    const out = Buffer.alloc(length);
    this.each(offset, length, (page, within, done, n) => this.pages.get(page)?.copy(out, done, within, within + n));
    return out;
  }

  write(offset: bigint, data: Buffer): void {
    this.each(offset, data.length, (page, within, done, n) => {
      let bytes = this.pages.get(page);
      if (!bytes) {
        bytes = Buffer.alloc(PAGE_BYTES);
        this.pages.set(page, bytes);
      }
      data.copy(bytes, within, done, done + n);
    });
  }

  /** The distinct pages [offset, offset + length) touches, for striping across spindles. */
  pagesOf(offset: bigint, length: number): number[] {
    const first = locate(offset).page;
    const last = locate(offset + BigInt(Math.max(length, 1)) - 1n).page;
    return Array.from({ length: last - first + 1 }, (_, i) => first + i);
  }

  /** Visits [offset, offset + length) page by page: the page, where in it, how far along, how many bytes. */
  private each(offset: bigint, length: number, visit: (page: number, within: number, done: number, n: number) => void): void {
    let { page, within } = locate(offset);
    for (let done = 0; done < length; page += 1, within = 0) {
      const n = Math.min(PAGE_BYTES - within, length - done);
      visit(page, within, done, n);
      done += n;
    }
  }
}
