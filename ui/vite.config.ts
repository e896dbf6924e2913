import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The API serves the built app at "/"; in development, Vite proxies /api to a running Vigil.
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', sourcemap: false, chunkSizeWarningLimit: 1500 },
  server: { proxy: { '/api': process.env.VIGIL_URL ?? 'http://localhost:8080' } },
  test: { environment: 'jsdom', globals: true, include: ['src/**/*.test.{ts,tsx}'] },
});
