/** Injected by the esbuild define in scripts/build.mjs; tests see the package.json version via vitest's define. */
declare const __STAKPAK_VERSION__: string;
