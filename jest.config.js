/** jest with the swc transform: transpile only, type checking is `npm run typecheck`. */
module.exports = {
  testEnvironment: "node",
  // jest defaults to cores - 1 workers: one on the 2-core project machine. Test files mostly wait on child
  // processes and sockets, so two workers finish the suite in little more than half the time.
  maxWorkers: 2,
  globalSetup: "<rootDir>/test/global-setup.ts",
  // Tests that start gateways, browsers or synths wait on other processes; a loaded 2-core machine is slow.
  testTimeout: 30_000,
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["@swc/jest", { jsc: { target: "es2022" } }],
    // jose 6 ships ESM only, which jest's CommonJS runtime cannot require on Node < 24.9: transpile it too.
    "^.+/node_modules/jose/.+\\.js$": ["@swc/jest", { jsc: { target: "es2022" } }],
  },
  transformIgnorePatterns: ["/node_modules/(?!jose/)"],
};
