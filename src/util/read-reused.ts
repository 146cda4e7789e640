import { closeSync, fstatSync, openSync, readSync } from "node:fs";

/**
 * Reads whole files into one buffer that is reused from call to call. A run that reads a thousand files of 30–70 KB
 * one after the other (to hash them, or its cached results) would otherwise allocate and free as many buffers
 * outside the JavaScript heap, and the C allocator keeps much of that memory from the process's resident set.
 * The bytes returned are valid until the next call: hash or decode them at once.
 */
export class ReusedReader {
  private buf = Buffer.allocUnsafe(256 * 1024);

  read(path: string): Buffer {
    const fd = openSync(path, "r");
    try {
      const size = fstatSync(fd).size;
      if (size > this.buf.length) this.buf = Buffer.allocUnsafe(Math.max(size, this.buf.length * 2));
      let off = 0;
      while (off < size) {
        const n = readSync(fd, this.buf, off, size - off, off);
        if (n === 0) break;
        off += n;
      }
      return this.buf.subarray(0, off);
    } finally {
      closeSync(fd);
    }
  }
}
