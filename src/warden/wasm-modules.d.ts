/** What esbuild's `binary` loader turns a `.wasm` import into (see scripts/build.mjs). */
declare module "*.wasm" {
  const bytes: Uint8Array;
  export default bytes;
}
