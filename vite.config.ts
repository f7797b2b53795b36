import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  build: { rolldownOptions: { input: { main: 'index.html' } } },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Swarm and e2e tests run whole clusters for minutes of virtual time.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
