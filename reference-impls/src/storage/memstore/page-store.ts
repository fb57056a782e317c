/** Bytes of one page: the unit of thin allocation. */
export const PAGE_BYTES = 64 * 1024;

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
  newPages(offset: number, length: number): number {
    let count = 0;
    for (let page = Math.floor(offset / PAGE_BYTES); page * PAGE_BYTES < offset + length; page++) {
      if (!this.pages.has(page)) count += 1;
    }
    return count;
  }

  read(offset: number, length: number): Buffer {
    const out = Buffer.alloc(length);
    for (let done = 0; done < length;) {
      const position = offset + done;
      const page = Math.floor(position / PAGE_BYTES);
      const within = position % PAGE_BYTES;
      const n = Math.min(PAGE_BYTES - within, length - done);
      this.pages.get(page)?.copy(out, done, within, within + n);
      done += n;
    }
    return out;
  }

  write(offset: number, data: Buffer): void {
    for (let done = 0; done < data.length;) {
      const position = offset + done;
      const page = Math.floor(position / PAGE_BYTES);
      const within = position % PAGE_BYTES;
      const n = Math.min(PAGE_BYTES - within, data.length - done);
      let bytes = this.pages.get(page);
      if (!bytes) {
        bytes = Buffer.alloc(PAGE_BYTES);
        this.pages.set(page, bytes);
      }
      data.copy(bytes, within, done, done + n);
      done += n;
    }
  }

  /** The distinct pages [offset, offset + length) touches, for striping across spindles. */
  pagesOf(offset: number, length: number): number[] {
    const first = Math.floor(offset / PAGE_BYTES);
    const last = Math.floor((offset + Math.max(length, 1) - 1) / PAGE_BYTES);
    return Array.from({ length: last - first + 1 }, (_, i) => first + i);
  }
}
