import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The built app is served by `belfry serve --web-root web/dist` under a strict CSP
// (script-src 'self'; style-src 'self'): no inline scripts or styles may be emitted.
export default defineConfig({
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    // Keep CSS in files and never inline assets as data: URIs into scripts or styles.
    assetsInlineLimit: 0,
    cssCodeSplit: false,
    modulePreload: { polyfill: false },
    // The main chunk is React, react-aria and the four message catalogues (~520 kB, ~155 kB
    // gzipped); the publishing pages are split off with import().
    chunkSizeWarningLimit: 640,
  },
  server: {
    // `npm run dev` proxies the API to a locally running `belfry serve`.
    proxy: {
      '/api': process.env.BELFRY_API ?? 'http://127.0.0.1:8080',
      '/healthz': process.env.BELFRY_API ?? 'http://127.0.0.1:8080',
    },
  },
});
