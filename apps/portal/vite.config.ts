// The portal is served by crossbar under /portal/; it talks only to the public /v2 API on the same origin.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  base: '/portal/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: {
    // `pnpm --filter @tollgate/portal dev`: the API of a running `npm start` (TOLLGATE_API to change it).
    proxy: { '/v2': process.env.TOLLGATE_API ?? 'http://127.0.0.1:8000' },
  },
});
