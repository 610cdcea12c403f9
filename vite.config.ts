import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { contentSecurityPolicy } from './electron/security/csp';

const here = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

/** The app's CSP (one definition, shared with the hosts), as a meta tag: frame-ancestors only works as a header. */
const CSP = contentSecurityPolicy()
  .split(';')
  .map((d) => d.trim())
  .filter((d) => !d.startsWith('frame-ancestors'))
  .join('; ');

function cspMetaTag(): Plugin {
  return {
    name: 'uatrust-csp',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP }, injectTo: 'head' }],
  };
}

// The renderer is a static bundle: Electron loads it from disk, browser mode serves it from dist/renderer.
export default defineConfig({
  root: here('./renderer'),
  base: './',
  plugins: [react(), cspMetaTag()],
  build: {
    outDir: here('./dist/renderer'),
    emptyOutDir: true,
    target: 'es2023',
    chunkSizeWarningLimit: 1500,
  },
});
