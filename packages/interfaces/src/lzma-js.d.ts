/** LZMA-JS's worker file (the `lzma` package), used synchronously: no callback, results returned. */
declare module "lzma/src/lzma_worker.js" {
  interface LzmaJs {
    /** Signed bytes of a legacy `.lzma` stream; `mode` 1-9 is the preset. */
    compress(input: string | Uint8Array | readonly number[], mode: number): number[];
    /** The text (or bytes, when not UTF-8) of a `.lzma` stream. */
    decompress(input: Uint8Array | readonly number[]): string | number[];
  }
  const worker: { readonly LZMA: LzmaJs };
  export default worker;
}
