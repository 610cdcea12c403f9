#!/usr/bin/env node
// The CLI is TypeScript run through tsx's loader, so `npx uatrust` works right after `npm install`
// with no build step (install scripts are off, see .npmrc).
import { register } from 'tsx/esm/api';

register();
await import('../electron/cli/index.ts');
