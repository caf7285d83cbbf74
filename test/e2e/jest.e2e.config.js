/** The browser suite: Debian's Chromium, driven by playwright-core, against the built preview page (dist/). */
module.exports = {
  rootDir: '../..',
  testEnvironment: 'node',
  roots: ['<rootDir>/test/e2e'],
  testMatch: ['**/*.e2e.ts'],
  transform: { '^.+\\.tsx?$': ['ts-jest', {}] },
  testTimeout: 120_000,
};
